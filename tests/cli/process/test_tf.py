"""dmxp tf echo / tf tree on the running robot graph (examples/robot: the odometry broadcasts
odom -> base_link, three static transform publishers in the sensors container the mounts):
the tree's shape, rates and senders, echo's text and JSON values, errors and usage, and the
shell completion."""
import json
import math
import os
import re
import signal
import subprocess

import pytest

from cli_harness import complete, domain  # noqa: F401  (fixture)

LAUNCH = os.environ["DMXP_LAUNCH"]
GRAPH = os.path.join(os.path.dirname(__file__), "..", "..", "..", "examples", "robot", "graph.yaml")


@pytest.fixture
def robot(domain):
    graph = subprocess.Popen([LAUNCH, GRAPH, "use_camera:=false"], env=domain.env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    domain.procs.append(graph)
    # Up once the laser can be placed in odom (odometry running, mounts published).
    r = domain.dmxp("tf", "echo", "odom", "laser", "--rate", "20", "--count", "1", "--timeout", "20", timeout=60)
    assert r.returncode == 0, r.stderr
    yield domain
    graph.send_signal(signal.SIGINT)
    graph.wait(30)


def test_tree_shows_the_robots_frames(robot):
    out = robot.dmxp("tf", "tree", "--duration", "1", check=0).stdout
    m = re.fullmatch(r"odom\n"
                     r"└── base_link  \(dynamic, ([\d.]+) Hz, newest \d+\.\d{6}, pid (\d+)\)\n"
                     r"    ├── camera  \(static, pid (\d+)\)\n"
                     r"    ├── imu_link  \(static, pid (\d+)\)\n"
                     r"    └── laser  \(static, pid (\d+)\)\n", out)
    assert m, out
    assert 150 <= float(m.group(1)) <= 250  # the odometry follows the 200 Hz IMU
    assert m.group(3) == m.group(4) == m.group(5) != m.group(2)  # the mounts share the sensors container
    frames = {f["frame"]: f for f in robot.dmxp_json("tf", "tree", "--duration", "0.5")}
    assert {k: (f["parent"], f["static"]) for k, f in frames.items()} == {
        "base_link": ("odom", False), "camera": ("base_link", True), "imu_link": ("base_link", True),
        "laser": ("base_link", True)}


def test_echo_prints_tf2_echo_text_and_json(robot):
    out = robot.dmxp("tf", "echo", "base_link", "laser", "--rate", "20", "--count", "2", check=0).stdout
    block = ("At time 0.000000000\n- Translation: [0.200, 0.000, 0.150]\n"
             "- Rotation: in Quaternion (xyzw) [0.000, 0.000, 0.000, 1.000]\n"
             "- Rotation: in RPY (radian) [0.000, -0.000, 0.000]\n- Rotation: in RPY (degree) [0.000, -0.000, 0.000]\n")
    assert out == block * 2
    cam = json.loads(robot.dmxp("--json", "tf", "echo", "base_link", "camera", "--count", "1", check=0).stdout)
    assert cam["translation"] == pytest.approx([0.25, 0.0, 0.3], abs=1e-12)
    assert cam["rpy"] == pytest.approx([0.0, 0.1, 0.0], abs=1e-12)
    assert cam["rotation"] == pytest.approx([0.0, math.sin(0.05), 0.0, math.cos(0.05)], abs=1e-12)
    # Through the dynamic link: stamped with the odometry's latest, the mount's height kept.
    moving = json.loads(robot.dmxp("--json", "tf", "echo", "odom", "laser", "--count", "1", check=0).stdout)
    assert moving["stamp_ns"] > 0 and moving["translation"][2] == pytest.approx(0.15, abs=1e-6)


def test_echo_errors_and_usage(robot):
    r = robot.dmxp("tf", "echo", "odom", "nowhere", "--rate", "10", "--timeout", "0.3", check=1)
    lines = r.stderr.splitlines()
    assert lines[0] == ("Waiting for transform odom ->  nowhere: \"nowhere\" passed to lookupTransform argument "
                        "source_frame does not exist. ")
    assert lines[-1] == ("dmxp: tf echo odom nowhere: \"nowhere\" passed to lookupTransform argument source_frame "
                         "does not exist. ")
    r = robot.dmxp("tf", "echo", "odom", check=2)
    assert "tf echo takes <target_frame> <source_frame>" in r.stderr
    assert robot.dmxp("tf", "echo", "odom", "laser", "--bogus", check=2).stderr.startswith("dmxp: unknown option '--bogus'")
    assert robot.dmxp("tf", check=2).stderr.startswith("dmxp: tf takes echo or tree")
    assert robot.dmxp("tf", "frames", check=2).stderr.startswith("dmxp: unknown tf verb 'frames'")


def test_tree_of_an_empty_domain_fails(domain):
    r = domain.dmxp("tf", "tree", "--duration", "0.3", check=1)
    assert r.stderr == "dmxp: tf tree: no transforms on /tf or /tf_static in 0.300000 s\n"
    assert domain.dmxp_json("tf", "tree", "--duration", "0.3") == []


def test_completion(robot):
    assert complete(robot, "dmxp", "tf", "") == ["echo", "tree"]
    assert complete(robot, "dmxp", "tf", "echo", "") == ["base_link", "camera", "imu_link", "laser", "odom"]
    assert complete(robot, "dmxp", "tf", "echo", "odom", "laser", "--") == ["--rate", "--count", "--timeout"]
