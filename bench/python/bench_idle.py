#!/usr/bin/env python3
"""CPU of an idle Python node: one subscription that gets no message and one timer, DMXP
executors against rclpy (ROS 2 Jazzy on Fast DDS, from PyPI), interleaved.

    python3 bench/python/bench_idle.py [--build-dir build] [--rounds 3] [--seconds 10]
                                       [--periods 0.1,0.001] [--variants ...] [--out FILE]

Each run starts one node process, lets it settle for 2 s, then reads the CPU time of all its
threads (/proc/<pid>/task/*/schedstat, ns) over --seconds and reports it as microseconds of
CPU per second (1,000,000 = one core). Variants:

  dmxp         dmxp.spin(node): the default executor (waiter sleeps in the waitset)
  dmxp-spin50  SingleThreadedExecutor(spin=50e-6): polls 50 us after each wake-up, then sleeps
  dmxp-busy    SingleThreadedExecutor(busy_poll=True): never sleeps
  rclpy        rclpy.spin(node), inside a network namespace of its own (no DDS traffic leaves
               the machine; tools/scripts/ros2-env.sh makes build/ros2-venv)

Cells: the timer's period (--periods, seconds): 0.1 (a 10 Hz heartbeat: the idle floor) and
0.001 (1 kHz: what each wake-up costs, spin included). Variants alternate within each round.
Children: `bench_idle.py _run <variant> <period>`.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from bench_common import netns_prefix, python_path, remove_domain, stop

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SETTLE_S = 2.0


def dmxp_node(variant, period):
    import dmxp
    from std_msgs.msg import Int64

    node = dmxp.Node("idle", arguments=[])
    ticks = [0]
    node.create_subscription(Int64, "idle_in", lambda msg: None, qos=10)
    node.create_timer(period, lambda: ticks.__setitem__(0, ticks[0] + 1))
    if variant == "dmxp":
        executor = dmxp.SingleThreadedExecutor()
    elif variant == "dmxp-busy":
        executor = dmxp.SingleThreadedExecutor(busy_poll=True)
    else:
        executor = dmxp.SingleThreadedExecutor(spin=float(variant[len("dmxp-spin"):]) * 1e-6)
    executor.add_node(node)
    print("ready", flush=True)
    executor.spin()


def rclpy_node(period):
    import rclpy
    from std_msgs.msg import Int64

    rclpy.init(args=[])
    node = rclpy.create_node("idle")
    ticks = [0]
    node.create_subscription(Int64, "idle_in", lambda msg: None, 10)
    node.create_timer(period, lambda: ticks.__setitem__(0, ticks[0] + 1))
    print("ready", flush=True)
    try:
        rclpy.spin(node)
    except BaseException:  # SIGTERM from the parent
        pass


def cpu_ns(pid):
    """CPU time of every thread of pid so far (schedstat's first field: ns on the CPU)."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass  # the thread ended meanwhile
    return total


def measure(cmd, env, seconds):
    """µs of CPU per second of the node process over `seconds`, after SETTLE_S."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline().strip()
        if line != "ready":
            raise RuntimeError(f"{cmd[-2]} did not start: {line} {proc.stderr.read()[-1500:]}")
        time.sleep(SETTLE_S)
        # `ip netns exec` execs the program: the pid is the node's own.
        before, t0 = cpu_ns(proc.pid), time.monotonic()
        time.sleep(seconds)
        after, t1 = cpu_ns(proc.pid), time.monotonic()
        return (after - before) / 1e3 / (t1 - t0)
    finally:
        stop(proc)


def main():
    ap = argparse.ArgumentParser(description="CPU of an idle Python node: DMXP executors vs rclpy")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--periods", default="0.1,0.001")
    ap.add_argument("--variants", default="dmxp,dmxp-spin50,dmxp-busy,rclpy")
    ap.add_argument("--out", default=os.path.join(HERE, "RESULTS-idle.json"))
    args = ap.parse_args()
    build = os.path.abspath(args.build_dir)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    commands = {}
    for v in args.variants.split(","):
        if v.startswith("dmxp"):
            commands[v] = ([os.path.join(build, "venv", "bin", "python")], dict(env, PYTHONPATH=python_path(build)))
    ros_py = os.path.join(build, "ros2-venv", "bin", "python")
    ns = netns_prefix() if "rclpy" in args.variants.split(",") and os.path.exists(ros_py) else None
    if ns:
        commands["rclpy"] = ([*ns, ros_py], dict(env, ROS_DOMAIN_ID="43", RMW_IMPLEMENTATION="rmw_fastrtps_cpp"))
    results = []
    for r in range(args.rounds):
        for period in args.periods.split(","):
            order = list(commands) if r % 2 == 0 else list(reversed(commands))  # who goes first swaps
            for variant in order:
                prefix, venv = commands[variant]
                venv = dict(venv, DMXP_DOMAIN=f"idle{os.getpid()}r{r}")
                try:
                    us = measure([*prefix, __file__, "_run", variant, period], venv, args.seconds)
                    res = {"cpu_us_per_s": round(us, 1)}
                except RuntimeError as e:
                    res = {"error": str(e)[-600:]}
                res.update(round=r + 1, period_s=float(period), variant=variant)
                results.append(res)
                print(json.dumps(res), flush=True)
                remove_domain(venv['DMXP_DOMAIN'])
    with open(args.out, "w") as f:
        json.dump({"args": vars(args), "results": results}, f, indent=1)
    print("| timer period | variant | CPU us per s (median of rounds) | rounds |")
    print("|---|---|---|---|")
    for period in args.periods.split(","):
        for variant in commands:
            runs = [x["cpu_us_per_s"] for x in results
                    if x["variant"] == variant and x["period_s"] == float(period) and "cpu_us_per_s" in x]
            each = ", ".join(f"{x:.0f}" for x in runs) or "error"
            med = f"{statistics.median(runs):.0f}" if runs else "error"
            print(f"| {period} s | {variant} | {med} | {each} |")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_run":
        variant, period = sys.argv[2], float(sys.argv[3])
        rclpy_node(period) if variant == "rclpy" else dmxp_node(variant, period)
    else:
        main()
