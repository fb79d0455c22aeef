// dmxp-foxglove against Foxglove's own client library, on the running robot graph
// (examples/robot under dmxp-launch, dmxp-foxglove as a node entry of the same launch):
// decoded Odometry, LaserScan and Image values; both subprotocols; topics advertised and
// withdrawn as publishers come and go; a client that stops reading neither grows the
// server's memory nor goes uncounted; parameters get and set; bad input answered with status
// errors on a connection that keeps working.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { describe, it, before, after } = require("node:test");

const h = require("./harness");

const ROOT = path.resolve(__dirname, "../..");
const STATUS_ERROR = 2;

describe("dmxp-foxglove on the robot graph", () => {
  let graph, port, foxPid;

  before(async () => {
    port = await h.freePort();
    graph = new h.Graph(path.join(__dirname, "robot_with_foxglove.yaml"), [`port:=${port}`]);
    // Ready when the server answers and the sensors publish.
    const state = await h.waitFor("dmxp-foxglove serving the robot's topics", async () => {
      const s = (await h.getJson(port, "/api/state")).json;
      const rate = (t) => (s.topics.find((x) => x.topic === t) || {}).rate_hz || 0;
      return rate("/robot/odom") > 0 && rate("/robot/image") > 0 && rate("/robot/scan") > 0 ? s : undefined;
    }, 30000, 250).catch((e) => { throw new Error(e.message + "\nlaunch output:\n" + graph.output); });
    foxPid = state.nodes.find((n) => n.name === "/foxglove").pid;
  });

  let stopped = false;
  after(async () => {
    if (graph && !stopped) await graph.stop();
  });

  it("says serverInfo first, then advertises every typed topic as cdr with its ros2msg schema", async () => {
    const c = new h.Client(port);
    await c.opened;
    await h.waitFor("advertise", () => c.channel("/robot/image"));
    assert.equal(c.ws.protocol, "foxglove.websocket.v1");
    assert.equal(c.events[0], "serverInfo");
    assert.deepEqual(c.serverInfo.capabilities, ["parameters"]);
    const odom = c.channel("/robot/odom");
    assert.equal(odom.encoding, "cdr");
    assert.equal(odom.schemaName, "nav_msgs/msg/Odometry");
    assert.equal(odom.schemaEncoding, "ros2msg");
    assert.match(odom.schema, /^std_msgs\/Header header\nstring child_frame_id\n/);
    assert.match(odom.schema, /\n={80}\nMSG: geometry_msgs\/PoseWithCovariance\n/);
    for (const [topic, type] of [["/robot/scan", "sensor_msgs/msg/LaserScan"], ["/robot/image", "sensor_msgs/msg/Image"],
                                 ["/robot/cmd_vel", "geometry_msgs/msg/Twist"], ["/robot/path", "nav_msgs/msg/Path"]])
      assert.equal(c.channel(topic).schemaName, type, topic);
    // Channel ids are unique.
    assert.equal(new Set(c.advertised.map((x) => x.id)).size, c.advertised.length);
    c.close();
  });

  it("delivers Odometry, LaserScan and Image that Foxglove's decoder reads with the right values", async () => {
    const c = new h.Client(port);
    await c.opened;
    const odom = await c.subscribeTopic("/robot/odom");
    const scan = await c.subscribeTopic("/robot/scan");
    const image = await c.subscribeTopic("/robot/image");

    const o = await c.nextDecoded(odom);
    assert.equal(o.value.header.frame_id, "odom");
    assert.equal(o.value.child_frame_id, "base_link");
    assert.equal(o.value.pose.covariance.length, 36);
    assert.equal(o.value.twist.covariance.length, 36);
    const q = o.value.pose.pose.orientation;
    assert.ok(Math.abs(q.x * q.x + q.y * q.y + q.z * q.z + q.w * q.w - 1) < 1e-6, "a unit quaternion");
    // The frame's receive time is the publisher's commit stamp: the header stamp of the same
    // message, within a second.
    const stampNs = BigInt(o.value.header.stamp.sec) * 1000000000n + BigInt(o.value.header.stamp.nanosec);
    const skew = o.timestamp > stampNs ? o.timestamp - stampNs : stampNs - o.timestamp;
    assert.ok(skew < 1000000000n, `stamp ${stampNs} vs receive time ${o.timestamp}`);

    const s = await c.nextDecoded(scan);
    assert.equal(s.value.header.frame_id, "laser");
    assert.equal(s.value.ranges.length, 720);  // rays: 720 in examples/robot/sensors.yaml
    assert.ok(s.value.ranges instanceof Float32Array);
    assert.ok(Math.abs(s.value.angle_min + Math.PI) < 1e-6);
    assert.ok(Math.abs(s.value.angle_increment - (2 * Math.PI) / 720) < 1e-6);
    assert.ok(s.value.ranges.every((r) => r > 0 && r <= s.value.range_max), "every ray hits the room");

    const i = await c.nextDecoded(image);
    assert.equal(i.value.header.frame_id, "camera");
    assert.equal(i.value.width, 1920);
    assert.equal(i.value.height, 1080);
    assert.equal(i.value.encoding, "rgb8");
    assert.equal(i.value.step, 1920 * 3);
    assert.equal(i.value.data.length, 1920 * 3 * 1080);
    c.close();
  });

  it("answers foxglove.sdk.v1 and foxglove.websocket.v1 with the one offered, and refuses others", async () => {
    for (const offered of [["foxglove.sdk.v1"], ["foxglove.websocket.v1"], ["x.other", "foxglove.sdk.v1"]]) {
      const c = new h.Client(port, offered);
      await c.opened;
      await h.waitFor("serverInfo", () => c.serverInfo);
      assert.equal(c.ws.protocol, offered[offered.length - 1], offered.join());
      c.close();
    }
    const ws = new h.WebSocket(`ws://127.0.0.1:${port}`, ["x.other"]);
    const status = await new Promise((resolve) => {
      ws.on("unexpected-response", (req, res) => {
        let body = "";
        res.on("data", (d) => { body += d; });
        res.on("end", () => resolve({ code: res.statusCode, body }));
      });
      ws.on("error", () => {});
    });
    assert.equal(status.code, 400);
    assert.equal(status.body, "the WebSocket handshake offered subprotocols 'x.other'; this server speaks " +
                              "foxglove.sdk.v1 or foxglove.websocket.v1\n");
  });

  it("advertises a topic when its publisher appears and withdraws it when the publisher goes", async () => {
    const c = new h.Client(port);
    await c.opened;
    await h.waitFor("serverInfo", () => c.serverInfo);
    assert.equal(c.channel("/fox_test/chatter"), undefined);
    const pub = graph.run("dmxp", ["topic", "pub", "-r", "20", "/fox_test/chatter", "std_msgs/String", "{data: hello foxglove}"]);
    const ch = await h.waitFor("/fox_test/chatter advertised", () => c.channel("/fox_test/chatter"), 15000)
      .catch((e) => { throw new Error(e.message + "\n" + pub.output); });
    assert.equal(ch.schemaName, "std_msgs/msg/String");
    assert.equal(ch.schema, "string data\n");
    const sub = { channel: ch, id: c.client.subscribe(ch.id) };
    const m = await c.nextDecoded(sub);
    assert.deepEqual(m.value, { data: "hello foxglove" });
    pub.kill("SIGINT");
    await pub.exited;
    await h.waitFor("/fox_test/chatter unadvertised", () => c.unadvertised.includes(ch.id));
    assert.equal(c.channel("/fox_test/chatter"), undefined);
    // Published again: a new channel id (the old one is never reused).
    const again = graph.run("dmxp", ["topic", "pub", "-r", "20", "/fox_test/chatter", "std_msgs/String", "{data: again}"]);
    const ch2 = await h.waitFor("/fox_test/chatter advertised again", () => c.channel("/fox_test/chatter"));
    assert.notEqual(ch2.id, ch.id);
    again.kill("SIGINT");
    await again.exited;
    c.close();
  });

  it("drops and counts what a client that stops reading cannot take, without growing its memory", async () => {
    const slow = new h.Client(port);
    await slow.opened;
    const fast = new h.Client(port);
    await fast.opened;
    const imageSub = await slow.subscribeTopic("/robot/image");
    await slow.nextDecoded(imageSub);  // flowing
    const odom = await fast.subscribeTopic("/robot/odom");
    await fast.nextDecoded(odom);
    const before = h.rssOf(foxPid);
    slow.ws._socket.pause();  // reads nothing more: TCP fills, then the server's queue
    const slowState = () => h.getJson(port, "/api/state").then((r) => r.json.clients.find((x) => x.subscriptions === 1 &&
      x.sent > 0 && x.peer.endsWith(":" + slow.ws._socket.localPort)));
    // 5 Hz of 6.2 MB frames: unbounded, 6 s would queue ~190 MB.
    const fastBefore = (fast.messages.get(odom.id) || []).length;
    await h.sleep(6000);
    const s = await slowState();
    const grown = h.rssOf(foxPid) - before;
    assert.ok(s.dropped > 0, `dropped counted: ${JSON.stringify(s)}`);
    assert.ok(s.queued_bytes <= 8 * 1024 * 1024 + 7 * 1024 * 1024, `queue within its limit: ${JSON.stringify(s)}`);
    assert.ok(grown < 48 * 1024 * 1024, `server RSS grew ${grown} bytes`);
    // The other client kept getting its messages meanwhile.
    const fastState = (await h.getJson(port, "/api/state")).json.clients.find((x) => x.peer.endsWith(":" + fast.ws._socket.localPort));
    assert.equal(fastState.dropped, 0);
    assert.ok(fast.messages.get(odom.id).length > Math.min(fastBefore, 40), "the other client was served");
    slow.close();
    fast.close();
  });

  it("gets and sets parameters through the nodes' parameter services", async () => {
    const c = new h.Client(port);
    await c.opened;
    await h.waitFor("serverInfo", () => c.serverInfo);
    c.client.getParameters(["/robot/planner.goal_x", "/robot/lidar.rays", "/robot/camera.resolution"], "get-1");
    const got = await h.waitFor("parameterValues get-1", () => c.parameterValues.find((p) => p.id === "get-1"));
    assert.deepEqual(got.parameters, [
      { name: "/robot/planner.goal_x", value: 8, type: "float64" },
      { name: "/robot/lidar.rays", value: 720 },
      { name: "/robot/camera.resolution", value: "1080p" }]);
    // An integer for a double parameter sets it to that double.
    c.client.setParameters([{ name: "/robot/controller.max_speed", value: 2 }], "set-1");
    const set = await h.waitFor("parameterValues set-1", () => c.parameterValues.find((p) => p.id === "set-1"));
    assert.deepEqual(set.parameters, [{ name: "/robot/controller.max_speed", value: 2, type: "float64" }]);
    c.client.getParameters(["/robot/controller.max_speed"], "get-2");
    const again = await h.waitFor("parameterValues get-2", () => c.parameterValues.find((p) => p.id === "get-2"));
    assert.deepEqual(again.parameters, [{ name: "/robot/controller.max_speed", value: 2, type: "float64" }]);
    // All of them: every node serving parameters, this server's own included.
    c.client.getParameters([], "all");
    const all = await h.waitFor("parameterValues all", () => c.parameterValues.find((p) => p.id === "all"));
    const names = all.parameters.map((p) => p.name);
    for (const n of ["/robot/odometry.frame_id", "/robot/imu.rate_hz", "/foxglove.port", "/latency_probe.rate_hz"])
      assert.ok(names.includes(n), `${n} in ${names.join(" ")}`);
    // Errors: a node that does not exist, a type that does not fit, a read-only parameter.
    c.client.getParameters(["/no_such_node.x"], "bad-1");
    c.client.setParameters([{ name: "/robot/controller.max_speed", value: "fast" }], "bad-2");
    c.client.setParameters([{ name: "/foxglove.port", value: 9 }], "bad-3");
    await h.waitFor("three errors", () => c.statuses.length >= 3);
    const texts = c.statuses.map((s) => s.message);
    assert.match(texts[0], /^parameter '\/no_such_node\.x': service '\/no_such_node\/_parameters' has no server/);
    assert.equal(texts[1], "setParameters: parameter '/robot/controller.max_speed' is a double; got \"fast\"");
    assert.match(texts[2], /^setParameters: parameter '\/foxglove\.port': node '\/foxglove': .*read-only/);
    assert.ok(c.statuses.every((s) => s.level === STATUS_ERROR));
    c.client.setParameters([{ name: "/robot/controller.max_speed", value: 1.0 }], "restore");
    await h.waitFor("restored", () => c.parameterValues.find((p) => p.id === "restore"));
    c.close();
  });

  it("answers malformed input with status errors and keeps serving the connection", async () => {
    const c = new h.Client(port);
    await c.opened;
    await h.waitFor("advertise", () => c.channel("/robot/odom"));
    const send = (x) => c.ws.send(x);
    send("{not json");
    send(JSON.stringify([1, 2]));
    send(JSON.stringify({ op: "nope" }));
    send(JSON.stringify({ op: "subscribe", subscriptions: [{ id: 1, channelId: 999999 }] }));
    send(JSON.stringify({ op: "subscribe", subscriptions: [{ id: -1, channelId: 1 }] }));
    send(JSON.stringify({ op: "subscribe" }));
    send(JSON.stringify({ op: "unsubscribe", subscriptionIds: [77] }));
    send(Buffer.from([1, 0, 0, 0, 0, 42]));
    await h.waitFor("eight errors", () => c.statuses.length >= 8);
    assert.deepEqual(c.statuses.map((s) => s.level), Array(8).fill(STATUS_ERROR));
    const texts = c.statuses.map((s) => s.message);
    assert.match(texts[0], /^malformed JSON: \[json.exception.parse_error.101\]/);
    assert.deepEqual(texts.slice(1), [
      "a request must be a JSON object with a string \"op\"",
      "unknown op 'nope'",
      "subscribe: unknown channel id 999999",
      "subscribe: \"id\" must be an integer from 0 to 4294967295",
      "subscribe: \"subscriptions\" must be an array",
      "unsubscribe: unknown subscription id 77",
      "binary client message of 6 bytes ignored: the server has no clientPublish or services capability"]);
    const odom = await c.subscribeTopic("/robot/odom");
    const o = await c.nextDecoded(odom);
    assert.equal(o.value.child_frame_id, "base_link");
    c.client.subscribe(odom.channel.id);
    await h.waitFor("duplicate refused", () => c.statuses.length >= 9);
    assert.equal(c.statuses[8].message, `subscribe: already subscribed to channel ${odom.channel.id} (/robot/odom)`);
    c.close();
  });

  it("shows the launcher's process states, the graph and the latency probe on /api/state", async () => {
    const s = await h.waitFor("latency points", async () => {
      const st = (await h.getJson(port, "/api/state")).json;
      return st.latency.length && st.latency[0].series.p50.v.length ? st : undefined;
    });
    const procs = Object.fromEntries(s.processes.processes.map((p) => [p.name, p]));
    assert.equal(procs["/robot/odometry"].state, "running");
    assert.equal(procs["/foxglove"].state, "running");
    assert.equal(procs["/foxglove"].pid, foxPid);
    assert.equal(s.latency[0].topic, "/latency_probe/report");
    const odom = s.topics.find((t) => t.topic === "/robot/odom");
    assert.deepEqual(odom.publishers, ["/robot/odometry"]);
    assert.ok(odom.subscribers.includes("/robot/planner") && odom.subscribers.includes("/robot/controller"));
  });

  it("ships the vendored uPlot unchanged from npm, with its license", () => {
    const vendored = path.join(ROOT, "nodes/foxglove/web/vendor/uplot");
    const npm = path.dirname(require.resolve("uplot/package.json"));
    assert.ok(fs.readFileSync(path.join(vendored, "uPlot.iife.min.js")).equals(fs.readFileSync(path.join(npm, "dist/uPlot.iife.min.js"))));
    assert.ok(fs.readFileSync(path.join(vendored, "uPlot.min.css")).equals(fs.readFileSync(path.join(npm, "dist/uPlot.min.css"))));
    assert.ok(fs.readFileSync(path.join(vendored, "LICENSE")).equals(fs.readFileSync(path.join(npm, "LICENSE"))));
  });

  it("stops cleanly with the graph, clients or not", async () => {
    const c = new h.Client(port);
    await c.opened;
    await c.nextDecoded(await c.subscribeTopic("/robot/odom"));
    stopped = true;
    const how = await graph.stop();
    assert.deepEqual(how, { code: 0, signal: null }, graph.output);
    assert.match(graph.output, /\/foxglove +\| .*Foxglove WebSocket server on ws:\/\/127\.0\.0\.1:\d+, dashboard on http/);
    assert.match(graph.output, /dmxp-launch +\| \/foxglove exited with status 0\n/);
  });
});
