"""dmxp-bridge against real ROS 2 (rclpy 7.1.6 on Fast DDS, from build/ros2-venv), inside a
network namespace: DMXP publishers seen by rclpy subscribers field by field, an rclpy
publisher driving a DMXP reader, the ROS 2 graph API naming the bridge's node, topics, types
and type hashes, and a message too large for its DMXP type counted and never published."""
import json
import os
import subprocess
import sys

import pytest

import netns
from conftest import SOURCE, host_env, program

PEER = os.path.join(os.path.dirname(__file__), "ros2_peer.py")
PY = sys.executable  # the ROS 2 venv's Python (run_pytest.sh)


def wheel_hash(ros_type):
    """The RIHS01 hash ROS 2 ships for a type (share/<pkg>/msg/<Type>.json in the wheels)."""
    pkg, _, name = ros_type.split("/")
    path = os.path.join(sys.prefix, "share", pkg, "msg", f"{name}.json")
    with open(path) as f:
        return json.load(f)["type_hashes"][0]["hash_string"]


ODOM_YAML = ("{header: {stamp: {sec: 1700000000, nanosec: 123456789}, frame_id: odom}, "
             "child_frame_id: base_link, "
             "pose: {pose: {position: {x: 1.5, y: -2.25, z: 0.125}, "
             "orientation: {x: 0.0, y: 0.0, z: 0.6, w: 0.8}}, covariance: [%s]}, "
             "twist: {twist: {linear: {x: 0.5, y: 0.0, z: 0.0}, angular: {x: 0.0, y: 0.0, z: -0.25}}, "
             "covariance: [%s]}}") % (", ".join(str(i * 0.5) for i in range(36)),
                                      ", ".join(str(-i * 0.25) for i in range(36)))
ODOM = {"header": {"stamp": {"sec": 1700000000, "nanosec": 123456789}, "frame_id": "odom"},
        "child_frame_id": "base_link",
        "pose": {"pose": {"position": {"x": 1.5, "y": -2.25, "z": 0.125},
                          "orientation": {"x": 0.0, "y": 0.0, "z": 0.6, "w": 0.8}},
                 "covariance": [i * 0.5 for i in range(36)]},
        "twist": {"twist": {"linear": {"x": 0.5, "y": 0.0, "z": 0.0},
                            "angular": {"x": 0.0, "y": 0.0, "z": -0.25}},
                  "covariance": [-i * 0.25 for i in range(36)]}}

# Values exact in float32, so the comparison is exact too.
RANGES = [i * 0.25 for i in range(720)]
INTENSITIES = [float(i % 7) for i in range(720)]
SCAN_YAML = ("{header: {stamp: {sec: 42, nanosec: 500}, frame_id: laser}, angle_min: -1.5, "
             "angle_max: 1.5, angle_increment: 0.00390625, time_increment: 0.0001220703125, "
             "scan_time: 0.125, range_min: 0.25, range_max: 30.0, ranges: [%s], intensities: [%s]}") % (
    ", ".join(map(str, RANGES)), ", ".join(map(str, INTENSITIES)))
SCAN = {"header": {"stamp": {"sec": 42, "nanosec": 500}, "frame_id": "laser"}, "angle_min": -1.5,
        "angle_max": 1.5, "angle_increment": 0.00390625, "time_increment": 0.0001220703125,
        "scan_time": 0.125, "range_min": 0.25, "range_max": 30.0, "ranges": RANGES,
        "intensities": INTENSITIES}


@pytest.fixture
def host(domain_factory):
    with netns.Host("ros2") as h:
        h.env = host_env(domain_factory("h"))
        yield h


def start_bridge(host, *params):
    args = [program("dmxp-bridge"), "--ros-args"]
    for p in params:
        args += ["-p", p]
    return host.spawn(args, host.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def dmxp(host, *args, timeout=15):
    return host.run([program("dmxp"), *args], host.env, timeout=timeout)


def listen(host, topic, ros_type, timeout=15):
    return host.spawn([PY, PEER, "listen", topic, ros_type, "--timeout", str(timeout)], host.env,
                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def received(proc, timeout=25):
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, f"the rclpy subscriber got nothing:\n{err}"
    return json.loads(out.splitlines()[0])


def bridge_log(proc):
    proc.terminate()
    out, _ = proc.communicate(timeout=10)
    return out


def test_odometry_and_laserscan_reach_rclpy_field_by_field(host):
    bridge = start_bridge(host, "export:=['/robot/odom', '/robot/scan']")
    host.spawn([program("dmxp"), "topic", "pub", "/robot/odom", "nav_msgs/Odometry", ODOM_YAML, "-r", "20"], host.env)
    host.spawn([program("dmxp"), "topic", "pub", "/robot/scan", "sensor_msgs/LaserScan", SCAN_YAML,
                "-r", "20", "--best-effort"], host.env)
    odom = listen(host, "/robot/odom", "nav_msgs/msg/Odometry")
    scan = listen(host, "/robot/scan", "sensor_msgs/msg/LaserScan")
    assert received(odom) == ODOM
    assert received(scan) == SCAN
    log = bridge_log(bridge)
    assert "export '/robot/odom' (nav_msgs/Odometry) -> DDS 'rt/robot/odom'" in log
    assert "export '/robot/scan' (sensor_msgs/LaserScan) -> DDS 'rt/robot/scan'" in log


def test_rclpy_twist_publisher_drives_a_dmxp_reader(host):
    bridge = start_bridge(host, "import:=['/robot/cmd_vel']")
    host.spawn([PY, PEER, "publish", "/robot/cmd_vel", "geometry_msgs/msg/Twist",
                json.dumps({"linear": {"x": 0.75, "y": -0.125}, "angular": {"z": 0.5}}),
                "--rate", "20", "--duration", "20"], host.env)
    # The bridge creates the DMXP topic (type from the installed msgs/) when the writer appears.
    netns.wait_for(lambda: dmxp(host, "topic", "type", "/robot/cmd_vel").returncode == 0, 15,
                   "the bridge to create /robot/cmd_vel")
    echo = dmxp(host, "--json", "topic", "echo", "/robot/cmd_vel", "--once", "--timeout", "10")
    assert echo.returncode == 0, echo.stderr
    assert json.loads(echo.stdout) == {"linear": {"x": 0.75, "y": -0.125, "z": 0.0},
                                       "angular": {"x": 0.0, "y": 0.0, "z": 0.5}}
    info = json.loads(dmxp(host, "--json", "topic", "info", "/robot/cmd_vel").stdout)
    assert [p["node"] for p in info["publishers"]] == ["/bridge"]
    assert [b["direction"] for b in info["bridges"]] == ["import"]
    assert "import DDS 'rt/robot/cmd_vel' (geometry_msgs/msg/Twist) -> '/robot/cmd_vel'" in bridge_log(bridge)


def test_ros2_graph_api_shows_the_bridge_node_topics_types_and_hashes(host):
    start_bridge(host, "export:=['/robot/odom']", "import:=['/robot/cmd_vel']")
    host.spawn([program("dmxp"), "topic", "pub", "/robot/odom", "nav_msgs/Odometry", ODOM_YAML, "-r", "5"], host.env)
    host.spawn([PY, PEER, "publish", "/robot/cmd_vel", "geometry_msgs/msg/Twist", "{}", "--duration", "20"], host.env)

    def graph_with_bridge_subscription():
        r = host.run([PY, PEER, "graph", "--wait-node", "bridge", "--wait-topic", "/robot/odom",
                      "--wait-topic", "/robot/cmd_vel", "--timeout", "5"], host.env, timeout=30)
        g = json.loads(r.stdout)
        subs = g["subscriptions"].get("/robot/cmd_vel", [])
        return g if any(s["node"] == "bridge" for s in subs) else None

    # The bridge subscribes once discovery showed it the rclpy publisher.
    g = netns.wait_for(graph_with_bridge_subscription, 20, "rclpy to see the bridge's subscription")
    assert ["/", "bridge"] in g["nodes"]
    assert g["topics"]["/robot/odom"] == ["nav_msgs/msg/Odometry"]
    odom_pubs = g["publishers"]["/robot/odom"]
    assert [(p["node"], p["namespace"], p["type"]) for p in odom_pubs] == [("bridge", "/", "nav_msgs/msg/Odometry")]
    assert odom_pubs[0]["hash"] == wheel_hash("nav_msgs/msg/Odometry")
    cmd_subs = [s for s in g["subscriptions"]["/robot/cmd_vel"] if s["node"] == "bridge"]
    assert [(s["type"], s["hash"]) for s in cmd_subs] == [("geometry_msgs/msg/Twist", wheel_hash("geometry_msgs/msg/Twist"))]
    nodes = dmxp(host, "node", "list").stdout.split()
    assert "/bridge" in nodes


def test_a_scan_too_large_for_its_dmxp_type_is_counted_never_published(host):
    # sensor_msgs/LaserScan in DMXP holds at most 8192 ranges (msgs/, @capacity).
    start_bridge(host, "import:=['/big/scan']", "stats_period:=0.2")
    big = {"header": {"frame_id": "laser"}, "ranges": [1.0] * 9000}
    host.spawn([PY, PEER, "publish", "/big/scan", "sensor_msgs/msg/LaserScan", json.dumps(big),
                "--rate", "10", "--duration", "20"], host.env)

    def counted():
        r = dmxp(host, "--json", "topic", "info", "/big/scan")
        if r.returncode != 0:
            return None
        routes = json.loads(r.stdout)["bridges"]
        return routes if routes and routes[0]["oversized"] >= 3 else None

    routes = netns.wait_for(counted, 20, "three oversized scans counted in 'dmxp topic info'")
    assert routes[0]["direction"] == "import" and routes[0]["forwarded"] == 0
    assert "ranges" in routes[0]["last_error"] and "9000" in routes[0]["last_error"]
    # Nothing, not even part of a scan, reached a reader: everything the ring holds is read.
    echo = dmxp(host, "topic", "echo", "/big/scan", "--from-key", "1", "--once", "--timeout", "1")
    assert echo.returncode == 1 and echo.stdout == "", echo.stdout[:200]
    text = dmxp(host, "topic", "info", "/big/scan").stdout
    assert "/bridge" in text and "oversized" in text
