"""The DMXP CDR codec against rosbags, an independent serializer, for every standard type
in msgs/ (messages and the parts of services), each with varied values and with every string
and sequence at its DMXP capacity:

- the codec's CDR of a DMXP message equals rosbags' CDR of the same values (trailing padding
  aside: implementations differ there);
- rosbags reads the codec's CDR back as those values;
- the codec decodes its own CDR, rosbags' little-endian and rosbags' big-endian CDR back to
  exactly the DMXP bytes it started from (every byte: unused capacity is zero in both).
"""

import os

import pytest

import dmxp_layout
import rosbags_oracle
from conftest import DESCRIPTORS, env


def same_but_trailing_padding(a, b):
    n = min(len(a), len(b))
    rest = a[n:] + b[n:]
    return a[:n] == b[:n] and len(rest) < 8 and rest == bytes(len(rest))


def test_every_standard_type_is_covered(descriptors, ts):
    # Each .msg file of msgs/, both parts of each .srv file and the eight types of each .action.
    expected = set()
    for root, _, files in os.walk(env("DMXP_STANDARD_MSGS")):
        for f in files:
            pkg = os.path.basename(os.path.dirname(root))
            if f.endswith(".msg"):
                expected.add(f"{pkg}/{f[:-4]}")
            elif f.endswith(".srv"):
                expected |= {f"{pkg}/srv/{f[:-4]}_Request", f"{pkg}/srv/{f[:-4]}_Response"}
            elif f.endswith(".action"):
                expected |= set(rosbags_oracle.action_types(f"{pkg}/action/{f[:-7]}", "---\n---\n"))
    assert set(descriptors) == expected
    missing = [d["ros2_type_name"] for d, _ in descriptors.values() if d["ros2_type_name"] not in ts.types]
    assert missing == []


@pytest.mark.parametrize("full", [False, True], ids=["varied", "at-capacity"])
@pytest.mark.parametrize("type_name", sorted(DESCRIPTORS))
def test_codec_matches_rosbags(type_name, full, codec, ts):
    desc, path = DESCRIPTORS[type_name]
    rosname = desc["ros2_type_name"]
    values = dmxp_layout.Values(desc, seed=len(type_name), full=full).message()
    message = dmxp_layout.message_bytes(desc, values)
    obj = rosbags_oracle.to_rosbags(ts, rosname, values)

    cdr = codec.ok("encode", path, message)
    expected = ts.serialize_cdr(obj, rosname)
    assert same_but_trailing_padding(cdr, expected), (
        f"{type_name}: first difference at byte "
        f"{next((i for i, (x, y) in enumerate(zip(cdr, expected)) if x != y), min(len(cdr), len(expected)))} "
        f"of {len(cdr)} (DMXP) / {len(expected)} (rosbags)")

    assert rosbags_oracle.mismatch(ts, rosname, ts.deserialize_cdr(cdr, rosname), values) is None

    assert codec.ok("decode", path, cdr) == message
    assert codec.ok("decode", path, expected) == message
    assert codec.ok("decode", path, ts.serialize_cdr(obj, rosname, little_endian=False)) == message
