// Helpers of the Foxglove tests: the robot graph with dmxp-foxglove under dmxp-launch in a
// domain of its own, clients on Foxglove's own library (@foxglove/ws-protocol over ws), and
// decoding with @foxglove/rosmsg + @foxglove/rosmsg2-serialization: the code Foxglove's app
// runs, so what decodes here decodes there.
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const http = require("node:http");
const net = require("node:net");
const path = require("node:path");

const WebSocket = require("ws");
const { FoxgloveClient } = require("@foxglove/ws-protocol");
const { parse: parseMessageDefinition } = require("@foxglove/rosmsg");
const { MessageReader } = require("@foxglove/rosmsg2-serialization");

const BIN = process.env.DMXP_BIN_DIR;
if (!BIN) throw new Error("DMXP_BIN_DIR is not set: run these tests through ctest (ctest -L foxglove)");
const PREFIX = process.env.DMXP_TEST_DOMAIN_PREFIX || "t";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, timeoutMs = 15000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpGet(port, target) {
  return new Promise((resolve, reject) => {
    http.get({ host: "127.0.0.1", port, path: target }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

async function getJson(port, target) {
  const r = await httpGet(port, target);
  return { status: r.status, json: JSON.parse(r.body.toString("utf8")) };
}

// A graph under dmxp-launch in a fresh domain; stop() interrupts it and removes the domain's
// segments.
class Graph {
  constructor(file, args) {
    this.domain = `${PREFIX}fox${process.pid}_${Graph.count++}`;
    this.env = { ...process.env, DMXP_DOMAIN: this.domain };
    this.output = "";
    this.proc = spawn(path.join(BIN, "dmxp-launch"), [file, ...args], { env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    this.exited = new Promise((resolve) => this.proc.on("exit", (code, signal) => resolve({ code, signal })));
    for (const s of [this.proc.stdout, this.proc.stderr]) s.on("data", (d) => { this.output += d.toString(); });
  }

  run(program, args) {  // another process in the graph's domain
    const p = spawn(path.join(BIN, program), args, { env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    p.output = "";
    for (const s of [p.stdout, p.stderr]) s.on("data", (d) => { p.output += d.toString(); });
    p.exited = new Promise((resolve) => p.on("exit", (code, signal) => resolve({ code, signal })));
    return p;
  }

  async stop() {
    this.proc.kill("SIGINT");
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), 15000);
    const how = await this.exited;
    clearTimeout(timer);
    for (const f of fs.readdirSync("/dev/shm"))
      if (f.startsWith(`dmxp.${this.domain}.`)) fs.unlinkSync(path.join("/dev/shm", f));
    return how;
  }
}
Graph.count = 0;

// A client on @foxglove/ws-protocol. Collects what the server says: serverInfo, channels
// (advertised, minus unadvertised), status messages, parameter values, messages per
// subscription.
class Client {
  constructor(port, protocols = [FoxgloveClient.SUPPORTED_SUBPROTOCOL]) {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}`, protocols);
    this.client = new FoxgloveClient({ ws: this.ws });
    this.channels = new Map();
    this.advertised = [];
    this.unadvertised = [];
    this.statuses = [];
    this.parameterValues = [];
    this.messages = new Map();  // subscription id -> [{timestamp, data, receivedNs}]
    this.events = [];           // op names in arrival order
    this.client.on("serverInfo", (i) => { this.serverInfo = i; this.events.push("serverInfo"); });
    this.client.on("advertise", (chs) => {
      this.events.push("advertise");
      for (const c of chs) { this.channels.set(c.id, c); this.advertised.push(c); }
    });
    this.client.on("unadvertise", (ids) => {
      this.events.push("unadvertise");
      for (const id of ids) { this.channels.delete(id); this.unadvertised.push(id); }
    });
    this.client.on("status", (s) => this.statuses.push(s));
    this.client.on("parameterValues", (p) => this.parameterValues.push(p));
    this.client.on("message", (m) => {
      const list = this.messages.get(m.subscriptionId) || [];
      list.push({ timestamp: m.timestamp, data: new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength).slice(),
                  receivedNs: process.hrtime.bigint() });
      if (list.length > 50) list.shift();
      this.messages.set(m.subscriptionId, list);
    });
    this.client.on("error", () => {});
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", resolve);
      this.ws.once("error", reject);
    });
  }

  channel(topic) {
    for (const c of this.channels.values()) if (c.topic === topic) return c;
    return undefined;
  }

  async subscribeTopic(topic) {
    const c = await waitFor(`channel ${topic} advertised`, () => this.channel(topic));
    return { channel: c, id: this.client.subscribe(c.id) };
  }

  // The next message of a subscription, decoded with the channel's own schema.
  async nextDecoded(sub, timeoutMs = 15000) {
    const start = (this.messages.get(sub.id) || []).length;
    const m = await waitFor(`a message on ${sub.channel.topic}`, () => {
      const list = this.messages.get(sub.id) || [];
      return list.length > start ? list[list.length - 1] : undefined;
    }, timeoutMs, 20);
    return { ...m, value: decode(sub.channel, m.data) };
  }

  close() { this.ws.terminate(); }
}

function decode(channel, bytes) {
  const reader = new MessageReader(parseMessageDefinition(channel.schema, { ros2: true }));
  return reader.readMessage(bytes);
}

// Resident memory of a process, in bytes.
function rssOf(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m[1]) * 1024;
}

module.exports = { Graph, Client, decode, freePort, getJson, httpGet, rssOf, sleep, waitFor, BIN, WebSocket, FoxgloveClient };
