// dmxp-foxglove dashboard: polls /api/state (dashboard.cpp) every second and fills the
// tables; plots the latency probe's percentiles and one chosen field with uPlot. Everything
// from the server is put in the page as text (textContent), never as HTML.
"use strict";

const PERIOD_MS = 1000;
let latencyPlot = null, fieldPlot = null;
let fieldKey = "", fieldSince = 0, fieldData = [[], []];
let lastState = null;

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function fillTable(id, rows) {  // rows: arrays of cells (strings or elements)
  const body = document.querySelector("#" + id + " tbody");
  body.replaceChildren(...rows.map((cells) => {
    const tr = document.createElement("tr");
    for (const c of cells) tr.appendChild(c instanceof Node ? c : el("td", c));
    return tr;
  }));
}

function num(v, cls) { return el("td", v, "num" + (cls ? " " + cls : "")); }

function rate(hz) { return hz >= 100 ? hz.toFixed(0) + " Hz" : hz.toFixed(1) + " Hz"; }

function bytes(b) {
  const units = ["B", "kB", "MB", "GB"];
  let i = 0;
  while (b >= 1000 && i < units.length - 1) { b /= 1000; ++i; }
  return b.toFixed(i ? 1 : 0) + " " + units[i];
}

function list(items) {
  const td = el("td");
  const ul = el("ul", null, "plain");
  for (const it of items) ul.appendChild(el("li", it));
  td.appendChild(ul);
  return td;
}

function showProcesses(p) {
  document.getElementById("processes-empty").hidden = !!p;
  if (!p) return fillTable("processes", []);
  fillTable("processes", p.processes.map((x) => [
    x.name, el("td", x.state, "state-" + x.state), num(x.pid), num(x.restarts), x.last_exit]));
}

function showTopics(topics) {
  fillTable("topics", topics.map((t) => {
    const readers = list(t.readers.filter((r) => r.live).map((r) =>
      (r.node || "pid " + r.pid) + (r.passive ? " (passive)" : "") + ": " + r.lag + " / " + r.lost));
    return [t.topic, el("td", t.type, "muted"), num(t.published), num(rate(t.rate_hz)), num(bytes(t.bandwidth_Bps) + "/s"),
            list(t.publishers), list(t.subscribers), readers];
  }));
}

function showNodes(nodes, nowNs) {
  fillTable("nodes", nodes.map((n) => {
    const age = Math.max(0, (nowNs - n.heartbeat_ns) / 1e9);
    return [n.name, num(n.pid), num(age.toFixed(1) + " s", age > 3 ? "lagging" : "")];
  }));
}

function showClients(clients) {
  fillTable("clients", clients.map((c) => [
    c.peer, c.subprotocol, num(c.subscriptions), num(c.sent), num(c.dropped, c.dropped ? "lagging" : ""),
    num(c.queued_messages + " (" + bytes(c.queued_bytes) + ")")]));
}

function plotSize(div) { return { width: Math.max(300, div.clientWidth - 10), height: 240 }; }

function makePlot(div, series, yLabel) {
  return new uPlot({
    ...plotSize(div),
    series: [{}, ...series],
    axes: [{}, { label: yLabel }],
    scales: { x: { time: true } },
  }, [[], ...series.map(() => [])], div);
}

function showLatency(latency) {
  const select = document.getElementById("latency-topic");
  const names = latency.map((l) => l.topic);
  if ([...select.options].map((o) => o.value).join() !== names.join()) {
    const keep = select.value;
    select.replaceChildren(...names.map((n) => el("option", n)));
    if (names.includes(keep)) select.value = keep;
  }
  document.getElementById("latency-empty").hidden = latency.length > 0;
  const chosen = latency.find((l) => l.topic === select.value) || latency[0];
  if (!chosen) return;
  const div = document.getElementById("latency-plot");
  if (!latencyPlot) {
    latencyPlot = makePlot(div, [
      { label: "p50 µs", stroke: "#2b6cb0" }, { label: "p90 µs", stroke: "#b7791f" },
      { label: "p99 µs", stroke: "#c53030" }], "µs");
  }
  const s = chosen.series;
  latencyPlot.setData([s.p50.t.map((t) => t / 1e9), s.p50.v.map((v) => v / 1e3),
                       s.p90.v.map((v) => v / 1e3), s.p99.v.map((v) => v / 1e3)]);
}

function showFieldTopics(topics) {
  const select = document.getElementById("field-topic");
  const names = topics.filter((t) => t.channel_id !== undefined).map((t) => t.topic);
  if ([...select.options].map((o) => o.value).join() === names.join()) return;
  const keep = select.value;
  select.replaceChildren(...names.map((n) => el("option", n)));
  if (names.includes(keep)) select.value = keep;
  else loadFieldPaths();
}

async function loadFieldPaths() {
  const topic = document.getElementById("field-topic").value;
  if (!topic) return;
  const r = await fetch("api/fields?topic=" + encodeURIComponent(topic));
  const j = await r.json();
  const paths = j.fields || [];
  document.getElementById("field-paths").replaceChildren(...paths.map((p) => { const o = el("option"); o.value = p; return o; }));
  const input = document.getElementById("field-path");
  if (!paths.includes(input.value)) input.value = paths[0] || "";
}

async function updateField() {
  const topic = document.getElementById("field-topic").value;
  const path = document.getElementById("field-path").value.trim();
  const errorLine = document.getElementById("field-error");
  if (!topic || !path) return;
  const key = topic + "\n" + path;
  if (key !== fieldKey) {  // another field: a new plot, labelled with its path
    fieldKey = key; fieldSince = 0; fieldData = [[], []];
    if (fieldPlot) { fieldPlot.destroy(); fieldPlot = null; }
  }
  const r = await fetch("api/field?topic=" + encodeURIComponent(topic) + "&path=" + encodeURIComponent(path) +
                        "&since=" + fieldSince);
  const j = await r.json();
  if (!r.ok) { errorLine.textContent = j.error; return; }
  errorLine.textContent = "";
  for (let i = 0; i < j.t.length; ++i) {
    fieldData[0].push(j.t[i] / 1e9);
    fieldData[1].push(j.v[i]);
    fieldSince = j.t[i];
  }
  const keepFrom = Math.max(0, fieldData[0].length - 3000);
  fieldData = [fieldData[0].slice(keepFrom), fieldData[1].slice(keepFrom)];
  const div = document.getElementById("field-plot");
  if (!fieldPlot) fieldPlot = makePlot(div, [{ label: path, stroke: "#1f8f4e" }], "value");
  fieldPlot.setData(fieldData);
}

async function tick() {
  try {
    const r = await fetch("api/state");
    const s = await r.json();
    lastState = s;
    document.getElementById("summary").textContent =
      "domain " + s.server.domain + " · " + s.nodes.length + " nodes · " + s.topics.length + " topics · " +
      s.clients.length + " Foxglove clients";
    document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
    showProcesses(s.processes);
    showTopics(s.topics);
    showNodes(s.nodes, s.server.time_ns);
    showClients(s.clients);
    showLatency(s.latency);
    showFieldTopics(s.topics);
    await updateField();
  } catch (e) {
    document.getElementById("summary").textContent = "no answer from the server: " + e;
  }
  setTimeout(tick, PERIOD_MS);
}

document.getElementById("field-topic").addEventListener("change", loadFieldPaths);
window.addEventListener("resize", () => {
  for (const [p, id] of [[latencyPlot, "latency-plot"], [fieldPlot, "field-plot"]])
    if (p) p.setSize(plotSize(document.getElementById(id)));
});
tick();
