'use strict';
// The Node.js binding against real channels: the product sheet's calls, another process
// publishing (order and content of every message), zero-copy views detached on reuse,
// waiting off the event loop, async iteration, queue mode and errors.
const test = require('node:test');
const assert = require('node:assert');
const { spawn } = require('node:child_process');
const path = require('node:path');
const dmxp = require('..');
const { testDomain } = require('./domain.js');
const { payload } = require('./payload.js');

function withDomain(fn) {
  return async () => {
    const d = testDomain();
    try {
      await fn(d.name);
    } finally {
      d.remove();
    }
  };
}

test('createProducer / send / createConsumer / receive on a numeric channel', withDomain((domain) => {
  const prod = dmxp.createProducer({ channelId: 100, domain });
  const key = prod.send(Buffer.from('Hello from Node'));
  const cons = dmxp.createConsumer({ channelId: 100, domain });
  const msg = cons.receive();
  assert.strictEqual(msg.data.toString(), 'Hello from Node');
  assert.strictEqual(msg.key, key);
  assert.strictEqual(msg.producerPid, process.pid);
  assert.strictEqual(cons.receive(), null);
  cons.close();
  prod.close();
}));

test('every message from another process arrives once, in order, intact', withDomain(async (domain) => {
  const count = 3000;
  const cons = dmxp.createConsumer({ domain, channel: 'order', capacity: 64 });
  const child = spawn(process.execPath, [path.join(__dirname, 'produce_child.js'), domain, 'order', String(count)],
    { stdio: 'inherit' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  let last = 0n;
  for (let i = 0; i < count; i++) {
    const m = await cons.receiveAsync(10000);
    assert.ok(m, `message ${i} did not come`);
    assert.ok(m.data.equals(payload(i)), `message ${i} differs`);
    assert.ok(m.key > last);
    last = m.key;
  }
  assert.strictEqual(await exited, 0);
  assert.strictEqual(cons.receive(), null);
  cons.close();
}));

test('a view is detached by the next receive instead of showing reused bytes', withDomain((domain) => {
  const prod = dmxp.createProducer({ domain, channel: 'views' });
  prod.send(Buffer.from('first'));
  prod.send(Buffer.from('second'));
  const cons = dmxp.createConsumer({ domain, channel: 'views' });
  const first = cons.receive();
  assert.strictEqual(first.data.toString(), 'first');
  const kept = Buffer.from(first.data); // a copy survives
  const second = cons.receive();
  assert.strictEqual(first.data.length, 0);
  assert.strictEqual(kept.toString(), 'first');
  assert.strictEqual(second.data.toString(), 'second');
  assert.strictEqual(cons.release(), true);
  assert.strictEqual(second.data.length, 0);
  cons.close();
  prod.close();
}));

test('receiveInto copies in order, and a message too large for the target stays next', withDomain(async (domain) => {
  const prod = dmxp.createProducer({ channelId: 100, domain });
  const cons = dmxp.createConsumer({ channelId: 100, domain });
  const target = Buffer.alloc(8);
  assert.strictEqual(cons.receiveInto(target), null);
  prod.send(Buffer.from('abc'));
  prod.send(Buffer.from('longer than eight'));
  prod.send(Buffer.from('xyz'));
  assert.strictEqual(cons.receiveInto(target), 3);
  assert.strictEqual(target.subarray(0, 3).toString(), 'abc');
  assert.throws(() => cons.receiveInto(target), (e) => e.code === 'DMXP_ERR_INVALID_ARGUMENT' &&
    e.message.includes('a message of 17 bytes does not fit a target of 8 bytes; it stays next'));
  assert.strictEqual(cons.receive().data.toString(), 'longer than eight');
  assert.strictEqual(cons.receiveInto(target), 3);
  assert.strictEqual(target.subarray(0, 3).toString(), 'xyz');
  prod.send(Buffer.from('longer than eight'));
  assert.throws(() => cons.receiveInto(target));
  assert.strictEqual((await cons.receiveAsync(1000)).data.toString(), 'longer than eight');
  assert.throws(() => cons.receiveInto('not a buffer'), (e) => e.code === 'DMXP_ERR_INVALID_ARGUMENT');
  cons.close();
  prod.close();
}));

test('receiveAsync waits without blocking the event loop, and times out with null', withDomain(async (domain) => {
  const cons = dmxp.createConsumer({ domain, channel: 'async' });
  const prod = dmxp.createProducer({ domain, channel: 'async' });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const pending = cons.receiveAsync(5000);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(ticks >= 5, `the event loop ran ${ticks} timer ticks while receiveAsync waited`);
  assert.throws(() => cons.receive(), { code: 'DMXP_ERR_BUSY' });
  prod.send(Buffer.from('late'));
  assert.strictEqual((await pending).data.toString(), 'late');
  clearInterval(timer);
  assert.strictEqual(await cons.receiveAsync(30), null);
  cons.close();
  prod.close();
}));

test('async iteration ends when the consumer is closed', withDomain(async (domain) => {
  const cons = dmxp.createConsumer({ domain, channel: 'iter' });
  const prod = dmxp.createProducer({ domain, channel: 'iter' });
  for (let i = 0; i < 5; i++) prod.send(payload(i));
  const got = [];
  for await (const m of cons) {
    got.push(Buffer.from(m.data));
    if (got.length === 5) setTimeout(() => cons.close(), 20); // closes while the next wait is pending
  }
  assert.deepStrictEqual(got, [0, 1, 2, 3, 4].map(payload));
  prod.close();
}));

test('queue mode: each message goes to exactly one of several consumers', withDomain((domain) => {
  const opts = { domain, channel: 'queue', mode: 'queue', capacity: 1024 };
  const prod = dmxp.createProducer(opts);
  const consumers = [0, 1, 2].map(() => dmxp.createConsumer(opts));
  for (let i = 0; i < 900; i++) prod.send(Buffer.from(Uint32Array.of(i).buffer));
  const seen = new Map();
  let turn = 0;
  for (let idle = 0; idle < consumers.length; turn++) {
    const m = consumers[turn % 3].receive();
    if (!m) { idle++; continue; }
    idle = 0;
    const i = m.data.readUInt32LE(0);
    assert.ok(!seen.has(i), `message ${i} delivered twice`);
    seen.set(i, turn % 3);
  }
  assert.strictEqual(seen.size, 900);
  consumers.forEach((c) => c.close());
  prod.close();
}));

test('errors carry a code, the status and the core message', withDomain((domain) => {
  assert.throws(() => dmxp.createConsumer({ domain, channel: 'missing', mustExist: true }),
    (e) => e.name === 'DmxpError' && e.code === 'DMXP_ERR_NOT_FOUND' && e.status === -2 && /missing/.test(e.message));
  assert.throws(() => dmxp.createProducer({ domain, channel: '../x' }), { code: 'DMXP_ERR_INVALID_ARGUMENT' });
  assert.throws(() => dmxp.createProducer({ domain }),
    { code: 'DMXP_ERR_INVALID_ARGUMENT', message: 'option channelId or channel must be given' });
  assert.throws(() => dmxp.createProducer({ domain, channel: 'x', mode: 'fanout' }),
    { message: "option mode must be 'broadcast' or 'queue'" });
  const prod = dmxp.createProducer({ domain, channel: 'small', slotSize: 64 });
  assert.strictEqual(prod.maxMessageSize, 64);
  assert.throws(() => prod.send(Buffer.alloc(65)), { code: 'DMXP_ERR_TOO_LARGE', status: -9 });
  assert.throws(() => prod.send('text'), { message: 'send takes a Buffer or Uint8Array' });
  prod.close();
  assert.throws(() => prod.send(Buffer.alloc(1)), { message: 'the producer is closed' });
}));
