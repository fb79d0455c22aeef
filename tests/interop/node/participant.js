'use strict';
// The Node.js participant of the interop matrix (tests/interop/matrix.py has the contract):
// JointState through the accessors dmxp-msgc --lang typescript generated (in
// $DMXP_INTEROP_GENERATED/ts), raw bytes on a numeric channel.
const path = require('path');
const dmxp = require('../../../bindings/node');

const { JointState } = require(path.join(process.env.DMXP_INTEROP_GENERATED, 'ts/sensor_msgs/msg/JointState.js'));

const FNV_START = 14695981039346656037n;
const MASK = (1n << 64n) - 1n;
const WAIT_MS = 10000;

function fnv(h, bytes) {
  for (const b of bytes) h = ((h ^ BigInt(b)) * 1099511628211n) & MASK;
  return h;
}

function die(what) {
  process.stderr.write(`node participant: ${what}\n`);
  process.exit(1);
}

function fill(m, i, s) {
  const k = ((i + s) % 4) + 1;
  m.header.stamp.sec = i;
  m.header.stamp.nanosec = s;
  m.header.frame_id.set(`frame-${i}`);
  const idx = [...Array(k).keys()];
  m.name.set(idx.map((j) => `joint-${j}-${i}`));
  m.position.set(idx.map((j) => i + j * 0.25));
  m.velocity.set(idx.map((j) => -(i + j * 0.5)));
  m.effort.set(i % 2 === 0 ? idx.map((j) => j * 1.5) : []);
}

function raw(i, s) {
  const n = ((i * 13 + s) % 120) + 1;
  const p = Buffer.alloc(n);
  for (let j = 0; j < n; j++) p[j] = (i * 31 + j * 7 + s) & 0xff;
  const out = Buffer.alloc(8 + n);
  out.writeBigUInt64LE(fnv(FNV_START, p));
  p.copy(out, 8);
  return out;
}

function parse() {
  const a = { mode: process.argv[2], domain: '', channel: '', rawId: 0, count: 0, seed: 0, consumers: 0 };
  const keys = { '--domain': 'domain', '--channel': 'channel', '--raw-id': 'rawId', '--count': 'count',
    '--seed': 'seed', '--consumers': 'consumers' };
  for (let i = 3; i < process.argv.length; i += 2) {
    const key = keys[process.argv[i]];
    if (!key) die(`unknown option ${process.argv[i]}`);
    a[key] = key === 'domain' || key === 'channel' ? process.argv[i + 1] : Number(process.argv[i + 1]);
  }
  return a;
}

const typedOptions = (a) => ({ ...dmxp.typedOptions(JointState), domain: a.domain, channel: a.channel,
  slotSize: 8192, capacity: 16 });
const queueOptions = (a) => ({ domain: a.domain, channel: a.channel, mode: 'queue', capacity: 256 });

function produce(a) {
  const typed = dmxp.createProducer(typedOptions(a));
  const rawp = dmxp.createProducer({ domain: a.domain, channelId: a.rawId });
  let sum = FNV_START;
  for (let i = 0; i < a.count; i++) {
    const m = JointState.zeros();
    fill(m, i, a.seed);
    const bytes = new Uint8Array(m.view.buffer);
    sum = fnv(sum, bytes);
    typed.send(bytes);
  }
  for (let i = 0; i < a.count; i++) {
    const b = raw(i, a.seed);
    sum = fnv(sum, b);
    rawp.send(b);
  }
  console.log(`sum ${sum.toString(16).padStart(16, '0')}`);
}

function same(x, y) { return JSON.stringify(x) === JSON.stringify(y); }

function checkFields(got, want, i) {
  const fields = {
    'header.stamp': (m) => [m.header.stamp.sec, m.header.stamp.nanosec],
    'header.frame_id': (m) => m.header.frame_id.toString(),
    name: (m) => m.name.toArray().map(String),
    position: (m) => m.position.toArray(),
    velocity: (m) => m.velocity.toArray(),
    effort: (m) => m.effort.toArray(),
  };
  for (const [name, read] of Object.entries(fields)) {
    if (!same(read(got), read(want))) die(`typed message ${i}: ${name} differs`);
  }
}

async function consume(a) {
  const typed = dmxp.createConsumer(typedOptions(a));
  const rawc = dmxp.createConsumer({ domain: a.domain, channelId: a.rawId });
  console.log('ready');
  let sum = FNV_START;
  for (let i = 0; i < a.count; i++) {
    const msg = await typed.receiveAsync(WAIT_MS);
    if (!msg) die(`typed message ${i} did not come`);
    if (msg.data.length !== JointState.SIZE) die(`typed message ${i}: ${msg.data.length} bytes`);
    const want = JointState.zeros();
    fill(want, i, a.seed);
    checkFields(new JointState(msg.data), want, i);
    sum = fnv(sum, msg.data);
  }
  for (let i = 0; i < a.count; i++) {
    const msg = await rawc.receiveAsync(WAIT_MS);
    if (!msg) die(`raw message ${i} did not come`);
    const d = msg.data;
    if (!d.equals(raw(i, a.seed)) || d.readBigUInt64LE(0) !== fnv(FNV_START, d.subarray(8))) {
      die(`raw message ${i}: wrong size, bytes or checksum`);
    }
    sum = fnv(sum, d);
  }
  console.log(`sum ${sum.toString(16).padStart(16, '0')}`);
  typed.close();
  rawc.close();
}

function queueProduce(a) {
  const p = dmxp.createProducer(queueOptions(a));
  for (let i = 0; i < a.count; i++) p.send(Buffer.from(Uint32Array.of(i).buffer));
  for (let k = 0; k < a.consumers; k++) p.send(Buffer.alloc(0));
}

async function queueConsume(a) {
  const c = dmxp.createConsumer(queueOptions(a));
  console.log('ready');
  const took = [];
  for (;;) {
    const m = await c.receiveAsync(WAIT_MS);
    if (!m) die('no end marker came');
    if (m.data.length === 0) break;
    took.push(m.data.readUInt32LE(0));
  }
  console.log(`took ${took.length} ${took.join(',')}`);
  c.close();
}

// bench/lang: busy-polls count 64-byte messages (sequence, CLOCK_MONOTONIC at send, which is
// the clock of process.hrtime).
function bench(a) {
  const c = dmxp.createConsumer({ domain: a.domain, channel: a.channel, capacity: 4096, slotSize: 64 });
  console.log('ready');
  const lat = new Float64Array(a.count);
  let first = 0n;
  let last = 0n;
  const buf = Buffer.alloc(64);
  for (let i = 0; i < a.count;) {
    if (c.receiveInto(buf) === null) continue;  // the small-message fast path: one copy
    last = process.hrtime.bigint();
    lat[i] = Number(last - buf.readBigUInt64LE(8));
    if (i++ === 0) first = last;
  }
  lat.sort();
  console.log(`bench ${a.count} ${last - first} ${lat[a.count >> 1]} ${lat[Math.floor((a.count * 99) / 100)]}`);
  c.close();
}

const modes = { produce, consume, 'queue-produce': queueProduce, 'queue-consume': queueConsume, bench };
const args = parse();
if (!modes[args.mode]) die(`unknown mode ${args.mode}`);
Promise.resolve(modes[args.mode](args)).catch((e) => die(`${e.code || ''} ${e.message}`));
