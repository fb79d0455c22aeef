'use strict';
// DMXP for Node.js: shared-memory channels over the C ABI (dmxp.h), through a N-API addon.
//
//   const dmxp = require('dmxp');
//   const prod = dmxp.createProducer({ channelId: 100 });
//   prod.send(Buffer.from('Hello from Node'));
//   const cons = dmxp.createConsumer({ channelId: 100 });
//   const msg = cons.receive();                 // a view of the slot, or null if none yet
//   for await (const m of cons) { ... }         // waits off the event loop
//
// The addon is found at $DMXP_NODE_ADDON, else build/dmxp.node beside this file.
const path = require('path');

const native = require(process.env.DMXP_NODE_ADDON || path.join(__dirname, 'build', 'dmxp.node'));

/** Milliseconds (undefined: wait without limit) as the C ABI's nanoseconds (-1 = forever). */
function toNs(timeoutMs) {
  return timeoutMs === undefined || timeoutMs === Infinity ? -1 : Math.max(0, Math.round(timeoutMs * 1e6));
}

/** A received message. `data` is a Buffer over the slot in shared memory (no copy): it is
 *  valid until the next receive, release or close on its consumer, which detach it (it then
 *  reads as empty). Copy it (Buffer.from(msg.data)) to keep the bytes. */
function wrapMessage(m) {
  if (m === null) return null;
  m.data = Buffer.from(m.data.buffer, m.data.byteOffset, m.data.length);
  return m;
}

class Producer {
  constructor(options) { this.handle = native.producerOpen(options); }
  /** Copies data (Buffer/Uint8Array) into a slot and publishes it; returns its key (bigint). */
  send(data) { return native.producerSend(this.handle, data); }
  /** The largest message the channel takes (its slot size). */
  get maxMessageSize() { return native.producerMaxMessageSize(this.handle); }
  close() { native.producerClose(this.handle); }
}

class Consumer {
  constructor(options) { this.handle = native.consumerOpen(options); this.closed = false; }
  /** The next message, waiting up to timeoutMs (default 0: only if one is there); null when
   *  none came. Blocks the calling thread while it waits: prefer receiveAsync to wait. */
  receive(timeoutMs = 0) { return wrapMessage(native.consumerReceive(this.handle, toNs(timeoutMs))); }
  /** Copies the next message into target (a Buffer) and returns its size, or null when none
   *  came within timeoutMs (default 0). No object per message: the fast path for small
   *  messages. A message larger than target is not lost: it throws (DMXP_ERR_INVALID_ARGUMENT)
   *  and stays next for receive()/receiveInto(). */
  receiveInto(target, timeoutMs = 0) { return native.consumerReceiveInto(this.handle, target, toNs(timeoutMs)); }
  /** Resolves with the next message (null after timeoutMs), waiting on a worker thread. */
  async receiveAsync(timeoutMs) {
    return wrapMessage(await native.consumerReceiveAsync(this.handle, toNs(timeoutMs)));
  }
  /** Ends the current view; false when a keep-last producer overwrote it while held. */
  release() { return native.consumerRelease(this.handle); }
  /** Messages skipped because a keep-last producer overwrote them. */
  get lost() { return native.consumerLost(this.handle); }
  /** Detaches; a pending receiveAsync rejects with DMXP_ERR_INTERRUPTED. */
  close() { this.closed = true; native.consumerClose(this.handle); }
  /** Messages as they come, until the consumer is closed. */
  async *[Symbol.asyncIterator]() {
    while (!this.closed) {
      let m;
      try {
        m = await this.receiveAsync();
      } catch (e) {
        if (this.closed && e.code === 'DMXP_ERR_INTERRUPTED') return;
        throw e;
      }
      yield m;
    }
  }
}

/** A producer on options.channelId (number) or options.channel (name); see index.d.ts. */
function createProducer(options) { return new Producer(options); }
/** A consumer on options.channelId or options.channel; see index.d.ts. */
function createConsumer(options) { return new Consumer(options); }

/** Channel options for a generated message class T (dmxp-msgc --lang typescript). */
function typedOptions(T) {
  return { typeName: T.TYPE_NAME, typeFingerprint: T.FINGERPRINT, typeDescriptor: Buffer.from(T.DESCRIPTOR),
           slotSize: T.SIZE };
}

module.exports = { createProducer, createConsumer, typedOptions, Producer, Consumer };
