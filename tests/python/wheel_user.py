"""A pip-only user's program, run by wheel_test.sh in a fresh venv with the repository off
sys.path: loads its own message package (argv[1]), publishes two obstacles once a subscriber
(the C++ obstacle_reader) is there, then prints what the wheel's `dmxp topic echo` shows."""

import os
import subprocess
import sys
import time

import numpy as np

import dmxp

for entry in sys.path:  # the wheel, not the source tree, must be what runs
    assert "bindings/python" not in entry and "/build/python" not in entry, f"repository on sys.path: {entry}"
assert dmxp.__file__.startswith(sys.prefix), f"dmxp imported from {dmxp.__file__}, not the venv {sys.prefix}"

msgs = dmxp.msg.load(sys.argv[1])
node = dmxp.Node("detector", arguments=[])
pub = node.create_publisher(msgs.Obstacle, "obstacles", 10)
until = time.monotonic() + 10
while pub.subscription_count == 0:
    if time.monotonic() > until:
        sys.exit("no subscriber on /obstacles after 10 s")
    time.sleep(0.01)
for i in range(2):
    with pub.loan() as o:
        msgs.set_text(o["header"]["frame_id"], "base_link")
        o["header"]["stamp"]["sec"] = 1700000000 + i
        o["position"]["x"], o["position"]["y"] = 1.5 + i, -2.25
        o["radius"] = 0.75
        o["kind"] = msgs.Obstacle.KIND_PERSON
        msgs.set_text(o["label"], f"person{i}")
        msgs.set_items(o["outline"], np.array([(1, 2, 0)] * (i + 1), dtype=o["outline"]["data"].dtype))
echo = subprocess.run([sys.executable, "-m", "dmxp", "topic", "echo", "/obstacles", "-n", "2", "--from-key", "1",
                       "--timeout", "5"], capture_output=True, text=True, timeout=30)
sys.stdout.write(echo.stdout)
sys.stderr.write(echo.stderr)
sys.exit(echo.returncode)
