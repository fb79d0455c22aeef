// The client side of bench/foxglove/run.py: N clients on @foxglove/ws-protocol (the library
// Foxglove's app uses), each subscribed to /bench/odom, timing every message from its
// publish (the frame's receive time: the publisher's commit stamp, CLOCK_REALTIME) to its
// arrival in the client's message handler. Prints "ready" once every client received, then
// on SIGINT one JSON line {"clients", "n", "p50_us", "p90_us", "p99_us", "max_us"}.
//
//   NODE_PATH=build/node-env/node_modules node bench/foxglove/client.js <port> <clients>
"use strict";

const WebSocket = require("ws");
const { FoxgloveClient } = require("@foxglove/ws-protocol");

const [port, count] = [Number(process.argv[2]), Number(process.argv[3] || 1)];
const samples = [];
const receiving = new Set();
// Wall-clock now in ns, with performance.now()'s sub-millisecond resolution.
const nowNs = () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e3)) * 1000n;

for (let i = 0; i < count; ++i) {
  const client = new FoxgloveClient({ ws: new WebSocket(`ws://127.0.0.1:${port}`, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]) });
  let subscribed = false;
  client.on("advertise", (channels) => {
    const c = channels.find((x) => x.topic === "/bench/odom");
    if (c && !subscribed) {
      subscribed = true;
      client.subscribe(c.id);
    }
  });
  client.on("message", (m) => {
    samples.push(Number(nowNs() - m.timestamp) / 1e3);
    if (!receiving.has(i)) {
      receiving.add(i);
      if (receiving.size === count) console.log("ready");
    }
  });
  client.on("error", (e) => console.error("client", i, e.message));
}

process.on("SIGINT", () => {
  samples.sort((a, b) => a - b);
  const pct = (q) => (samples.length ? samples[Math.floor(q * (samples.length - 1))] : 0);
  console.log(JSON.stringify({ clients: count, n: samples.length, p50_us: pct(0.5), p90_us: pct(0.9),
                               p99_us: pct(0.99), max_us: samples[samples.length - 1] || 0 }));
  process.exit(0);
});
