"""The ros2 recording profile on the running robot graph (examples/robot under dmxp-launch:
lidar, IMU, camera, odometry, planner, controller, latency probe), checked by ROS 2's own
tools: the `mcap` package with `mcap-ros2-support` decodes every message from the CDR and the
.msg schema (CRCs validated), each equal field by field to the same message recorded at the
same time in the native profile and decoded from its layout by this test (layout.py); rosbags
(in build/ros2-venv) reads the file as a ROS 2 bag with the same values. Then `dmxp play`
plays the CDR file back into the exact layouts."""
import json
import os
import signal
import subprocess
import time

from mcap.reader import make_reader
from mcap_ros2.decoder import DecoderFactory

import layout
from cli_harness import domain, finish  # noqa: F401  (fixture)

LAUNCH = os.environ.get("DMXP_LAUNCH", "")
ROS2_PYTHON = os.environ.get("ROS2_PYTHON", "")
GRAPH = os.path.join(os.path.dirname(__file__), "..", "..", "..", "examples", "robot", "graph.yaml")
TYPES = {"/robot/scan": "sensor_msgs/msg/LaserScan", "/robot/imu": "sensor_msgs/msg/Imu",
         "/robot/odom": "nav_msgs/msg/Odometry", "/robot/path": "nav_msgs/msg/Path",
         "/robot/cmd_vel": "geometry_msgs/msg/Twist", "/robot/image": "sensor_msgs/msg/Image"}

# rosbags reads the file as a ROS 2 bag (its own MCAP reader and CDR deserializer) and prints,
# per message, its topic, type, publish stamp of the header when it has one, and a few values.
ROSBAGS_SCRIPT = r"""
import json, sys
from pathlib import Path
from rosbags.highlevel import AnyReader
out = []
with AnyReader([Path(sys.argv[1])]) as reader:
    for conn, timestamp, raw in reader.messages():
        m = reader.deserialize(raw, conn.msgtype)
        row = {"topic": conn.topic, "type": conn.msgtype, "log_time": timestamp}
        if conn.topic == "/robot/odom":
            row["x"] = m.pose.pose.position.x
            row["frame"] = m.header.frame_id
        if conn.topic == "/robot/scan":
            row["ranges"] = [float(r) for r in m.ranges]
        if conn.topic == "/robot/image":
            row["size"] = [m.width, m.height, len(m.data)]
        out.append(row)
print(json.dumps(out))
"""


def same(a, b, path="msg"):
    """Asserts that a (the layout decode) equals b (a ROS 2 tool's decode), field by field."""
    if isinstance(a, dict):
        fields = getattr(b, "__slots__", None) or [k for k in vars(b) if not k.startswith("_")]
        assert sorted(a) == sorted(fields), f"{path}: fields {sorted(a)} vs {sorted(fields)}"
        for k, v in a.items():
            same(v, getattr(b, k), f"{path}.{k}")
    elif isinstance(a, bytes):
        assert a == bytes(b), f"{path}: {len(a)} bytes differ"
    elif isinstance(a, list):
        assert len(a) == len(b), f"{path}: {len(a)} vs {len(b)} elements"
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{path}[{i}]")
    else:
        assert a == b, f"{path}: {a!r} vs {b!r}"


def test_robot_graph_recorded_for_ros2_tools_and_played_back(domain, tmp_path):
    ros2, native = str(tmp_path / "ros2.mcap"), str(tmp_path / "native.mcap")
    graph = subprocess.Popen([LAUNCH, GRAPH, "camera_rate_hz:=5"], env=domain.env(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    domain.procs.append(graph)
    time.sleep(4)  # every node up and publishing (the channels exist from the start)
    recs = [domain.background("record", "-a", "--duration", "3", "-o", ros2),  # the default profile
            domain.background("record", "-a", "--duration", "3", "-o", native, "--profile", "native")]
    for rec in recs:
        rc, _, err = finish(rec, 60)
        assert rc == 0, err
    graph.send_signal(signal.SIGINT)
    graph.wait(30)

    with open(native, "rb") as f:
        reader = make_reader(f, validate_crcs=True)
        descriptors = {c.topic: reader.get_summary().schemas[c.schema_id].data for c in reader.get_summary().channels.values()}
        by_stamp = {(c.topic, m.publish_time): bytes(m.data) for _, c, m in reader.iter_messages()}
    compared, seen = 0, {}
    with open(ros2, "rb") as f:
        reader = make_reader(f, validate_crcs=True, decoder_factories=[DecoderFactory()])
        assert reader.get_header().profile == "ros2"
        for schema, channel, message, decoded in reader.iter_decoded_messages():
            assert (channel.message_encoding, schema.encoding) == ("cdr", "ros2msg"), channel.topic
            assert "dmxp.descriptor" in channel.metadata
            seen[channel.topic] = schema.name
            raw = by_stamp.get((channel.topic, message.publish_time))
            if raw is not None:  # the same message, in the native recording too
                same(layout.decode(descriptors[channel.topic], raw), decoded, channel.topic)
                compared += 1
    for topic, ros_type in TYPES.items():
        assert seen.get(topic) == ros_type, (topic, seen)
    assert compared > 0.9 * len(by_stamp), (compared, len(by_stamp))

    # rosbags reads it as a ROS 2 bag: the same messages, the same values.
    rows = json.loads(subprocess.run([ROS2_PYTHON, "-c", ROSBAGS_SCRIPT, ros2], capture_output=True, text=True,
                                     check=True).stdout)
    with open(ros2, "rb") as f:
        ours = [(c.topic, m.log_time, d) for _, c, m, d in
                make_reader(f, decoder_factories=[DecoderFactory()]).iter_decoded_messages(log_time_order=False)]
    assert sorted((r["topic"], r["log_time"]) for r in rows) == sorted((t, lt) for t, lt, _ in ours)
    odom = {lt: d for t, lt, d in ours if t == "/robot/odom"}
    for r in rows:
        if r["topic"] == "/robot/odom":
            assert r["x"] == odom[r["log_time"]].pose.pose.position.x and r["frame"] == "odom"
        assert r["type"] == seen[r["topic"]]
    images = [r["size"] for r in rows if r["topic"] == "/robot/image"]
    assert images and all(s == [1920, 1080, 1920 * 1080 * 3] for s in images)

    # `dmxp play` turns the CDR back into the layouts the native recording holds.
    replay = type(domain)()
    try:
        again = str(tmp_path / "again.mcap")
        rec = replay.background("record", "-o", again, "--profile", "native", "/robot/odom", "/robot/scan",
                                "-n", str(sum(1 for t, _, _ in ours if t in ("/robot/odom", "/robot/scan"))))
        play = replay.dmxp("play", ros2, "--delay", "0.5", "--rate", "0", "--topics", "/robot/odom", "/robot/scan",
                           timeout=60)
        assert play.returncode == 0, play.stderr
        rc, _, err = finish(rec, 60)
        assert rc == 0, err
    finally:
        replay.close()
    with open(again, "rb") as f:
        replayed = [(c.topic, bytes(m.data)) for _, c, m in make_reader(f, validate_crcs=True).iter_messages()]
    with open(ros2, "rb") as f:
        stamps = [(c.topic, m.publish_time) for _, c, m in make_reader(f).iter_messages()
                  if c.topic in ("/robot/odom", "/robot/scan")]
    originals = [by_stamp.get(s) for s in stamps]
    for (topic, data), original in zip(replayed, originals):
        if original is not None:
            assert layout.decode(descriptors[topic], data) == layout.decode(descriptors[topic], original)
