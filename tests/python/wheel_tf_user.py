"""A pip-only user's transform listener, run by wheel_test.sh in a fresh venv with the repository
off sys.path, beside a C++ dmxp-node-static-transform-publisher (base_link -> laser at
(0.25, -1.5, 0.5)): broadcasts odom -> base_link itself (static: (2, 1, 0), turned half a turn
about z), fills a dmxp.tf.Buffer from /tf and /tf_static, and prints the odom -> laser lookup.
Every value is exact in binary, so the script compares the text."""

import sys
import time

import dmxp
import dmxp.tf as tf

assert tf.__file__.startswith(sys.prefix), f"dmxp.tf imported from {tf.__file__}, not the venv {sys.prefix}"

node = dmxp.Node("py_tf_user", arguments=[])
buffer = tf.Buffer()
listener = tf.TransformListener(buffer, node)
static = tf.StaticTransformBroadcaster(node)
static.send_transform(tf.TransformStamped(0, "odom", "base_link", [2.0, 1.0, 0.0], [0, 0, 1, 0]))
executor = dmxp.SingleThreadedExecutor()
executor.add_node(node)
until = time.monotonic() + 10
while not buffer.can_transform("odom", "laser"):
    if time.monotonic() > until:
        sys.exit(f"no odom -> laser after 10 s; frames: {buffer.all_frames()}")
    executor.spin(0.05)
t = buffer.lookup_transform("odom", "laser")


def text(values):
    return " ".join(f"{v + 0.0:g}" for v in values)  # + 0.0: no negative zero


print(f"odom -> laser at {t.stamp}: translation {text(t.translation)} rotation {text(t.rotation)} "
      f"laser (1,0,0) at {text(t.apply([1.0, 0.0, 0.0]))}")
node.destroy_node()
