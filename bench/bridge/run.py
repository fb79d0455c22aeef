#!/usr/bin/env python3
"""The bridge benchmark (issue 15, section 5): latency and throughput through dmxp-bridge next
to rclpy -> rclpy and Cyclone's own ddsperf, and what the bridge costs a DMXP publisher.

    sudo python3 bench/bridge/run.py [--bin build/bin] [--rounds 3] [--quick] [--out FILE]
                                     [--kinds 64B,odom,scan,1MiB] [--only latency,throughput,publisher,stages]
                                     [--paths dmxp,ddsperf,rclpy,bridge,...] [--smoke]
                                     [--base-bin DIR] [--stage-paths bridge-futex,...] [--pin]
    python3 bench/bridge/run.py --from-log FILE   # the report again, from a run's stderr log

--base-bin DIR runs every bridge path twice per round, the second time with DIR's dmxp-bridge
("<path>@base"): a change against main, interleaved in one run. --only stages runs the bridged
ping-pong of each --stage-paths path with dmxp-bridge-traced and reports where the time of a
one-way hop goes (stage_breakdown). --pin makes the publisher part 64B flat out in the
placements of PLACEMENTS (taskset), to tell CPU sharing from cache-line traffic.

--smoke (the ctest bench.bridge_smoke, label bench): 64B, paths dmxp and bridge, one short run
of each part; it checks that every cell produced its numbers (no timing is judged) and exits 77
where network namespaces are not permitted.

Needs root (one network namespace: DDS never runs in the root namespace), a build with the
bridge (build/bin: dmxp-bridge, dmxp-bench-bridge-peer, dmxp-bench-probe), build/ros2-venv
(tools/scripts/ros2-env.sh) and ddsperf (Debian cyclonedds-tools). Everything runs in ONE
namespace on its loopback: the two DMXP "hosts" of the bridge path are two DMXP domains there.

Paths (README.md beside this file has the details):
  dmxp          DMXP -> DMXP in one domain, no bridge (what DMXP costs by itself)
  ddsperf       ddsperf ping/pong, pub/sub (Cyclone DDS 0.10.2, listener mode, reliable)
  rclpy         rclpy -> rclpy (rclpy 7.1.6, Fast DDS 2.14)
  bridge        DMXP (domain A) -> bridge A -> DDS -> bridge B -> DMXP (domain B), defaults
  bridge-poll100  the same, both bridges with export_poll:=0.0001 (100 us between looks)
  bridge-futex  the same, both bridges with export_poll:=0 (they sleep in their executors)
  bridge-spin   the same, both bridges with export_spin:=10 (busy polling while a topic flows)
  bridge-rclpy  DMXP -> bridge -> rclpy (and back for latency), defaults

Interleaving: every round runs every cell once, in the same order; each run is preceded by
the cache-line placement probe (shared/BENCHMARKING.md), whose p50 is printed beside it. The
tables give the median over rounds of each run's p50 and p99 (latency) or rate (throughput),
and the lowest and highest round beside it (the noise). Every run's result is logged on stderr
as one line ("[part round r/R] cell: probe N ns: {json}"); --from-log renders the report again
from such a log.
"""
import argparse
import ast
import bisect
import contextlib
import datetime
import glob
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "bridge"))
import netns  # noqa: E402  (the bridge tests' namespaces: processes and namespace removed on exit)

KINDS = ["64B", "odom", "scan", "1MiB"]
TOKEN = {"64B": "b64", "odom": "odom", "scan": "scan", "1MiB": "cloud"}  # topic-name safe
LAT_SAMPLES = {"64B": 1000, "odom": 1000, "scan": 1000, "1MiB": 100}
BRIDGE_PARAMS = {"bridge": [], "bridge-poll100": ["export_poll:=0.0001"], "bridge-futex": ["export_poll:=0.0"],
                 "bridge-spin": ["export_spin:=10.0"], "bridge-rclpy": []}
LAT_PATHS = ["dmxp", "ddsperf", "rclpy", "bridge", "bridge-poll100", "bridge-futex", "bridge-spin", "bridge-rclpy"]
TPUT_PATHS = ["ddsperf", "rclpy", "bridge", "bridge-futex", "bridge-rclpy"]
PUB_CONFIGS = ["not exported", "bridge", "bridge-poll100", "bridge-futex"]
# --pin: where the flat-out publisher and the bridges run (taskset CPU lists), to tell CPU
# sharing from cache-line traffic: "" unpinned; pub1 the publisher alone on CPU 1; pub1+spin0
# the same with a busy loop (no shared memory) on CPU 0; split bridges on CPU 0, publisher on
# CPU 1 (no CPU shared, the channel's lines cross cores); same bridges and publisher on CPU 1
# (CPU shared, the lines stay on one core).
PLACEMENTS = {"": {}, "pub1": {"pub": "1"}, "pub1+spin0": {"pub": "1", "spin": "0"},
              "split": {"pub": "1", "bridges": "0"}, "same": {"pub": "1", "bridges": "1"}}
PIN_CONFIGS = ["not exported", "not exported ~pub1", "not exported ~pub1+spin0", "bridge", "bridge ~split",
               "bridge ~same"]
DDSPERF_DOMAIN = "22"
ROS_DOMAIN = "21"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def band(p50):
    return "A" if p50 < 40 else "B" if p50 < 130 else "C"


class Bench:
    def __init__(self, host, args):
        self.host, self.args, self.n = host, args, 0
        self.bin = os.path.abspath(args.bin)
        self.ros_py = os.path.abspath(args.ros_python)
        self.peer = os.path.join(self.bin, "dmxp-bench-bridge-peer")
        self.rclpy_peer = os.path.join(HERE, "rclpy_peer.py")
        self.domains = []
        self.failed = []  # cells that produced no result (run_cells)

    # ---- processes ----
    def env(self, domain=""):
        e = dict(os.environ)
        e.update({"ROS_DOMAIN_ID": ROS_DOMAIN, "RMW_IMPLEMENTATION": "rmw_fastrtps_cpp", "DMXP_LOG_LEVEL": "warn"})
        e.pop("CYCLONEDDS_URI", None)
        if domain:
            e["DMXP_DOMAIN"] = domain
        return e

    def domain(self):
        self.n += 1
        d = f"{os.environ.get('DMXP_TEST_DOMAIN_PREFIX', '')}bb{os.getpid()}n{self.n}"
        self.domains.append(d)
        return d

    def topic(self, kind):
        return f"/bb/{TOKEN[kind]}/c{self.n}"

    def spawn(self, argv, env, out=subprocess.DEVNULL):
        return self.host.spawn(argv, env, stdout=out, stderr=subprocess.DEVNULL, text=True)

    def bridge(self, domain, export, imp, params, program="dmxp-bridge", env=None, prefix=()):
        """A bridge; a program ending in "@base" is --base-bin's; prefix: e.g. taskset."""
        where = self.bin
        if program.endswith("@base"):
            where, program = os.path.abspath(self.args.base_bin), program[:-len("@base")]
        argv = [*prefix, os.path.join(where, program), "--ros-args", "-p", f"export:={export}",
                "-p", f"import:={imp}"]
        for p in params:
            argv += ["-p", p]
        return self.spawn(argv, env or self.env(domain))

    def result(self, argv, env, timeout):
        """Runs argv in the namespace; its last JSON line, or {"error": ...}."""
        try:
            r = self.host.run(argv, env, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"error": f"timed out after {timeout} s: {' '.join(argv[:3])}"}
        lines = [x for x in r.stdout.splitlines() if x.startswith("{")]
        if not lines:
            return {"error": f"exit {r.returncode}: {r.stderr.strip()[-300:]}"}
        out = json.loads(lines[-1])
        if r.returncode == 3:
            out["note"] = "resent"
        return out

    def cleanup(self):
        for p in list(self.host.procs):
            self.host.stop(p)
        self.host.procs.clear()
        for d in self.domains:
            for f in glob.glob(f"/dev/shm/dmxp.{d}.*"):
                with contextlib.suppress(OSError):
                    os.unlink(f)
        self.domains.clear()

    def probe(self):
        r = subprocess.run([os.path.join(self.bin, "dmxp-bench-probe"), "probe"], capture_output=True, text=True)
        return json.loads(r.stdout)["p50_ns"]

    # ---- latency ----
    def samples(self, kind):
        return 20 if self.args.smoke else max(20, LAT_SAMPLES[kind] // (10 if self.args.quick else 1))

    def dmxp_ping(self, domain, kind, t, timeout=120):
        return self.result([self.peer, "ping", "--out", f"{t}/ping", "--in", f"{t}/pong", "--kind", kind,
                            "--samples", str(self.samples(kind)), "--warmup", "50"], self.env(domain), timeout)

    def dmxp_pong(self, domain, kind, t):
        self.spawn([self.peer, "pong", "--in", f"{t}/ping", "--out", f"{t}/pong", "--kind", kind], self.env(domain))

    def rclpy_pong(self, kind, t):
        self.spawn([self.ros_py, self.rclpy_peer, "pong", "--in", f"{t}/ping", "--out", f"{t}/pong", "--kind", kind],
                   self.env())

    def latency(self, path, kind):
        t, a = self.topic(kind), self.domain()
        if path == "dmxp":
            self.dmxp_pong(a, kind, t)
            return self.dmxp_ping(a, kind, t)
        if path == "ddsperf":
            return self.ddsperf_latency(kind)
        if path == "rclpy":
            self.rclpy_pong(kind, t)
            return self.result([self.ros_py, self.rclpy_peer, "ping", "--out", f"{t}/ping", "--in", f"{t}/pong",
                                "--kind", kind, "--samples", str(self.samples(kind)), "--warmup", "50"],
                               self.env(), 180)
        params, program = bridge_config(path)
        self.bridge(a, f"['{t}/ping']", f"['{t}/pong']", params, program)
        if path == "bridge-rclpy":
            self.rclpy_pong(kind, t)
        else:
            b = self.domain()
            self.bridge(b, f"['{t}/pong']", f"['{t}/ping']", params, program)
            self.dmxp_pong(b, kind, t)
        return self.dmxp_ping(a, kind, t)

    # ---- where the time of one bridged hop goes ----
    def stages(self, path, kind):
        """The bridged ping-pong of `path` with dmxp-bridge-traced and the peers writing their
        stage timestamps (nodes/bridge/stage_trace.hpp); returns the breakdown (stage_breakdown)."""
        t, a, b = self.topic(kind), self.domain(), self.domain()
        params, _ = bridge_config(path)
        tmp = f"/tmp/dmxp-stages-{os.getpid()}-{self.n}"
        os.makedirs(tmp, exist_ok=True)
        files = {role: os.path.join(tmp, role) for role in ("A", "B", "ping", "pong")}
        for f in files.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f)
        traced = lambda d, role: dict(self.env(d), DMXP_STAGE_TRACE=files[role])  # noqa: E731
        self.bridge(a, f"['{t}/ping']", f"['{t}/pong']", params, "dmxp-bridge-traced", traced(a, "A"))
        self.bridge(b, f"['{t}/pong']", f"['{t}/ping']", params, "dmxp-bridge-traced", traced(b, "B"))
        self.spawn([self.peer, "pong", "--in", f"{t}/ping", "--out", f"{t}/pong", "--kind", kind], traced(b, "pong"))
        out = self.result([self.peer, "ping", "--out", f"{t}/ping", "--in", f"{t}/pong", "--kind", kind,
                           "--samples", str(self.samples(kind)), "--warmup", "50"], traced(a, "ping"), 120)
        self.cleanup()  # the bridges and the pong write their files as they exit
        if "error" in out:
            return out
        out.update(stage_breakdown(files, warmup=50))
        return out

    def ddsperf_latency(self, kind):
        secs = 3 if self.args.quick else 5
        self.spawn(["ddsperf", "-i", DDSPERF_DOMAIN, "-D", str(secs + 3), "pong"], self.env())
        r = self.host.run(["ddsperf", "-i", DDSPERF_DOMAIN, "-D", str(secs), "ping", "size", str(self.ddsperf_size(kind))],
                          self.env(), timeout=secs + 30)
        p50s, p99s, count = [], [], 0
        for line in r.stdout.splitlines():
            m = re.search(r" 50% ([\d.]+)us .* 99% ([\d.]+)us .* cnt (\d+)", line)
            if m:
                p50s.append(float(m.group(1)) * 1000)
                p99s.append(float(m.group(2)) * 1000)
                count += int(m.group(3))
        if len(p50s) < 2:
            return {"error": f"ddsperf ping printed no latency: {r.stdout[-300:]} {r.stderr[-300:]}"}
        # Its first second includes discovery; each later line covers one second.
        return {"p50_ns": statistics.median(p50s[1:]), "p99_ns": statistics.median(p99s[1:]), "samples": count,
                "note": "median of ddsperf's per-second percentiles"}

    def ddsperf_size(self, kind):
        """ddsperf's payload size for a kind: its CDR size after the 4-byte encapsulation header."""
        if not hasattr(self, "_sizes"):
            code = ("import sys; sys.path.insert(0, %r); import rclpy_peer; "
                    "from rclpy.serialization import serialize_message; import json; "
                    "print(json.dumps({k: len(serialize_message(rclpy_peer.make(k))) - 4 for k in %r}))") % (HERE, KINDS)
            self._sizes = json.loads(subprocess.run([self.ros_py, "-c", code], capture_output=True, text=True,
                                                    check=True).stdout)
        return max(12, self._sizes[kind])

    # ---- throughput ----
    def throughput(self, path, kind):
        secs = 1 if self.args.smoke else 2 if self.args.quick else 5
        t, a = self.topic(kind), self.domain()
        if path == "ddsperf":
            self.spawn(["ddsperf", "-i", DDSPERF_DOMAIN, "-D", str(secs + 3), "pub", "size", str(self.ddsperf_size(kind))],
                       self.env())
            r = self.host.run(["ddsperf", "-i", DDSPERF_DOMAIN, "-D", str(secs + 2), "sub"], self.env(), timeout=secs + 30)
            rates = [float(m.group(1)) * 1000 for m in re.finditer(r" rate ([\d.]+) kS/s", r.stdout)]
            lost = sum(int(m.group(1)) for m in re.finditer(r" delta \d+ lost (\d+)", r.stdout))
            if len(rates) < 2:
                return {"error": f"ddsperf sub printed no rate: {r.stdout[-300:]}"}
            return {"msgs_per_s": statistics.median(rates[1:]), "missing": lost,
                    "note": "median of ddsperf's per-second rates"}
        if path == "bridge-rclpy" and kind in ("scan", "1MiB"):
            # Seen here: the bridge forwards ~40k scans/s, and the rclpy subscriber under that
            # flood ran at 100 % CPU and never finished its window (killed after 60 s).
            return {"error": "not measured: a flat-out flood of this size stalls the rclpy subscriber"}
        sub_secs, pub_secs = str(secs), str(secs + 6)
        if path == "rclpy":
            self.spawn([self.ros_py, self.rclpy_peer, "pub", "--out", t, "--kind", kind, "--seconds", pub_secs], self.env())
            return self.result([self.ros_py, self.rclpy_peer, "sub", "--in", t, "--kind", kind, "--seconds", sub_secs],
                               self.env(), secs + 60)
        params, program = bridge_config(path)
        self.bridge(a, f"['{t}']", "[]", params, program)
        self.spawn([self.peer, "pub", "--out", t, "--kind", kind, "--seconds", pub_secs], self.env(a))
        if path == "bridge-rclpy":
            return self.result([self.ros_py, self.rclpy_peer, "sub", "--in", t, "--kind", kind, "--seconds", sub_secs],
                               self.env(), secs + 60)
        b = self.domain()
        self.bridge(b, "[]", f"['{t}']", params, program)
        return self.result([self.peer, "sub", "--in", t, "--kind", kind, "--seconds", sub_secs], self.env(b), secs + 60)

    # ---- what the bridge costs a DMXP publisher ----
    def publisher(self, config, kind, rate):
        """The publisher's loop in domain A while bridge A exports its topic (or not) to bridge B,
        which imports it (a DDS reader, so bridge A encodes and writes every message).
        config: "not exported" or a bridge path, then optionally " ~placement" (PLACEMENTS)."""
        secs = 1 if self.args.smoke else 2 if self.args.quick else 5
        t, a, b = self.topic(kind), self.domain(), self.domain()
        config, _, placement = config.partition(" ~")
        cpus = PLACEMENTS[placement]
        pin = lambda who: ["taskset", "-c", cpus[who]] if who in cpus else []  # noqa: E731
        exported = config != "not exported"
        params, program = bridge_config(config) if exported else ([], "dmxp-bridge")
        bridge_a = self.bridge(a, f"['{t}']" if exported else "['/not/this']", "[]", params, program,
                               prefix=pin("bridges"))
        self.bridge(b, "[]", f"['{t}']", params, program, prefix=pin("bridges"))
        if "spin" in cpus:  # a busy loop that shares no memory with the publisher
            self.spawn(pin("spin") + ["sh", "-c", "while :; do :; done"], self.env())
        if exported:  # bridge B matched: its DDS reader exists before the publisher starts
            time.sleep(1.5)
        cpu0 = cpu_seconds(bridge_a.pid)
        argv = [self.peer, "pub", "--out", t, "--kind", kind, "--seconds", str(secs), "--wait-subs", "1" if exported else "0"]
        if rate:
            argv += ["--rate", str(rate)]
        w0 = time.monotonic()
        out = self.result(pin("pub") + argv, self.env(a), secs + 60)
        out["bridge_cpu"] = (cpu_seconds(bridge_a.pid) - cpu0) / (time.monotonic() - w0)
        return out


def bridge_config(path):
    """(parameters, program) of a bridge path; "<path>@base" runs --base-bin's bridge."""
    name, base = (path[:-len("@base")], "@base") if path.endswith("@base") else (path, "")
    return BRIDGE_PARAMS[name], "dmxp-bridge" + base


def percentile(vals, q):
    vals = sorted(vals)
    return vals[min(len(vals) - 1, int(q * len(vals)))]


# One round trip of the bridged ping-pong, stage by stage: (who records it, stage). A and B are
# the bridges of the ping's and the pong's domains.
ROUND_TRIP = [("ping", "ping.sent"), ("A", "export.commit"), ("A", "export.seen"), ("A", "export.encoded"), ("A", "export.written"),
              ("B", "import.callback"), ("B", "import.decoded"), ("pong", "pong.received"),
              ("pong", "pong.sent"), ("B", "export.commit"), ("B", "export.seen"), ("B", "export.encoded"), ("B", "export.written"),
              ("A", "import.callback"), ("A", "import.decoded"), ("ping", "ping.received")]
# Recorded beside the chain, not in it: the commit's return comes after the subscriber it woke
# may already have run. (stage recorded, the chain's stage it follows)
BESIDE = {("B", "import.committed"): ("B", "import.decoded"), ("A", "import.committed"): ("A", "import.decoded")}
# The one-way segments (the same in both directions: ping -> pong and pong -> ping).
SEGMENTS = [("publish → DMXP commit", "sent", "export.commit"),
            ("DMXP commit → export thread reads it", "export.commit", "export.seen"),
            ("read → CDR encoded (and the slot confirmed untouched)", "export.seen", "export.encoded"),
            ("dds_writecdr + dds_write_flush (sendmsg) returned", "export.encoded", "export.written"),
            ("DDS write → receiving bridge's listener has the sample", "export.written", "import.callback"),
            ("listener → CDR decoded into a DMXP slot", "import.callback", "import.decoded"),
            ("commit starts → subscriber's callback", "import.decoded", "received")]
# Not part of the sum: how long the importing bridge's commit call took (its futex wake included).
SIDE_SEGMENTS = [("(beside: the import's commit call, wake included)", "import.decoded", "import.committed")]


def stage_breakdown(files, warmup):
    """Per one-way segment (SEGMENTS), the p50/p90 in ns over both directions of every round trip
    after the warm-up; and the thread each stage ran on. files: {role: trace file}."""
    events, threads = {}, {}
    for role, path in files.items():
        with open(path) as f:
            for line in f:
                if line.startswith("# thread "):
                    _, _, stage, name = line.split(maxsplit=3)
                    threads[f"{role} {stage}"] = name.strip()
                    continue
                stage, ns = line.split()
                events.setdefault((role, stage), []).append(int(ns))
    for v in events.values():
        v.sort()
    sends = events.get(("ping", "ping.sent"), [])
    trips = []
    for i, t0 in enumerate(sends):
        # One message is in flight: each stage happens once per round trip, so this trip's is
        # the first after its send. A thread may record its stage late (preempted after the
        # work), even after the ping's next send, but never after the one following. A send
        # whose echo did not come back before the next send (a resend before the DDS side
        # matched) is left out.
        following = sends[i + 1] if i + 1 < len(sends) else float("inf")
        end = sends[i + 2] if i + 2 < len(sends) else float("inf")
        echoes = events.get(("ping", "ping.received"), [])
        j = bisect.bisect_left(echoes, t0)
        if j == len(echoes) or echoes[j] >= following:
            continue
        times = [t0]
        for key in ROUND_TRIP[1:]:
            v = events.get(key, [])
            j = bisect.bisect_left(v, t0)
            if j == len(v) or v[j] >= end:
                break
            times.append(v[j])
        if len(times) < len(ROUND_TRIP):
            continue
        side = []
        for key, after in BESIDE.items():
            v, t = events.get(key, []), times[ROUND_TRIP.index(after)]
            j = bisect.bisect_left(v, t)
            side.append(v[j] - t if j < len(v) and v[j] < end else None)
        trips.append((times, side))
    trips = trips[warmup:]
    seg = {name: [] for name, _, _ in SEGMENTS + SIDE_SEGMENTS}
    one_way = []
    for times, side in trips:
        half = len(ROUND_TRIP) // 2
        at = dict(zip([s for _, s in ROUND_TRIP[:half]], times[:half]))  # ping -> pong
        at["sent"], at["received"] = times[0], times[half - 1]
        back = dict(zip([s for _, s in ROUND_TRIP[half:]], times[half:]))  # pong -> ping
        back["sent"], back["received"] = times[half], times[-1]
        for d in (at, back):
            for name, a, b in SEGMENTS:
                seg[name].append(d[b] - d[a])
            one_way.append(d["received"] - d["sent"])
        seg[SIDE_SEGMENTS[0][0]] += [v for v in side if v is not None]
    if not trips:
        return {"error": "no complete round trip in the stage traces"}
    return {"stages": [{"segment": name, "p50_ns": percentile(v, 0.5), "p90_ns": percentile(v, 0.9)}
                       for name, v in seg.items() if v],
            "one_way_p50_ns": percentile(one_way, 0.5), "round_trips": len(trips), "threads": threads}


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def with_base(paths):
    """The paths, each bridge path followed by its --base-bin twin (reports list what ran)."""
    return [v for p in paths for v in ([p, p + "@base"] if p.startswith("bridge") and not p.endswith("@base") else [p])]


def fmt_us(ns):
    return "—" if ns is None else f"{ns / 1000:.1f}"


def spread(runs, key, fmt):
    """'lowest–highest' over the rounds (the noise beside a median), or '—'."""
    vals = [r[key] for r in runs if key in r]
    return f"{fmt(min(vals))}–{fmt(max(vals))}" if len(vals) > 1 else "—"


def median_of(runs, key):
    vals = [r[key] for r in runs if key in r]
    return statistics.median(vals) if vals else None


def run_cells(bench, name, cells, rounds):
    """cells: list of (label, fn). Returns {label: [result, ...]} with "probe" in each result.
    Cells that end with an error are listed in bench.failed (a documented "not measured" is not)."""
    results = {label: [] for label, _ in cells}
    for r in range(rounds):
        for label, fn in cells:
            probe = bench.probe()
            try:
                out = fn()
            finally:
                bench.cleanup()
            out["probe"] = probe
            results[label].append(out)
            if "error" in out and not out["error"].startswith("not measured"):
                bench.failed.append(f"{name} {label}: {out['error']}")
            log(f"[{name} round {r + 1}/{rounds}] {label}: probe {probe} ns: {json.dumps(out)}")
    return results


def probe_text(runs):
    ps = [r["probe"] for r in runs]
    return f"{statistics.median(ps):.0f} ({''.join(sorted(set(band(p) for p in ps)))})"


def latency_report(res, kinds, rounds):
    lines = ["| message | path | p50 µs | p50 rounds µs | p99 µs | vs ddsperf p50 | added vs dmxp p50 / ddsperf p50 | samples/run | probe ns (band) | notes |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for kind in kinds:
        base = {p: median_of(res[(kind, p)], "p50_ns") for p in with_base(LAT_PATHS) if (kind, p) in res}
        for p in with_base(LAT_PATHS):
            runs = res.get((kind, p))
            if not runs:
                continue
            p50, p99 = median_of(runs, "p50_ns"), median_of(runs, "p99_ns")
            dds, dmxp = base.get("ddsperf"), base.get("dmxp")
            ratio = f"{p50 / dds:.2f}" if p50 and dds else "—"
            added = (f"{(p50 - dmxp) / dds:.2f}" if p50 and dds and dmxp and p.startswith("bridge") and not p.startswith("bridge-rclpy")
                     else "—")
            errors = sorted({r.get("error", "") or r.get("note", "") for r in runs} - {""})
            lines.append(f"| {kind} | {p} | {fmt_us(p50)} | {spread(runs, 'p50_ns', fmt_us)} | {fmt_us(p99)} | {ratio} | {added} | "
                         f"{runs[0].get('samples', '—')} | {probe_text(runs)} | {'; '.join(errors)[:120]} |")
    return "\n".join(lines)


def throughput_report(res, kinds):
    lines = ["| message | path | msgs/s | rounds msgs/s | vs rclpy | missing in window (median) | probe ns (band) | notes |",
             "|---|---|---|---|---|---|---|---|"]
    for kind in kinds:
        rclpy = median_of(res.get((kind, "rclpy"), []), "msgs_per_s")
        for p in with_base(TPUT_PATHS):
            runs = res.get((kind, p))
            if not runs:
                continue
            rate = median_of(runs, "msgs_per_s")
            ratio = f"{rate / rclpy:.2f}" if rate and rclpy else "—"
            missing = median_of(runs, "missing")
            errors = sorted({r.get("error", "") or r.get("note", "") for r in runs} - {""})
            lines.append(f"| {kind} | {p} | {rate:,.0f} | {spread(runs, 'msgs_per_s', lambda v: f'{v:,.0f}')} | {ratio} | "
                         f"{missing if missing is not None else '—'} | {probe_text(runs)} | {'; '.join(errors)[:120]} |"
                         if rate else f"| {kind} | {p} | — | — | — | — | {probe_text(runs)} | {'; '.join(errors)[:160]} |")
    return "\n".join(lines)


def publisher_report(res):
    lines = ["| message, rate | bridge | publish p50 ns | p50 rounds ns | p99 ns | p99.9 ns | mean ns | mean rounds ns | msgs/s | bridge A CPU | probe ns (band) |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for (kind, rate, config), runs in res.items():
        ok = [r for r in runs if "p50_ns" in r]
        if not ok:
            lines.append(f"| {kind}, {rate or 'flat out'} | {config} | {runs[0].get('error', '')[:100]} | | | | | | | | |")
            continue
        m = lambda k: median_of(ok, k)  # noqa: E731
        ns = lambda v: f"{v:.0f}"  # noqa: E731
        lines.append(f"| {kind}, {str(rate) + ' Hz' if rate else 'flat out'} | {config} | {m('p50_ns'):.0f} | "
                     f"{spread(ok, 'p50_ns', ns)} | {m('p99_ns'):.0f} | {m('p999_ns'):.0f} | {m('mean_ns'):.0f} | "
                     f"{spread(ok, 'mean_ns', ns)} | {m('msgs_per_s'):,.0f} | "
                     f"{100 * m('bridge_cpu'):.0f} % | {probe_text(ok)} |")
    return "\n".join(lines)


LOG_LINE = re.compile(r"\[(\w+) round (\d+)/(\d+)\] (\(.*?\)): probe (\d+) ns: (\{.*\})$")


def results_from_log(path):
    """{part: {cell: [result, ...]}} and the rounds, from the stderr log of a run (run_cells)."""
    parts, rounds = {}, 1
    with open(path) as f:
        for line in f:
            m = LOG_LINE.match(line.strip())
            if not m:
                continue
            out = json.loads(m.group(6))
            out["probe"] = int(m.group(5))
            parts.setdefault(m.group(1), {}).setdefault(ast.literal_eval(m.group(4)), []).append(out)
            rounds = int(m.group(3))
    return parts, rounds


def stages_report(res):
    """Per bridge path and message: the median over rounds of each segment's p50 (and p90)."""
    lines = []
    for (kind, path), runs in res.items():
        ok = [r for r in runs if "stages" in r]
        if not ok:
            lines += ["", f"{kind}, {path}: {runs[0].get('error', 'no result')[:160]}"]
            continue
        lines += ["", f"{kind}, {path} ({ok[0]['round_trips']} round trips per round, {len(ok)} round(s), "
                      f"probe {probe_text(ok)}):", "",
                  "| one-way segment | p50 µs | p90 µs |", "|---|---|---|"]
        one_way = f"| **one way, publish → subscriber** | {statistics.median(r['one_way_p50_ns'] for r in ok) / 1000:.1f} | |"
        for i, st in enumerate(ok[0]["stages"]):
            if st["segment"].startswith("(beside"):
                lines.append(one_way)
                one_way = None
            p50 = statistics.median(r["stages"][i]["p50_ns"] for r in ok if i < len(r["stages"]))
            p90 = statistics.median(r["stages"][i]["p90_ns"] for r in ok if i < len(r["stages"]))
            lines.append(f"| {st['segment']} | {p50 / 1000:.1f} | {p90 / 1000:.1f} |")
        if one_way:
            lines.append(one_way)
        threads = ok[0].get("threads", {})
        lines += ["", "Threads: " + ", ".join(f"{k}: `{v}`" for k, v in sorted(threads.items()))]
    return "\n".join(lines)


def report_sections(parts, kinds, rounds):
    """The markdown sections for the parts that ran ({part: {cell: [result, ...]}})."""
    out = []
    if "stages" in parts:
        out += ["", "### Where the time of one bridged hop goes (stage timestamps, dmxp-bridge-traced)",
                stages_report(parts["stages"])]
    if "latency" in parts:
        out += ["", "### Latency, one way (ping-pong round trip / 2)", "", latency_report(parts["latency"], kinds, rounds)]
    if "throughput" in parts:
        out += ["", "### Throughput (publisher flat out, reliable, rate at the far subscriber)", "",
                throughput_report(parts["throughput"], kinds)]
    if "publisher" in parts:
        out += ["", "### The DMXP publisher's loop (loan, fill, publish) with and without the bridge exporting its topic",
                "", publisher_report(parts["publisher"])]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.path.join(REPO, "build", "bin"))
    ap.add_argument("--ros-python", default=os.path.join(REPO, "build", "ros2-venv", "bin", "python"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="1 round, few samples: a smoke run")
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--only", default="latency,throughput,publisher")
    ap.add_argument("--out", help="also write the report (markdown) here")
    ap.add_argument("--paths", default="", help="only these paths (and publisher configurations)")
    ap.add_argument("--smoke", action="store_true", help="the ctest: 64B, dmxp and bridge, every part once")
    ap.add_argument("--from-log", help="print the report of an earlier run from its stderr log; runs nothing")
    ap.add_argument("--base-bin", help="also run every bridge path with this directory's dmxp-bridge (as <path>@base), "
                                       "interleaved with this build's")
    ap.add_argument("--pin", action="store_true", help="publisher part: 64B flat out, pinned placements (PLACEMENTS)")
    ap.add_argument("--stage-paths", default="bridge-futex", help="bridge paths of the stages part")
    args = ap.parse_args()
    if args.from_log:
        parts, rounds = results_from_log(args.from_log)
        kinds = [k for k in KINDS if any(c[0] == k for cells in parts.values() for c in cells)]
        print("\n".join(report_sections(parts, kinds, rounds)).strip())
        return
    if args.smoke:
        args.quick, args.kinds, args.paths = True, "64B", "dmxp,bridge"
    rounds = 1 if args.quick else args.rounds
    kinds = [k for k in args.kinds.split(",") if k]
    parts = set(args.only.split(","))
    if args.paths:
        keep = set(args.paths.split(","))
        LAT_PATHS[:] = [p for p in LAT_PATHS if p in keep]
        TPUT_PATHS[:] = [p for p in TPUT_PATHS if p in keep]
        PUB_CONFIGS[:] = [c for c in PUB_CONFIGS if c in keep or c == "not exported"]
    if args.base_bin:
        for paths in (LAT_PATHS, TPUT_PATHS, PUB_CONFIGS):
            paths[:] = with_base(paths)
    needs = ["dmxp-bridge", "dmxp-bench-bridge-peer", "dmxp-bench-probe"] + (["dmxp-bridge-traced"] if "stages" in parts else [])
    for need in needs:
        if not os.access(os.path.join(args.bin, need), os.X_OK):
            sys.exit(f"{need} is not in {args.bin}: build it (cmake --build build --target {need.replace('-', '_') if need == 'dmxp-bridge' else need})")
    uses_rclpy = any("rclpy" in p for p in LAT_PATHS + TPUT_PATHS) or "ddsperf" in LAT_PATHS + TPUT_PATHS
    if uses_rclpy and not os.access(args.ros_python, os.X_OK):
        sys.exit(f"no ROS 2 venv at {args.ros_python}: run tools/scripts/ros2-env.sh")
    ok, why = netns.permitted()
    if not ok:
        print(f"SKIPPED: {why}")
        sys.exit(77)
    commit = subprocess.run(["git", "-C", REPO, "describe", "--always", "--dirty"], capture_output=True, text=True).stdout.strip()
    report = [f"Commit `{commit}`, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
              f"{platform.node()} ({os.cpu_count()} CPUs, Linux {platform.release()}), {rounds} interleaved round(s), "
              "one network namespace (loopback), medians over rounds."]
    results = {}
    with netns.Host("bench") as host:
        bench = Bench(host, args)
        try:
            if "latency" in parts:
                cells = [((k, p), (lambda k=k, p=p: bench.latency(p, k))) for k in kinds for p in LAT_PATHS]
                results["latency"] = run_cells(bench, "latency", cells, rounds)
            if "throughput" in parts:
                cells = [((k, p), (lambda k=k, p=p: bench.throughput(p, k))) for k in kinds for p in TPUT_PATHS]
                results["throughput"] = run_cells(bench, "throughput", cells, rounds)
            if "stages" in parts:
                cells = [((k, p), (lambda k=k, p=p: bench.stages(p, k))) for k in kinds for p in args.stage_paths.split(",")]
                results["stages"] = run_cells(bench, "stages", cells, rounds)
            if "publisher" in parts and args.pin:
                cells = [(("64B", 0, c), (lambda c=c: bench.publisher(c, "64B", 0))) for c in PIN_CONFIGS]
                results["publisher"] = run_cells(bench, "publisher", cells, rounds)
            elif "publisher" in parts:
                shapes = [("64B", 1000)] if args.smoke else [("64B", 1000), ("odom", 1000), ("64B", 0)]
                cells = [((k, rate, c), (lambda k=k, rate=rate, c=c: bench.publisher(c, k, rate)))
                         for k, rate in shapes for c in PUB_CONFIGS]
                results["publisher"] = run_cells(bench, "publisher", cells, rounds)
        finally:
            bench.cleanup()
    report += report_sections(results, kinds, rounds)
    text = "\n".join(report) + "\n"
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    if bench.failed:
        sys.exit("cells without a result: " + "; ".join(bench.failed))


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    main()
