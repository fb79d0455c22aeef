"""rosbags (PyPI) as the independent CDR serializer the DMXP codec is compared with: its own
ROS 2 Jazzy type definitions, plus the .srv parts it lacks, registered from the real .srv
files the ROS 2 wheels ship (std_srvs) or, for example_interfaces (no wheel), from ROS 2's
published definition."""

import os

import numpy as np
from rosbags.typesys import Stores, get_typestore, get_types_from_msg
from rosbags.typesys.base import Nodetype

# example_interfaces/srv/AddTwoInts.srv as ROS 2 defines it (no Jazzy wheel on PyPI).
ADD_TWO_INTS = "int64 a\nint64 b\n---\nint64 sum\n"


def typestore(ros2_share):
    """rosbags' Jazzy store with the services of std_srvs and example_interfaces added."""
    ts = get_typestore(Stores.ROS2_JAZZY)
    sources = {"example_interfaces/srv/AddTwoInts": ADD_TWO_INTS}
    srv_dir = os.path.join(ros2_share, "std_srvs", "srv")
    for f in sorted(os.listdir(srv_dir)):
        if f.endswith(".srv"):
            with open(os.path.join(srv_dir, f), encoding="utf-8") as fh:
                sources["std_srvs/srv/" + f[:-4]] = fh.read()
    for name, text in sources.items():
        lines = text.splitlines()
        cut = [line.strip() for line in lines].index("---")
        request, response = "\n".join(lines[:cut]) + "\n", "\n".join(lines[cut + 1:]) + "\n"
        for part, body in (("_Request", request), ("_Response", response)):
            parsed = get_types_from_msg(body, name + part)
            # rosbags files a part under "<pkg>/srv/msg/<Name>"; ROS 2 names it <pkg>/srv/<Name>.
            ts.register({name + part: next(iter(parsed.values()))})
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
