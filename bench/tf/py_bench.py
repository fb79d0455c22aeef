"""The Python side of bench/tf/run.py: dmxp.tf's lookup latency, and a Python node with a
TransformListener and a Buffer taking the /tf stream.

    py_bench.py lookup [iterations]
    py_bench.py listen seconds      prints "ready", then "listen cpu_s=... received=..."
"""
import math
import random
import sys
import time

import dmxp
import dmxp.tf as tf

SEC = 1_000_000_000


def yaw(a):
    return [0.0, 0.0, math.sin(a / 2), math.cos(a / 2)]


def lookup(n):
    b = tf.Buffer()
    b.set_transform(tf.TransformStamped(0, "map", "odom", [10, 0, 0], yaw(0)), "bench", is_static=True)
    b.set_transform(tf.TransformStamped(0, "base_link", "laser", [0.2, 0, 0], yaw(0)), "bench", is_static=True)
    for k in range(10_000):
        b.set_transform(tf.TransformStamped(SEC + k * 1_000_000, "odom", "base_link", [k * 1e-3, 0, 0], yaw(k * 1e-4)),
                        "bench")
    rng = random.Random(42)
    times = [SEC + rng.randrange(9_999 * 1_000_000) for _ in range(n)]
    for name, target, source, ts in (("latest odom<-base_link", "odom", "base_link", [0] * n),
                                     ("interpolated odom<-base_link", "odom", "base_link", times),
                                     ("interpolated map<-laser (3 links)", "map", "laser", times)):
        start = time.perf_counter_ns()
        for t in ts:
            b.lookup_transform(target, source, t)
        print(f"py lookup case={name} mean_ns={(time.perf_counter_ns() - start) / n:.0f}")


def listen(seconds):
    node = dmxp.Node("bench_tf_py_listener", arguments=[])
    buffer = tf.Buffer()
    listener = tf.TransformListener(buffer, node)
    ex = dmxp.SingleThreadedExecutor()
    ex.add_node(node)
    print("ready", flush=True)
    cpu0 = time.process_time()
    ex.spin(seconds)
    frames = buffer.frame_parents()
    print(f"py listen cpu_s={time.process_time() - cpu0:.3f} frames={len(frames)} "
          f"samples={len(buffer._caches['base_link'].stamps) if 'base_link' in frames else 0}")
    del listener
    node.destroy_node()


if __name__ == "__main__":
    if sys.argv[1] == "lookup":
        lookup(int(sys.argv[2]) if len(sys.argv) > 2 else 20_000)
    else:
        listen(float(sys.argv[2]))
