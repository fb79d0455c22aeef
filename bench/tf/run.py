#!/usr/bin/env python3
"""Transforms' cost on this machine (docs/tf.md): lookup_transform latency (C++ and Python)
and the CPU a node with a TransformListener and a Buffer spends on a 1 kHz /tf stream
(C++ and Python listeners; the C++ broadcaster's own cost beside). Prints a markdown section
for bench/RESULTS.md.

    python3 bench/tf/run.py --build-dir build [--seconds 10]

Needs the build's bin/dmxp-bench-tf (-DDMXP_BUILD_BENCH=ON), the Python package and message
types (tools/scripts/run.sh's DMXP_PYTHONPATH, or PYTHONPATH) for the Python rows.
"""
import argparse
import os
import platform
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def fields(line):
    return dict(re.findall(r"(\w+)=([\d.]+)", line))


def stream(broadcaster, listener_cmd, seconds, env):
    """Starts the listener, then a 1 kHz broadcaster for `seconds`; returns both result lines."""
    lst = subprocess.Popen(listener_cmd, stdout=subprocess.PIPE, text=True, env=env)
    assert lst.stdout.readline().strip() == "ready"
    b = subprocess.run([broadcaster, "broadcast", "--rate", "1000", "--seconds", str(seconds)], capture_output=True,
                       text=True, env=env, check=True)
    out, _ = lst.communicate(timeout=seconds + 30)
    return fields(b.stdout), fields(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--seconds", type=float, default=10.0)
    a = ap.parse_args()
    bench = os.path.join(a.build_dir, "bin", "dmxp-bench-tf")
    env = dict(os.environ, DMXP_DOMAIN=f"benchtf{os.getpid()}")
    rows = []
    out = subprocess.run([bench, "lookup"], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        f = fields(line)
        case = re.search(r"case=(.*?) mean_ns", line).group(1)
        rows.append(f"| C++ lookup_transform, {case} | {f['mean_ns']} ns mean, {f['p50_ns']} ns p50, "
                    f"{f['p99_ns']} ns p99 (timed singly) |")
    out = subprocess.run([sys.executable, os.path.join(HERE, "py_bench.py"), "lookup"], capture_output=True, text=True,
                         env=env, check=True).stdout
    for line in out.splitlines():
        f = fields(line)
        case = re.search(r"case=(.*?) mean_ns", line).group(1)
        rows.append(f"| Python lookup_transform, {case} | {float(f['mean_ns']) / 1000:.1f} µs mean |")
    wall = a.seconds
    for name, cmd in (("C++", [bench, "listen", "--seconds", str(wall + 2)]),
                      ("Python", [sys.executable, os.path.join(HERE, "py_bench.py"), "listen", str(wall + 2)])):
        b, l = stream(bench, cmd, wall, env)
        rows.append(f"| 1 kHz /tf into a {name} node with a buffer: listener CPU | "
                    f"{100 * float(l['cpu_s']) / (wall + 2):.1f} % of a core ({int(float(b['sent']))} sent, "
                    f"{l.get('samples', '?')} samples in the buffer at the end) |")
        rows.append(f"| ... the C++ broadcaster's CPU at 1 kHz | {100 * float(b['cpu_s']) / wall:.1f} % of a core |")
    print(f"## Transforms (bench/tf)\n\n- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n"
          f"- machine: {platform.processor() or platform.machine()}, nproc {os.cpu_count()}, shared with other "
          f"builds (numbers are upper bounds)\n- reproduce: `python3 bench/tf/run.py --build-dir build`\n"
          f"- listener CPU: user + system time over the listener's whole spin ({wall + 2:g} s, the stream "
          f"{wall:g} s of it), per wall second\n"
          f"- tf2 (ROS 2) beside it: not measurable here, the ROS 2 Jazzy wheels on PyPI have no tf2, tf2_ros, "
          f"tf2_py or tf2_msgs\n\n| what | result |\n|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
