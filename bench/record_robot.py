#!/usr/bin/env python3
"""What `dmxp record -a` costs and keeps on the robot graph (examples/robot, camera on).

    build/venv/bin/python bench/record_robot.py [--build-dir build] [--seconds 10]
        [--resolution 1080p|4k] [--baseline PATH-TO-AN-OLDER-dmxp --baseline-label main]
        [--compressions none,lz4,zstd] [--profiles ros2,native] [--out FILE]

Starts the graph under dmxp-launch in a domain of its own, lets it settle, then records
every topic for --seconds with each variant in turn (never two at once): the baseline binary
when given (e.g. a dmxp built from main, whose files are unchunked and uncompressed), then
this build with each profile (--profiles) and compression (--compressions). Per variant: file size and MB per minute,
the recorder's CPU (user + system seconds over wall seconds, from wait4), and per topic the
messages recorded and what was dropped, and why (from `dmxp bag info --json`; a baseline
without drop counts prints the losses it reported on stderr; a file that `bag info` rejects,
e.g. for a CRC mismatch, is counted with the `mcap` package without CRC checks and marked).
Prints a markdown report.
"""
import argparse
import glob
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def record(dmxp, env, out, seconds, options):
    """Runs one recording; returns (wall s, cpu s, stderr)."""
    start = time.monotonic()
    p = subprocess.Popen([dmxp, "record", "-a", "--duration", str(seconds), "-o", out, *options],
                         env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - start
    err = p.stderr.read()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"record {' '.join(options)} failed ({p.returncode}): {err}")
    return wall, usage.ru_utime + usage.ru_stime, err


def bag_info(dmxp, env, path):
    """`dmxp bag info --json`; for a file it rejects, the counts as the mcap package reads them
    without checking CRCs, with the rejection in "error"."""
    r = subprocess.run([dmxp, "--json", "bag", "info", path], env=env, capture_output=True, text=True)
    if r.returncode == 0:
        return json.loads(r.stdout)
    from mcap.reader import make_reader  # in build/venv
    counts, times = {}, []
    with open(path, "rb") as f:
        for _, c, m in make_reader(f).iter_messages(log_time_order=False):
            counts[c.topic] = counts.get(c.topic, 0) + 1
            times.append(m.log_time)
    return {"error": "bag info: " + r.stderr.strip().split(": ")[-1], "messages": len(times),
            "start_ns": min(times), "end_ns": max(times),
            "topics": [{"topic": t, "messages": n} for t, n in counts.items()]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--resolution", default="1080p", choices=["1080p", "4k"])
    ap.add_argument("--baseline", help="an older dmxp binary to compare with (e.g. built from main)")
    ap.add_argument("--baseline-label", default="baseline")
    ap.add_argument("--compressions", default="none,lz4,zstd", help="the variants of this build (comma-separated)")
    ap.add_argument("--profiles", default="ros2", help="profiles of this build's variants (comma-separated: ros2,native)")
    ap.add_argument("--out", help="also write the report here")
    a = ap.parse_args()
    binary = os.path.join(a.build_dir, "bin")
    dmxp = os.path.join(binary, "dmxp")
    env = dict(os.environ, DMXP_DOMAIN=f"recbench{os.getpid()}")
    work = tempfile.mkdtemp(prefix="record_robot_")
    launch = subprocess.Popen([os.path.join(binary, "dmxp-launch"), os.path.join(ROOT, "examples/robot/graph.yaml"),
                               f"camera_resolution:={a.resolution}"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    variants = [(a.baseline_label, a.baseline, [])] if a.baseline else []
    variants += [(f"--profile {p} --compression {c}", dmxp, ["--profile", p, "--compression", c])
                 for p in a.profiles.split(",") for c in a.compressions.split(",")]
    rows, topics = [], {}
    try:
        time.sleep(4)  # every node up, every topic publishing
        for name, binary_path, options in variants:
            out = os.path.join(work, name.replace(" ", "_").replace("/", "_") + ".mcap")
            wall, cpu, err = record(binary_path, env, out, a.seconds, options)
            info = bag_info(dmxp, env, out)
            size = os.path.getsize(out)
            span = (info["end_ns"] - info["start_ns"]) / 1e9 or a.seconds
            rows.append((name + (f" ({info['error']})" if "error" in info else ""), size, size / span * 60 / 1e6,
                         cpu / wall, info["messages"]))
            name = rows[-1][0]
            for t in info["topics"]:
                d = t.get("dropped")
                why = ", ".join(f"{n} {k}" for k, n in d.items() if n) if d else \
                    "; ".join(line.split(": ", 2)[2] for line in err.splitlines() if t["topic"] + " " in line or
                              line.endswith(" of " + t["topic"] + " were overwritten before they were recorded")) or "-"
                topics.setdefault(t["topic"], {})[name] = f"{t['messages']} ({why or 'none dropped'})"
            os.remove(out)
    finally:
        launch.send_signal(signal.SIGINT)
        try:
            launch.wait(20)
        except subprocess.TimeoutExpired:
            launch.kill()
        os.rmdir(work)
        # The graph's pre-created topic channels outlive it: remove the domain's segments.
        shm = os.environ.get("DMXP_SHM_DIR", "/dev/shm")
        for f in glob.glob(os.path.join(shm, f"dmxp.{env['DMXP_DOMAIN']}.*")):
            os.remove(f)
    base = rows[0][1]
    lines = [f"Robot graph, camera {a.resolution} at 30 Hz, `dmxp record -a --duration {a.seconds:g}` "
             f"(host: {os.cpu_count()} CPUs)", "",
             "| recorder | file bytes | MB/min | size vs first | CPU (of one core) | messages |",
             "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {n} | {s} | {m:.1f} | {s / base:.3f} | {c * 100:.0f} % | {msgs} |" for n, s, m, c, msgs in rows]
    lines += ["", "Messages recorded per topic (dropped, and why):", "",
              "| topic | " + " | ".join(r[0] for r in rows) + " |", "|---|" + "---|" * len(rows)]
    lines += [f"| {t} | " + " | ".join(v.get(r[0], "-") for r in rows) + " |" for t, v in sorted(topics.items())]
    report = "\n".join(lines) + "\n"
    print(report)
    if a.out:
        with open(a.out, "w") as f:
            f.write(report)


if __name__ == "__main__":
    main()
