"""The ros2msg schema of each descriptor (dmxp::wire::ros2msg_schema, through wire_cdr_tool:
what MCAP's ros2msg schemas and the Foxglove WebSocket protocol carry): parsed by rosbags' .msg
parser, every standard type and
every type it uses come out with exactly the fields of ROS 2 Jazzy's definitions (rosbags'
store), so a ROS 2 reader decodes the CDR with it, and with the constants of DMXP's own .msg
file (some of msgs/ predate Jazzy's constants; constants are not part of the wire or the type
hash)."""

import os

from rosbags.typesys import get_types_from_msg

from conftest import env

SEPARATOR = "=" * 80


def test_every_standard_type_parses_to_the_ros2_definition(descriptors, ts, codec):
    checked = 0
    for desc, path in descriptors.values():
        rosname = desc["ros2_type_name"]
        text = codec.ok("ros2msg", path).decode()
        # rosbags files a service part under "<pkg>/srv/msg/<Name>" (an action's type under
        # "<pkg>/action/msg/<Name>"); ROS 2 names it <pkg>/srv/<Name> (<pkg>/action/<Name>).
        parsed = {k.replace("/srv/msg/", "/srv/").replace("/action/msg/", "/action/"): v
                  for k, v in get_types_from_msg(text, rosname).items()}
        # The type itself and each type it uses once, nothing else.
        used = {n if n.count("/") == 2 else n.replace("/", "/msg/", 1) for n in desc["types"]}
        assert set(parsed) == {rosname} | used, path
        for name, (consts, fields) in parsed.items():
            want_fields = ts.fielddefs[name][1]
            if not want_fields or [f[0] for f in want_fields] == ["structure_needs_at_least_one_member"]:
                # ROS 2 gives an empty message a uint8 member; the .msg text has no field.
                assert fields == [], (path, name)
            else:
                assert fields == want_fields, (path, name)
            pkg, folder, leaf = name.split("/")
            if folder == "action":
                assert consts == [], (path, name)  # no standard action has constants
                continue
            if folder == "srv":  # the constants of its part of the .srv file
                service, part = leaf.rsplit("_", 1)
                with open(os.path.join(env("DMXP_STANDARD_MSGS"), pkg, "srv", service + ".srv"), encoding="utf-8") as fh:
                    lines = fh.read().splitlines()
                cut = [line.strip() for line in lines].index("---")
                text = "\n".join(lines[:cut] if part == "Request" else lines[cut + 1:]) + "\n"
                assert consts == next(iter(get_types_from_msg(text, name).values()))[0], (path, name)
                continue
            with open(os.path.join(env("DMXP_STANDARD_MSGS"), pkg, "msg", leaf + ".msg"), encoding="utf-8") as fh:
                source_consts = get_types_from_msg(fh.read(), name)[name][0]
            assert consts == source_consts, (path, name)
            checked += 1
    assert checked > 100


def test_dependencies_follow_80_equals_and_msg_lines(descriptors, codec):
    _, path = descriptors["sensor_msgs/LaserScan"]
    sections = codec.ok("ros2msg", path).decode().split(SEPARATOR + "\n")
    assert sections[0].splitlines()[-2:] == ["float32[] ranges", "float32[] intensities"]
    assert [s.splitlines()[0] for s in sections[1:]] == ["MSG: builtin_interfaces/Time", "MSG: std_msgs/Header"]
    assert sections[2].splitlines()[1:] == ["builtin_interfaces/Time stamp", "string frame_id"]
