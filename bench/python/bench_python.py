#!/usr/bin/env python3
"""Python receive throughput and C++ -> Python latency of DMXP, side by side with iceoryx2's
Python binding (PyPI `iceoryx2`, installed in a separate bench venv).

    python3 bench/python/bench_python.py [--build-dir build-py] [--rounds 3] [--seconds 2]
                                         [--samples 2000] [--out bench/python/RESULTS.md]

The bench venv (<build>/bench-venv, numpy + iceoryx2) is made on first use; without PyPI the
iceoryx2 column stays empty. Every cell runs DMXP and iceoryx2 interleaved (A B A B ...,
median of the rounds), each run preceded by the placement probe of bench/ (dmxp-bench-probe)
whose p50 says which vCPU band the run saw (shared/BENCHMARKING.md). Producers are pinned to
CPU 0, the Python receiver to CPU 1.

Cells:
  throughput 64 B    DMXP: a C++ producer (dmxp-pybench-feed, RELIABLE, lossless) and Python
                     receiving with receive() (one Message per call), receive_batch() (views)
                     and receive_into() (copies rows into one numpy array per call).
                     iceoryx2: a Python publisher (send_copy) and Python receive().
  latency 64 B / 4K  one message per 1 ms (64 B, or 4K: 3840x2160x3 + 64 B), its
                     producer's CLOCK_MONOTONIC stamp against the time the Python side holds a
                     numpy array over the payload (busy-polling receiver). DMXP: C++ producer;
                     iceoryx2: Python publisher (its C++/Rust publishers are not Python-side).

The script also runs its own pieces in child processes: `bench_python.py _run <cell> ...`.
"""

import argparse
import ctypes
import json
import os
import statistics
import subprocess
import sys
import time

from bench_common import probe, python_path

FRAME = 3840 * 2160 * 3 + 64
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def pin(cpu):
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError:
        pass


# ---------------------------------------------------------------- children: DMXP
def dmxp_throughput(api, seconds, feed):
    import numpy as np

    import dmxp

    pin(1)
    cons = dmxp.Consumer("pyb.flood", capacity=4096, slot_size=64)
    p = subprocess.Popen([feed, "flood", "--channel", "pyb.flood", "--size", "64", "--seconds", str(seconds + 1)],
                         stdout=subprocess.PIPE, text=True)
    count = 0
    rows = np.empty((1024, 64), np.uint8)
    first = cons.receive(timeout=10)
    start = time.perf_counter()
    end = start + seconds
    while time.perf_counter() < end:
        for _ in range(64):
            if api == "single":
                msg = cons.receive(timeout=1)
                count += msg is not None
            elif api == "batch_views":
                count += len(cons.receive_batch(256, timeout=1))
            else:
                count += cons.receive_into(rows, timeout=1)
    elapsed = time.perf_counter() - start
    del first
    cons.close()
    p.wait()
    return {"msgs_per_s": count / elapsed}


def dmxp_latency(size, samples, feed):
    import numpy as np

    import dmxp

    pin(1)
    interval = 1000  # the same pace for every size: idle time between samples changes latency
    channel = f"pyb.lat{size}"  # one channel per geometry
    cons = dmxp.Consumer(channel, capacity=4 if size > 4096 else 64, slot_size=max(size, 64), spin=-1)
    p = subprocess.Popen([feed, "latency", "--channel", channel, "--size", str(size), "--samples",
                          str(samples), "--interval-us", str(interval)], stdout=subprocess.PIPE, text=True)
    lat = []
    for _ in range(samples):
        msg = cons.receive(timeout=10)
        arr = np.frombuffer(msg, np.uint8)
        if size > 4096:
            arr = arr[64:].reshape(2160, 3840, 3)
            stamp = int(np.frombuffer(msg, "<i8", count=1)[0])
        else:
            stamp = int(arr[:8].view("<i8")[0])
        lat.append(time.monotonic_ns() - stamp)
    p.wait()
    return summarize(lat)


# ---------------------------------------------------------------- children: iceoryx2
def iox_service(size, name):
    import iceoryx2 as iox

    class Payload(ctypes.Structure):
        _fields_ = [("stamp", ctypes.c_int64), ("data", ctypes.c_uint8 * (size - 8))]

    node = iox.NodeBuilder.new().create(iox.ServiceType.Ipc)
    service = (node.service_builder(iox.ServiceName.new(name)).publish_subscribe(Payload)
               .max_publishers(1).max_subscribers(1).subscriber_max_buffer_size(4 if size > 4096 else 1024)
               .history_size(0).open_or_create())
    return node, service, Payload


def iox_publisher(mode, size, count_or_seconds, name):
    import iceoryx2 as iox

    pin(0)
    node, service, Payload = iox_service(size, name)
    pub = service.publisher_builder().create()
    sub_seen = time.monotonic() + 10
    while service.dynamic_config.number_of_subscribers == 0 and time.monotonic() < sub_seen:
        time.sleep(0.001)
    if mode == "flood":
        value = Payload()
        end = time.perf_counter() + count_or_seconds
        while time.perf_counter() < end:
            for _ in range(256):
                pub.send_copy(value)
        return
    interval = 0.001
    for _ in range(int(count_or_seconds)):
        sample = pub.loan_uninit()
        ctypes.memmove(sample.payload_ptr, ctypes.byref(ctypes.c_int64(time.monotonic_ns())), 8)
        sample.assume_init().send()
        due = time.perf_counter() + interval
        while time.perf_counter() < due:
            pass
    del iox


def iox_throughput(seconds):
    pin(1)
    node, service, Payload = iox_service(64, "pyb/flood")
    sub = service.subscriber_builder().create()
    p = subprocess.Popen([sys.executable, __file__, "_run", "iox-pub", "flood", "64", str(seconds + 1), "pyb/flood"])
    count = 0
    while sub.receive() is None:
        pass
    start = time.perf_counter()
    end = start + seconds
    while time.perf_counter() < end:
        for _ in range(64):
            count += sub.receive() is not None
    elapsed = time.perf_counter() - start
    p.wait()
    return {"msgs_per_s": count / elapsed}


def iox_latency(size, samples):
    import numpy as np

    pin(1)
    name = f"pyb/lat{size}"
    node, service, Payload = iox_service(size, name)
    sub = service.subscriber_builder().create()
    p = subprocess.Popen([sys.executable, __file__, "_run", "iox-pub", "latency", str(size), str(samples), name])
    lat = []
    while len(lat) < samples:
        sample = sub.receive()
        if sample is None:
            if p.poll() is not None and not sub.has_samples():
                break  # the publisher is done; what it sent and we missed was overwritten
            continue
        buf = (ctypes.c_uint8 * size).from_address(sample.payload_ptr)
        arr = np.ctypeslib.as_array(buf)  # zero-copy view of the payload
        if size > 4096:
            arr = arr[64:].reshape(2160, 3840, 3)
        stamp = ctypes.c_int64.from_address(sample.payload_ptr).value
        lat.append(time.monotonic_ns() - stamp)
        del arr, buf, sample
    p.wait()
    return summarize(lat)


def summarize(lat):
    lat = sorted(lat)
    pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]  # noqa: E731
    return {"p50_ns": pick(0.5), "p99_ns": pick(0.99), "p999_ns": pick(0.999), "samples": len(lat)}


def child(argv):
    what = argv[0]
    if what == "dmxp-throughput":
        out = dmxp_throughput(argv[1], float(argv[2]), argv[3])
    elif what == "dmxp-latency":
        out = dmxp_latency(int(argv[1]), int(argv[2]), argv[3])
    elif what == "iox-throughput":
        out = iox_throughput(float(argv[1]))
    elif what == "iox-latency":
        out = iox_latency(int(argv[1]), int(argv[2]))
    elif what == "iox-pub":
        iox_publisher(argv[1], int(argv[2]), float(argv[3]), argv[4])
        return
    else:
        raise SystemExit(f"unknown child {what}")
    print(json.dumps(out), flush=True)


# ---------------------------------------------------------------- orchestration
def bench_venv(build):
    venv = os.path.join(build, "bench-venv")
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    ok = subprocess.run([py, "-c", "import iceoryx2, numpy"], capture_output=True).returncode == 0
    if not ok:
        r = subprocess.run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "iceoryx2", "numpy"])
        ok = r.returncode == 0
    return py if ok else None


def run_child(python, args, env):
    out = subprocess.run([python, __file__, "_run", *map(str, args)], capture_output=True, text=True, env=env,
                         timeout=300)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))}: {out.stderr.strip()[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description="DMXP vs iceoryx2, from Python")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build-py"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--samples", type=int, default=2000)
    ap.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"))
    args = ap.parse_args()
    build = os.path.abspath(args.build_dir)
    feed = os.path.join(build, "bin", "dmxp-pybench-feed")
    env = dict(os.environ)
    env["DMXP_DOMAIN"] = f"pybench{os.getpid()}"
    env["PYTHONPATH"] = python_path(build)
    dmxp_py = os.path.join(build, "venv", "bin", "python")
    iox_py = bench_venv(build)

    cells = [
        ("throughput 64 B, receive()", ["dmxp-throughput", "single", args.seconds, feed], ["iox-throughput", args.seconds]),
        ("throughput 64 B, receive_batch()", ["dmxp-throughput", "batch_views", args.seconds, feed], None),
        ("throughput 64 B, receive_into()", ["dmxp-throughput", "batch", args.seconds, feed], None),
        ("latency 64 B", ["dmxp-latency", 64, args.samples, feed], ["iox-latency", 64, args.samples]),
        ("latency 4K frame (24.9 MB)", ["dmxp-latency", FRAME, max(200, args.samples // 10), feed],
         ["iox-latency", FRAME, max(200, args.samples // 10)]),
    ]
    results = {name: {"dmxp": [], "iceoryx2": []} for name, _, _ in cells}
    for r in range(args.rounds):
        for name, dm, ix in cells:
            runs = [("dmxp", dmxp_py, dm)] + ([("iceoryx2", iox_py, ix)] if ix and iox_py else [])
            for peer, py, cmd in runs:
                p50 = probe(build)
                try:
                    res = run_child(py, cmd, env)
                except (RuntimeError, subprocess.TimeoutExpired) as e:
                    res = {"error": str(e)[-300:]}
                res["probe_p50_ns"] = p50
                results[name][peer].append(res)
                print(f"round {r + 1} {name} {peer}: {json.dumps(res)}", flush=True)
        for f in os.listdir("/dev/shm"):
            if f.startswith(f"dmxp.{env['DMXP_DOMAIN']}."):
                os.unlink(os.path.join("/dev/shm", f))
    write_report(args.out, results, args)


def median(runs, key):
    vals = [r[key] for r in runs if key in r]
    return statistics.median(vals) if vals else None


def write_report(path, results, args):
    lines = ["# Python binding: DMXP vs iceoryx2 (Python)", "",
             f"`python3 bench/python/bench_python.py --rounds {args.rounds} --seconds {args.seconds} "
             f"--samples {args.samples}`; medians of the rounds, runs interleaved, placement probe p50 "
             "(ns, cache-line one-way between CPU 0 and 1) of each run beside it.", "",
             "| cell | DMXP | iceoryx2 (Python) | ratio | probe p50 ns (DMXP runs; iceoryx2 runs) |",
             "|---|---|---|---|---|"]
    for name, peers in results.items():
        d, i = peers["dmxp"], peers["iceoryx2"]
        probes = ", ".join(str(r.get("probe_p50_ns")) for r in d) + "; " + ", ".join(str(r.get("probe_p50_ns")) for r in i)
        if name.startswith("throughput"):
            dv, iv = median(d, "msgs_per_s"), median(i, "msgs_per_s")
            fmt = lambda v: f"{v / 1e6:.2f} M msgs/s" if v else "-"  # noqa: E731
            ratio = f"DMXP / iceoryx2 = {dv / iv:.1f}" if dv and iv else "-"
        else:
            dv, iv = median(d, "p50_ns"), median(i, "p50_ns")
            d99, i99 = median(d, "p99_ns"), median(i, "p99_ns")
            fmt = lambda v, v99=None: f"p50 {v / 1e3:.1f} us" if v else "-"  # noqa: E731
            dtext = f"p50 {dv / 1e3:.1f} us, p99 {d99 / 1e3:.1f} us" if dv else "-"
            itext = f"p50 {iv / 1e3:.1f} us, p99 {i99 / 1e3:.1f} us" if iv else "-"
            ratio = f"iceoryx2 p50 / DMXP p50 = {iv / dv:.2f}" if dv and iv else "-"
            lines.append(f"| {name} | {dtext} | {itext} | {ratio} | {probes} |")
            continue
        lines.append(f"| {name} | {fmt(dv)} | {fmt(iv)} | {ratio} | {probes} |")
    errors = [f"- {name} {peer}: {r['error']}" for name, peers in results.items() for peer, runs in peers.items()
              for r in runs if "error" in r]
    if errors:
        lines += ["", "Errors:", *errors]
    lat64 = median(results["latency 64 B"]["dmxp"], "p50_ns")
    lat4k = median(results["latency 4K frame (24.9 MB)"]["dmxp"], "p50_ns")
    if lat64 and lat4k:
        lines += ["", f"DMXP 4K frame / 64 B latency (p50): {lat4k / lat64:.2f}x (target: within 2x)."]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_run":
        child(sys.argv[2:])
    else:
        main()
