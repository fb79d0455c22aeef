"""ROS 2 type identity from dmxp-msgc: the RIHS01 type hash in each descriptor (and in the C++
types) against the values ROS 2's own generator wrote into the wheels
(share/<pkg>/<msg|srv>/<Type>.json, "type_hashes"), for every standard type present in both;
services too; and DMXP's capacity annotations leave the ROS type alone."""

import json
import os
import re
import shutil
import subprocess

from rosbags.typesys import Stores, get_typestore, get_types_from_msg

from conftest import ROS2_SHARE, env


def wheel_hashes(rosname):
    """{type name: hash} listed in the wheel's JSON for rosname (a service's JSON for its
    parts), or None without one."""
    path = os.path.join(ROS2_SHARE, re.sub(r"_(Request|Response)$", "", rosname) + ".json")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as fh:
        return {h["type_name"]: h["hash_string"] for h in json.load(fh)["type_hashes"]}


def test_every_standard_type_has_the_hash_ros2_computes(descriptors, ts):
    checked, without_wheel = [], []
    for desc, _ in descriptors.values():
        rosname = desc["ros2_type_name"]
        assert re.fullmatch(r"RIHS01_[0-9a-f]{64}", desc["ros2_type_hash"]), rosname
        hashes = wheel_hashes(rosname)
        if hashes is None:
            without_wheel.append(rosname)
            # No wheel: rosbags' own RIHS01 implementation is the oracle.
            assert desc["ros2_type_hash"] == ts.hash_rihs01(rosname), rosname
            continue
        assert desc["ros2_type_hash"] == hashes[rosname], rosname
        checked.append(rosname)
    # Exactly the types of the packages no wheel ships; rosbags checked those above.
    no_wheel = sorted(d["ros2_type_name"] for d, _ in descriptors.values()
                      if not os.path.isdir(os.path.join(ROS2_SHARE, d["ros2_type_name"].split("/")[0])))
    assert sorted(without_wheel) == no_wheel
    assert {n.split("/")[0] for n in no_wheel} == {"composition_interfaces", "example_interfaces", "tf2_msgs"}
    assert len(checked) == len(descriptors) - len(without_wheel)
    for required in ("std_msgs/msg/String", "geometry_msgs/msg/Twist", "sensor_msgs/msg/Imu",
                     "nav_msgs/msg/Odometry"):
        assert required in checked


def test_the_known_value_of_std_msgs_string(descriptors):
    desc, _ = descriptors["std_msgs/String"]
    assert desc["ros2_type_hash"] == "RIHS01_df668c740482bbd48fb39d76a70dfd4bd59db1288021743503259e948f6b1a18"


def compile_cpp(tmp_path, root, *inputs):
    out = tmp_path / "out"
    subprocess.run([env("DMXP_MSGC"), "-o", str(out), "--lang", "cpp", "--default-capacity", "7",
                    "--default-string-capacity", "9", *[str(root / i) for i in inputs]],
                   check=True, capture_output=True)
    return out / "cpp"


def cpp_hash(header):
    return re.search(r'kRos2TypeHash = "(RIHS01_[0-9a-f]{64})"', header.read_text()).group(1)


def test_services_from_the_wheels_own_srv_files(tmp_path):
    # The wheels ship the .srv files too: compile them and compare every hash they list.
    root = tmp_path / "root"
    services = ["nav_msgs/srv/GetMap", "nav_msgs/srv/SetMap", "nav_msgs/srv/GetPlan",
                "nav_msgs/srv/LoadMap", "sensor_msgs/srv/SetCameraInfo", "std_srvs/srv/Empty",
                "std_srvs/srv/SetBool", "std_srvs/srv/Trigger"]
    for s in services:
        (root / s).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(os.path.join(ROS2_SHARE, s + ".srv"), root / (s + ".srv"))
    cpp = compile_cpp(tmp_path, root, *[s + ".srv" for s in services])
    for s in services:
        hashes = wheel_hashes(s)
        assert cpp_hash(cpp / (s + ".hpp")) == hashes[s], s
        for part in ("_Request", "_Response"):
            assert cpp_hash(cpp / (s + part + ".hpp")) == hashes[s + part], s + part


def test_dmxp_capacities_do_not_change_the_ros_type(tmp_path):
    def hash_of(definition):
        root = tmp_path / str(abs(hash(definition)))
        (root / "p/msg").mkdir(parents=True)
        (root / "p/msg/Scan.msg").write_text(definition)
        return cpp_hash(compile_cpp(tmp_path / root.name, root, "p/msg/Scan.msg") / "p/msg/Scan.hpp")

    def ros_hash(definition):  # rosbags' RIHS01 of the plain ROS 2 definition
        store = get_typestore(Stores.EMPTY)
        store.register(get_types_from_msg(definition, "p/msg/Scan"))
        return store.hash_rihs01("p/msg/Scan")

    unbounded = hash_of("float32[] ranges  # @capacity 360\nstring frame  # @capacity 32\n")
    assert unbounded == hash_of("float32[] ranges\nstring frame\n")  # package/command-line defaults
    assert unbounded == ros_hash("float32[] ranges\nstring frame\n")
    bounded = hash_of("float32[<=360] ranges\nstring<=32 frame\n")
    assert bounded != unbounded
    assert bounded == ros_hash("float32[<=360] ranges\nstring<=32 frame\n")
