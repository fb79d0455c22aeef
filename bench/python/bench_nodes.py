#!/usr/bin/env python3
"""Python node hop latency: callback-driven ping-pong between two Python processes, DMXP
nodes against the raw DMXP channel API, rclpy (ROS 2 Jazzy on Fast DDS, from PyPI) and
iceoryx2's Python binding, all interleaved in one run.

    python3 bench/python/bench_nodes.py [--build-dir build] [--before-build DIR] [--rounds 3]
                                        [--samples 2000] [--cells 64,1080p,4k] [--out FILE]

A hop is half a round trip: the pinger publishes message i, the echo process's callback (or
blocking receive) publishes it back, the pinger's callback sees it and publishes i + 1.
Pinger and echo are pinned to CPU 0 and CPU 1. Variants:

  raw        dmxp.Consumer.receive() (blocking, default spin) + Producer.send: the channel floor
  raw-busy   the same with Consumer(spin=-1): receive() never sleeps
  node       dmxp.Node + the default executor (dmxp.spin)
  node-busy  dmxp.Node + SingleThreadedExecutor(busy_poll=True): one core spins per process
  node-spinN  dmxp.Node + SingleThreadedExecutor(spin=N us): the waiter polls N us after
             each wake-up before it sleeps (node-spin50, node-spin200, ...)
  node-before  the same as `node` with the package of --before-build (e.g. a build of main)
  rclpy      rclpy nodes (build/ros2-venv: tools/scripts/ros2-env.sh), inside a network
             namespace of their own (DDS discovery must not leave the machine)
  iceoryx2   iceoryx2 publish-subscribe, receive() polled in a loop (its Python binding's
             blocking wait needs an event service per direction; not measured)

Cells: 64 (std_msgs/Int64 in DMXP and rclpy, an 8-byte payload in iceoryx2), 1080p and 4k
(sensor_msgs/Image rgb8, both directions: the echo takes a zero-copy numpy view of the pixels
(dmxp.image_array) and answers with a loaned Image whose stamp it writes and whose layout it
sets with dmxp.set_image (builds without it: field by field), not its pixels).
Each run is preceded by the placement probe (bench/probe), whose p50 is printed beside it.
Children: `bench_nodes.py _run <variant> <role> <cell> <samples>`.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from bench_common import netns_prefix, probe, python_path, remove_domain, stop

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GEOMETRY = {"64": None, "1080p": (1080, 1920), "4k": (2160, 3840)}
WARMUP = 200


def pin(cpu):
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError:
        pass


def summarize(rtts):
    hops = sorted(r / 2 for r in rtts)
    pick = lambda q: hops[min(len(hops) - 1, int(q * len(hops)))]  # noqa: E731
    return {"p50_ns": pick(0.5), "p90_ns": pick(0.9), "p99_ns": pick(0.99), "samples": len(hops)}


class Pinger:
    """Round-trip bookkeeping shared by every variant's pinger."""

    def __init__(self, samples):
        self.total = samples + WARMUP
        self.rtts = []
        self.sent_at = 0
        self.seq = 0

    def sent(self):
        self.sent_at = time.perf_counter_ns()

    def got(self, seq):
        """Records the echo of `seq`; returns the next sequence number to send, or None."""
        if seq != self.seq:
            return -1  # a resend's late duplicate
        now = time.perf_counter_ns()
        if self.seq >= WARMUP:
            self.rtts.append(now - self.sent_at)
        self.seq += 1
        return self.seq if self.seq < self.total else None

    def answer(self, seq, send):
        """The echo of `seq` arrived: sends the next ping; True once every sample is in."""
        nxt = self.got(seq)
        if nxt is not None and nxt >= 0:
            self.sent()
            send(nxt)
        return nxt is None


# ---------------------------------------------------------------- DMXP raw channels
def raw(role, cell, samples, busy):
    import dmxp
    from std_msgs.msg import Int64

    mine, theirs = ("ping", "pong") if role == "pinger" else ("pong", "ping")
    cons = dmxp.Consumer(theirs, msg_type=Int64, capacity=64, **({"spin": -1} if busy else {}))
    prod = dmxp.Producer(mine, msg_type=Int64, capacity=64)
    value = Int64.zeros()
    if role == "echo":
        print("ready", flush=True)
        for msg in cons:
            prod.send(msg)
        return None
    p = Pinger(samples)
    value["data"] = 0
    prod.send(value)
    p.sent()
    while True:
        msg = cons.receive(timeout=1.0)
        if msg is None:  # the echo was not attached yet: send again
            prod.send(value)
            p.sent()
            continue
        nxt = p.got(int(Int64.view(msg)["data"]))
        if nxt is None:
            return summarize(p.rtts)
        if nxt >= 0:
            value["data"] = nxt
            prod.send(value)
            p.sent()


# ---------------------------------------------------------------- DMXP nodes
def dmxp_node(role, cell, samples, busy, spin_us=None):
    import dmxp

    geometry = GEOMETRY[cell]
    if geometry:
        from sensor_msgs.msg import Image as T
    else:
        from std_msgs.msg import Int64 as T
    node = dmxp.Node(f"bench_{role}", arguments=[])
    mine, theirs = ("ping", "pong") if role == "pinger" else ("pong", "ping")
    pub = node.create_publisher(T, mine, qos=4 if geometry else 64)
    spin = None if spin_us is None else spin_us * 1e-6
    executor = dmxp.SingleThreadedExecutor(busy_poll=busy, spin=spin) if spin is not None \
        else dmxp.SingleThreadedExecutor(busy_poll=busy)  # node-before: no spin= there
    executor.add_node(node)

    set_image = getattr(dmxp, "set_image", None)  # absent in builds before it (node-before)

    def send(seq):
        with pub.loan() as msg:
            if geometry:  # header and sizes; the pixels are the application's to write
                msg["header"]["stamp"]["sec"] = seq
                if set_image:  # the layout fields, and the (h, w, 3) pixel array to fill
                    set_image(msg, geometry[0], geometry[1], "rgb8")
                else:
                    msg["height"], msg["width"], msg["step"] = geometry[0], geometry[1], geometry[1] * 3
                    msg["encoding"]["size"] = 4
                    msg["encoding"]["data"][:4] = (114, 103, 98, 56)  # "rgb8"
                    msg["data"]["size"] = geometry[0] * geometry[1] * 3
            else:
                msg["data"] = seq

    def seq_of(msg):
        if geometry:
            pixels = dmxp.image_array(msg)  # a zero-copy (h, w, 3) view: what a consumer uses
            assert pixels.shape == (geometry[0], geometry[1], 3)
            return int(msg["header"]["stamp"]["sec"])
        return int(msg["data"])

    if role == "echo":
        sub = node.create_subscription(T, theirs, lambda msg: send(seq_of(msg)), qos=4 if geometry else 64)
        print("ready", flush=True)
        executor.spin()
        return None
    p = Pinger(samples)
    result = {}

    def on_pong(msg):
        if p.answer(seq_of(msg), send):
            result.update(summarize(p.rtts))
            executor.cancel()

    sub = node.create_subscription(T, theirs, on_pong, qos=4 if geometry else 64)
    until = time.monotonic() + 10
    while pub.subscription_count == 0 and time.monotonic() < until:
        time.sleep(0.001)
    p.sent()
    send(0)
    while not result:
        before = p.seq
        executor.spin(1.0)
        if not result and p.seq == before:  # lost to a late start: send again
            p.sent()
            send(p.seq)
    del sub
    return result


# ---------------------------------------------------------------- rclpy
def rclpy_node(role, cell, samples):
    import rclpy
    from rclpy.executors import SingleThreadedExecutor

    geometry = GEOMETRY[cell]
    if geometry:
        from sensor_msgs.msg import Image as T
    else:
        from std_msgs.msg import Int64 as T
    rclpy.init(args=[])
    node = rclpy.create_node(f"bench_{role}")
    mine, theirs = ("ping", "pong") if role == "pinger" else ("pong", "ping")
    pub = node.create_publisher(T, mine, 4 if geometry else 64)
    executor = SingleThreadedExecutor()
    executor.add_node(node)
    pixels = bytes(geometry[0] * geometry[1] * 3) if geometry else None

    def send(seq):
        msg = T()
        if geometry:
            msg.header.stamp.sec = seq
            msg.height, msg.width, msg.step, msg.encoding = geometry[0], geometry[1], geometry[1] * 3, "rgb8"
            msg.data = pixels
        else:
            msg.data = seq
        pub.publish(msg)

    def seq_of(msg):
        if geometry:
            import numpy as np

            np.frombuffer(msg.data, np.uint8).reshape(geometry[0], geometry[1], 3)
            return msg.header.stamp.sec
        return msg.data

    if role == "echo":
        node.create_subscription(T, theirs, lambda msg: send(seq_of(msg)), 4 if geometry else 64)
        print("ready", flush=True)
        try:
            executor.spin()
        except BaseException:  # SIGTERM/SIGINT from the parent
            pass
        return None
    p = Pinger(samples)
    result = {}

    def on_pong(msg):
        if p.answer(seq_of(msg), send):
            result.update(summarize(p.rtts))

    node.create_subscription(T, theirs, on_pong, 4 if geometry else 64)
    until = time.monotonic() + 20
    while (pub.get_subscription_count() == 0 or node.count_publishers(theirs) == 0) and time.monotonic() < until:
        executor.spin_once(timeout_sec=0.01)
    p.sent()
    send(0)
    while not result:
        before = p.seq
        deadline = time.monotonic() + 1.0
        while not result and time.monotonic() < deadline:
            executor.spin_once(timeout_sec=0.1)
        if not result and p.seq == before:
            p.sent()
            send(p.seq)
    return result


# ---------------------------------------------------------------- iceoryx2
def iceoryx2_node(role, cell, samples):
    import ctypes

    import iceoryx2 as iox

    class Payload(ctypes.Structure):
        _fields_ = [("seq", ctypes.c_int64)]

    node = iox.NodeBuilder.new().create(iox.ServiceType.Ipc)
    mine, theirs = ("bench/ping", "bench/pong") if role == "pinger" else ("bench/pong", "bench/ping")

    def service(name):
        return (node.service_builder(iox.ServiceName.new(name)).publish_subscribe(Payload)
                .max_publishers(1).max_subscribers(1).history_size(0).open_or_create())

    pub = service(mine).publisher_builder().create()
    sub = service(theirs).subscriber_builder().create()

    def send(seq):
        pub.send_copy(Payload(seq))

    if role == "echo":
        print("ready", flush=True)
        while True:
            sample = sub.receive()
            if sample is not None:
                send(Payload.from_address(sample.payload_ptr).seq)
                del sample
    p = Pinger(samples)
    until = time.monotonic() + 10
    while service(mine).dynamic_config.number_of_subscribers == 0 and time.monotonic() < until:
        time.sleep(0.001)
    p.sent()
    send(0)
    resend_at = time.monotonic() + 1.0
    while True:
        sample = sub.receive()
        if sample is None:
            if time.monotonic() > resend_at:
                p.sent()
                send(p.seq)
                resend_at = time.monotonic() + 1.0
            continue
        nxt = p.got(Payload.from_address(sample.payload_ptr).seq)
        del sample
        if nxt is None:
            return summarize(p.rtts)
        if nxt >= 0:
            p.sent()
            send(nxt)
            resend_at = time.monotonic() + 1.0


def child(argv):
    variant, role, cell, samples = argv[0], argv[1], argv[2], int(argv[3])
    pin(0 if role == "pinger" else 1)
    if variant in ("raw", "raw-busy"):
        out = raw(role, cell, samples, busy=variant == "raw-busy")
    elif variant in ("node", "node-before", "node-busy"):
        out = dmxp_node(role, cell, samples, busy=variant == "node-busy")
    elif variant.startswith("node-spin"):
        out = dmxp_node(role, cell, samples, busy=False, spin_us=float(variant[len("node-spin"):]))
    elif variant == "rclpy":
        out = rclpy_node(role, cell, samples)
    elif variant == "iceoryx2":
        out = iceoryx2_node(role, cell, samples)
    else:
        raise SystemExit(f"unknown variant {variant}")
    if out is not None:
        print(json.dumps(out), flush=True)


# ---------------------------------------------------------------- orchestration
def run_pair(python, variant, cell, samples, env, prefix=()):
    me = [*prefix, python, __file__, "_run", variant]
    echo = subprocess.Popen([*me, "echo", cell, str(samples)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    try:
        line = echo.stdout.readline().strip()
        if line != "ready":
            raise RuntimeError(f"{variant} echo did not start: {line} {echo.stderr.read()[-1500:]}")
        out = subprocess.run([*me, "pinger", cell, str(samples)], capture_output=True, text=True, env=env,
                             timeout=300)
        if out.returncode != 0:
            raise RuntimeError(f"{variant} pinger: {out.stderr.strip()[-1500:]}")
        return json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        stop(echo)


def iceoryx2_python(build):
    py = os.path.join(build, "bench-venv", "bin", "python")  # made by bench_python.py
    if os.path.exists(py) and subprocess.run([py, "-c", "import iceoryx2"], capture_output=True).returncode == 0:
        return py
    return None


def main():
    ap = argparse.ArgumentParser(description="Python node hop latency: DMXP nodes vs raw channels, rclpy, iceoryx2")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--before-build", help="a build dir of another revision (e.g. main): variant node-before")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--samples", type=int, default=2000)
    ap.add_argument("--cells", default="64,1080p,4k")
    ap.add_argument("--variants", default="raw,raw-busy,node,node-busy,node-before,rclpy,iceoryx2")
    ap.add_argument("--out", default=os.path.join(HERE, "RESULTS-nodes.json"))
    args = ap.parse_args()
    build = os.path.abspath(args.build_dir)
    base_env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    dmxp_py = os.path.join(build, "venv", "bin", "python")
    pythons = {
        "raw": (dmxp_py, python_path(build), ()),
        "raw-busy": (dmxp_py, python_path(build), ()),
        "node": (dmxp_py, python_path(build), ()),
        "node-busy": (dmxp_py, python_path(build), ()),
    }
    for v in args.variants.split(","):
        if v.startswith("node-spin"):
            pythons[v] = (dmxp_py, python_path(build), ())
    if args.before_build:
        before = os.path.abspath(args.before_build)
        pythons["node-before"] = (dmxp_py, python_path(before), ())
    ros_py = os.path.join(build, "ros2-venv", "bin", "python")
    ns = netns_prefix() if os.path.exists(ros_py) else None
    if ns:
        pythons["rclpy"] = (ros_py, "", tuple(ns))
    iox_py = iceoryx2_python(build)
    if iox_py:
        pythons["iceoryx2"] = (iox_py, "", ())
    wanted = [v for v in args.variants.split(",") if v in pythons]
    results = []
    for r in range(args.rounds):
        for cell in args.cells.split(","):
            for variant in wanted:
                if variant in ("raw", "raw-busy", "iceoryx2") and cell != "64":
                    continue
                if variant == "rclpy" and cell == "4k":
                    continue  # 25 MB per message through DDS: seconds per sample
                samples = args.samples if cell == "64" else max(100, args.samples // 10)
                python, path, prefix = pythons[variant]
                env = dict(base_env, DMXP_DOMAIN=f"nodes{os.getpid()}r{r}", PYTHONPATH=path)
                if variant == "rclpy":
                    env.update(ROS_DOMAIN_ID="42", RMW_IMPLEMENTATION="rmw_fastrtps_cpp")
                p50 = probe(build)
                try:
                    res = run_pair(python, variant, cell, samples, env, prefix)
                except (RuntimeError, subprocess.TimeoutExpired, ValueError) as e:
                    res = {"error": str(e)[-600:]}
                res.update(round=r + 1, cell=cell, variant=variant, probe_p50_ns=p50)
                results.append(res)
                print(json.dumps(res), flush=True)
                remove_domain(env['DMXP_DOMAIN'])
    with open(args.out, "w") as f:
        json.dump({"args": vars(args), "results": results}, f, indent=1)
    print_table(results)


def print_table(results):
    cells = []
    for r in results:
        if (r["cell"], r["variant"]) not in cells:
            cells.append((r["cell"], r["variant"]))
    print("| cell | variant | hop p50 us (median of rounds) | p90 | p99 | rounds' p50 | probe p50 ns |")
    print("|---|---|---|---|---|---|---|")
    for cell, variant in cells:
        runs = [r for r in results if r["cell"] == cell and r["variant"] == variant and "p50_ns" in r]
        probes = ", ".join(str(r["probe_p50_ns"]) for r in results if r["cell"] == cell and r["variant"] == variant)
        if not runs:
            print(f"| {cell} | {variant} | error | | | | {probes} |")
            continue
        med = lambda k: statistics.median(r[k] for r in runs) / 1e3  # noqa: E731
        each = ", ".join(f"{r['p50_ns'] / 1e3:.1f}" for r in runs)
        print(f"| {cell} | {variant} | {med('p50_ns'):.1f} | {med('p90_ns'):.1f} | {med('p99_ns'):.1f} | {each} | {probes} |")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_run":
        child(sys.argv[2:])
    else:
        main()
