"""rosbags (PyPI) as the independent CDR serializer the DMXP codec is compared with: its own
ROS 2 Jazzy type definitions, plus the .srv parts it lacks, registered from the real .srv
files the ROS 2 wheels ship (std_srvs) or, for example_interfaces (no wheel), from ROS 2's
published definition; and the eight types of each action, derived from its goal, result and
feedback as ROS 2's rosidl derives them (rosidl_adapter's action_to_idl)."""

import os

import numpy as np
from rosbags.typesys import Stores, get_typestore, get_types_from_msg
from rosbags.typesys.base import Nodetype

# example_interfaces/srv/AddTwoInts.srv as ROS 2 defines it (no Jazzy wheel on PyPI).
ADD_TWO_INTS = "int64 a\nint64 b\n---\nint64 sum\n"
# example_interfaces/action/Fibonacci.action as ROS 2 defines it.
FIBONACCI = "int32 order\n---\nint32[] sequence\n---\nint32[] sequence\n"


def action_types(name, text):
    """{ROS 2 type name: .msg text} of the action `name` ("pkg/action/A"): its goal, result and
    feedback, and the five types ROS 2 builds around them."""
    lines = text.splitlines()
    cuts = [i for i, line in enumerate(lines) if line.strip() == "---"]
    goal, result, feedback = ("\n".join(part) + "\n" for part in (
        lines[:cuts[0]], lines[cuts[0] + 1:cuts[1]], lines[cuts[1] + 1:]))
    return {
        name + "_Goal": goal,
        name + "_Result": result,
        name + "_Feedback": feedback,
        name + "_SendGoal_Request": f"unique_identifier_msgs/UUID goal_id\n{name}_Goal goal\n",
        name + "_SendGoal_Response": "bool accepted\nbuiltin_interfaces/Time stamp\n",
        name + "_GetResult_Request": "unique_identifier_msgs/UUID goal_id\n",
        name + "_GetResult_Response": f"int8 status\n{name}_Result result\n",
        name + "_FeedbackMessage": f"unique_identifier_msgs/UUID goal_id\n{name}_Feedback feedback\n",
    }


PRIMITIVES = {"bool", "byte", "char", "float32", "float64", "int8", "uint8", "int16", "uint16", "int32",
              "uint32", "int64", "uint64", "string", "wstring"}


def qualified(text, pkg):
    """The .srv/.msg text with its package's own types named in full ("State" ->
    "pkg/State"): rosbags would look a bare name up beside the service, under <pkg>/srv/msg."""
    out = []
    for line in text.splitlines():
        words = line.split()
        if words and not words[0].startswith("#") and "/" not in words[0]:
            base = words[0].split("[")[0].split("<=")[0]
            if base not in PRIMITIVES and base != "---":
                line = line.replace(words[0], f"{pkg}/{words[0]}", 1)
        out.append(line)
    return "\n".join(out) + "\n"


def register_service(ts, name, text):
    """Registers both parts of the service `name` ("pkg/srv/S") from its .srv text."""
    lines = text.splitlines()
    cut = [line.strip() for line in lines].index("---")
    request, response = "\n".join(lines[:cut]) + "\n", "\n".join(lines[cut + 1:]) + "\n"
    for part, body in (("_Request", request), ("_Response", response)):
        parsed = get_types_from_msg(body, name + part)
        # rosbags files a part under "<pkg>/srv/msg/<Name>"; ROS 2 names it <pkg>/srv/<Name>.
        ts.register({name + part: next(iter(parsed.values()))})


def typestore(ros2_share):
    """rosbags' Jazzy store with the services of the wheels and example_interfaces added, and
    example_interfaces' Fibonacci action."""
    ts = get_typestore(Stores.ROS2_JAZZY)
    sources = {"example_interfaces/srv/AddTwoInts": ADD_TWO_INTS}
    # Every .srv the wheels ship (std_srvs, action_msgs, lifecycle_msgs, ...) that rosbags lacks.
    for pkg in sorted(os.listdir(ros2_share)):
        srv_dir = os.path.join(ros2_share, pkg, "srv")
        if not os.path.isdir(srv_dir):
            continue
        for f in sorted(os.listdir(srv_dir)):
            name = f"{pkg}/srv/{f[:-4]}"
            if f.endswith(".srv") and name + "_Request" not in ts.types:
                with open(os.path.join(srv_dir, f), encoding="utf-8") as fh:
                    sources[name] = qualified(fh.read(), pkg)
    for name, text in sources.items():
        register_service(ts, name, text)
    # Services of a package no wheel ships (composition_interfaces): from DMXP's own .srv files,
    # copies of ROS 2's; the serializer that checks the bytes is still rosbags'.
    standard = os.environ.get("DMXP_STANDARD_MSGS", "")
    for pkg in sorted(os.listdir(standard)) if standard else []:
        srv_dir = os.path.join(standard, pkg, "srv")
        if os.path.isdir(os.path.join(ros2_share, pkg)) or not os.path.isdir(srv_dir):
            continue
        for f in sorted(os.listdir(srv_dir)):
            name = f"{pkg}/srv/{f[:-4]}"
            if f.endswith(".srv") and name + "_Request" not in ts.types:
                with open(os.path.join(srv_dir, f), encoding="utf-8") as fh:
                    register_service(ts, name, qualified(fh.read(), pkg))
    # Goal, result and feedback first: the other five use them.
    for typename, body in action_types("example_interfaces/action/Fibonacci", FIBONACCI).items():
        parsed = get_types_from_msg(body, typename)
        ts.register({typename: next(iter(parsed.values()))})
    return ts


def to_rosbags(ts, rosname, values):
    """A rosbags message object holding values (dmxp_layout.Values)."""
    cls = ts.types[rosname]
    kwargs = {}
    for name, (nodetype, spec) in ts.fielddefs[rosname][1]:
        if name == "structure_needs_at_least_one_member" and name not in values:
            kwargs[name] = 0  # ROS 2's member of an empty message; DMXP has none
            continue
        kwargs[name] = _convert(ts, nodetype, spec, values[name])
    return cls(**kwargs)


def _convert(ts, nodetype, spec, v):
    if nodetype == Nodetype.NAME:
        return to_rosbags(ts, spec, v)
    if nodetype == Nodetype.BASE:
        return v
    (subtype, subspec), _ = spec
    if subtype == Nodetype.BASE and subspec[0] != "string":
        return np.asarray(v)
    return [_convert(ts, subtype, subspec, x) for x in v]


def mismatch(ts, rosname, obj, values, path=""):
    """The first field where a rosbags object differs from values, or None."""
    for name, (nodetype, spec) in ts.fielddefs[rosname][1]:
        if name == "structure_needs_at_least_one_member" and name not in values:
            continue
        where = path + name
        got, want = getattr(obj, name), values[name]
        if nodetype == Nodetype.NAME:
            bad = mismatch(ts, spec, got, want, where + ".")
        elif nodetype == Nodetype.BASE:
            if spec[0] == "byte":  # rosbags reads ROS 2's byte (octet) as int8
                got &= 0xFF
            same = got == want and isinstance(got, bool) == isinstance(want, bool)
            bad = None if same else f"{where}: {got!r} != {want!r}"
        else:
            bad = _sequence_mismatch(ts, spec, got, want, where)
        if bad:
            return bad
    return None


def _sequence_mismatch(ts, spec, got, want, where):
    (subtype, subspec), _ = spec
    if subtype == Nodetype.BASE and subspec[0] != "string":
        # Same bytes: rosbags reads byte[] as int8, DMXP writes it as uint8.
        g, w = np.asarray(got), np.asarray(want)
        ok = g.shape == w.shape and g.tobytes() == w.tobytes()
        return None if ok else f"{where}: {np.asarray(got)[:8]}... != {np.asarray(want)[:8]}..."
    if len(got) != len(want):
        return f"{where}: {len(got)} elements != {len(want)}"
    for i, (g, w) in enumerate(zip(got, want)):
        if subtype == Nodetype.NAME:
            bad = mismatch(ts, subspec, g, w, f"{where}[{i}].")
        else:
            bad = None if g == w else f"{where}[{i}]: {g!r} != {w!r}"
        if bad:
            return bad
    return None
