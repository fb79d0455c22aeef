"""dmxp.tf: the Python buffer (interpolation, tf2's error texts, chains, static frames) and
transforms across processes and languages: a Python broadcaster read by the C++ listener of
`dmxp tf echo`, C++ static transform publishers read by a Python listener."""

import json
import math
import os
import subprocess
import sys
import time

import numpy as np
import pytest

import dmxp
from conftest import expect_line
import dmxp.tf as tf

DMXP_CLI = os.environ["DMXP_CLI"]
STATIC_TF_PUBLISHER = os.environ["DMXP_STATIC_TF_PUBLISHER"]
SEC = 1_000_000_000


def yaw(a):
    return np.array([0.0, 0.0, math.sin(a / 2), math.cos(a / 2)])


@pytest.fixture
def tree():
    b = tf.Buffer()
    b.set_transform(tf.TransformStamped(0, "map", "odom", [10, 0, 0], yaw(0)), "test", is_static=True)
    b.set_transform(tf.TransformStamped(1 * SEC, "odom", "base_link", [0, 0, 0], yaw(0)), "test")
    b.set_transform(tf.TransformStamped(2 * SEC, "odom", "base_link", [2, 0, 0], yaw(math.pi / 2)), "test")
    b.set_transform(tf.TransformStamped(0, "base_link", "laser", [0.2, 0, 0.1], yaw(0)), "test", is_static=True)
    return b


def test_interpolation_is_linear_and_slerp(tree):
    t = tree.lookup_transform("odom", "base_link", 1_500_000_000)
    assert t.stamp == 1_500_000_000 and (t.frame_id, t.child_frame_id) == ("odom", "base_link")
    np.testing.assert_allclose(t.translation, [1, 0, 0], atol=1e-12)
    np.testing.assert_allclose(t.rotation, yaw(math.pi / 4), atol=1e-12)


def test_chains_and_time_zero(tree):
    np.testing.assert_allclose(tree.lookup_transform("map", "laser", 2 * SEC).apply([1, 0, 0]), [12, 1.2, 0.1],
                               atol=1e-12)
    t = tree.lookup_transform("laser", "map", 0)
    assert t.stamp == 2 * SEC
    np.testing.assert_allclose(t.matrix() @ tree.lookup_transform("map", "laser", 0).matrix(), np.eye(4), atol=1e-12)
    assert tree.all_frames() == ["base_link", "laser", "map", "odom"]
    assert tree.frame_parents() == {"odom": "map", "base_link": "odom", "laser": "base_link"}


def test_errors_have_tf2s_text(tree):
    with pytest.raises(tf.ExtrapolationException) as e:
        tree.lookup_transform("odom", "base_link", 2_500_000_000)
    assert str(e.value) == ("Lookup would require extrapolation into the future.  Requested time 2.500000 but the "
                            "latest data is at time 2.000000, when looking up transform from frame [base_link] to "
                            "frame [odom]")
    with pytest.raises(tf.ExtrapolationException, match=r"into the past.  Requested time 0.500000 but the earliest "):
        tree.lookup_transform("map", "laser", 500_000_000)
    with pytest.raises(tf.LookupException) as e:
        tree.lookup_transform("odom", "camera")
    assert str(e.value) == "\"camera\" passed to lookupTransform argument source_frame does not exist. "
    tree.set_transform(tf.TransformStamped(0, "world", "other"), "test", is_static=True)
    with pytest.raises(tf.ConnectivityException, match="Could not find a connection between 'world' and 'laser'"):
        tree.lookup_transform("world", "laser")
    with pytest.raises(tf.InvalidArgumentException, match="TF_SELF_TRANSFORM"):
        tree.set_transform(tf.TransformStamped(0, "a", "a"), "test")
    with pytest.raises(tf.InvalidArgumentException, match="TF_DENORMALIZED_QUATERNION"):
        tree.set_transform(tf.TransformStamped(0, "a", "b", rotation=[0, 0, 0, 0]), "test")
    assert tree.set_transform(tf.TransformStamped(2 * SEC, "odom", "base_link"), "test") == \
        "TF_REPEATED_DATA: already have data at time 2.000000"


BROADCASTER = """
import sys, time, math, dmxp, dmxp.tf as tf
node = dmxp.Node("py_broadcaster", arguments=[])
b = tf.TransformBroadcaster(node)
s = tf.StaticTransformBroadcaster(node)
s.send_transform(tf.TransformStamped(0, "base_link", "laser", [0.2, 0.0, 0.15], [0, 0, 0, 1]))
print("ready", flush=True)
k = 0
while True:  # until the test ends it: odom -> base_link at x = 1.5, yaw 90 degrees, stamps 1 s, 2 s, ...
    k += 1
    b.send_transform(tf.TransformStamped(k * 1_000_000_000, "odom", "base_link", [1.5, 0.0, 0.0],
                                         [0, 0, math.sin(math.pi / 4), math.cos(math.pi / 4)]))
    time.sleep(0.01)
"""


def test_python_broadcaster_to_cpp_listener(domain):
    p = subprocess.Popen([sys.executable, "-c", BROADCASTER], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        expect_line(p, "ready")
        r = subprocess.run([DMXP_CLI, "--json", "tf", "echo", "odom", "laser", "--rate", "20", "--count", "1",
                            "--timeout", "10"], capture_output=True, text=True, timeout=30)
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        assert (out["frame_id"], out["child_frame_id"]) == ("odom", "laser")
        assert out["stamp_ns"] % SEC == 0 and out["stamp_ns"] > 0
        # The laser 0.2 m ahead of a robot at x = 1.5 facing +y: (1.5, 0.2, 0.15).
        np.testing.assert_allclose(out["translation"], [1.5, 0.2, 0.15], atol=1e-9)
        np.testing.assert_allclose(out["rotation"], [0, 0, math.sin(math.pi / 4), math.cos(math.pi / 4)], atol=1e-9)
        np.testing.assert_allclose(out["rpy"], [0, 0, math.pi / 2], atol=1e-9)
    finally:
        p.kill()
        p.wait()
        p.stdout.close()
        p.stderr.close()


def test_cpp_static_publishers_to_python_listener(domain):
    procs = [subprocess.Popen([STATIC_TF_PUBLISHER, "--ros-args", "-r", f"__node:={child}_mount", "-p", "frame_id:=base_link",
                               "-p", f"child_frame_id:={child}", *params], stderr=subprocess.PIPE, text=True)
             for child, params in (("laser", ["-p", "x:=0.2"]), ("camera", ["-p", "z:=0.3", "-p", "yaw:=3.141592653589793"]))]
    try:
        node = dmxp.Node("py_listener", arguments=[])
        buffer = tf.Buffer()
        tf.TransformListener(buffer, node)
        ex = dmxp.SingleThreadedExecutor()
        ex.add_node(node)
        deadline = time.monotonic() + 10
        while not buffer.can_transform("camera", "laser") and time.monotonic() < deadline:
            ex.spin(0.05)
        t = buffer.lookup_transform("camera", "laser")
        assert t.stamp == 0  # static frames only
        # camera is turned half a turn: the laser, 0.2 m ahead of base_link, is 0.2 m behind it.
        np.testing.assert_allclose(t.translation, [-0.2, 0, -0.3], atol=1e-12)
        node.destroy_node()
    finally:
        for p in procs:
            p.terminate()
            assert p.wait(10) == 0, p.stderr.read()
            p.stderr.close()
