"""Publisher loans and the publish fast paths of Python nodes: a loan leaves a reused slot as
the C++ T(dmxp::msg::skip_init) does (scalars zero, .msg defaults applied, string and sequence
sizes 0, their storage untouched), checked byte for byte against compiled C++
(py_skip_init_dump) over slots pre-filled with 0xAB; publish(field=value) and publish(buffer)
reach a C++ subscriber."""

import os
import subprocess

import numpy as np
import pytest

import dmxp
from conftest import start_peer
from demo_msgs.msg import Everything
from geometry_msgs.msg import PoseStamped
from sensor_msgs.msg import Image
from std_msgs.msg import Int64

DUMP = os.environ.get("DMXP_SKIP_INIT_DUMP", "")
FILL = 0xAB


def cpp_skip_init(msg_type, tmp_path):
    path = tmp_path / "skip_init.bin"
    subprocess.run([DUMP, msg_type.TYPE_NAME, str(path)], check=True, timeout=60)
    return np.fromfile(path, np.uint8)


def prefilled_publisher(node, msg_type, topic):
    """A publisher whose every ring slot holds a message of 0xAB bytes."""
    pub = node.create_publisher(msg_type, topic, qos=2)
    garbage = np.full(msg_type.DTYPE.itemsize, FILL, np.uint8)
    for _ in range(8):  # more than the ring has slots: each is written at least once
        pub.publish(garbage)
    return pub


def loan_bytes(pub):
    """The bytes of a fresh loan (copied), aborted afterwards."""

    class Abort(Exception):
        pass

    with pytest.raises(Abort):
        with pub.loan() as msg:
            snapshot = np.frombuffer(msg, np.uint8).copy()
            raise Abort
    return snapshot


@pytest.mark.parametrize("msg_type", [Everything, PoseStamped], ids=lambda t: t.TYPE_NAME)
def test_loan_equals_cpp_skip_init_byte_for_byte(domain, tmp_path, msg_type):
    node = dmxp.Node("loans", arguments=[])
    pub = prefilled_publisher(node, msg_type, "loaned")
    got, want = loan_bytes(pub), cpp_skip_init(msg_type, tmp_path)
    assert got.size == want.size == msg_type.DTYPE.itemsize
    differ = np.flatnonzero(got != want)
    assert differ.size == 0, f"bytes {differ[:10].tolist()} differ from C++ skip_init"
    assert (got == FILL).any()  # some storage was left alone, as in C++


def test_loan_applies_defaults_and_leaves_bounded_storage(domain):
    node = dmxp.Node("loans", arguments=[])
    pub = prefilled_publisher(node, Everything, "everything")
    with pub.loan() as msg:
        assert bool(msg["b"]) is True and int(msg["u8"]) == 42 and int(msg["i64"]) == -6400000000
        assert float(msg["f32"]) == 1.5 and float(msg["f64"]) == -2.25
        assert bytes(msg["name"]["data"][: msg["name"]["size"]]) == b"default name"
        assert msg["fixed"].tolist() == [1, 2, 3]
        assert int(msg["bounded"]["size"]) == 1 and float(msg["bounded"]["data"][0]) == 0.5
        assert int(msg["short_name"]["size"]) == 0 and (msg["short_name"]["data"] == FILL).all()
        assert int(msg["blob"]["size"]) == 0 and (msg["blob"]["data"] == FILL).all()
        assert int(msg["last"]) == 0 and (msg["covariance"] == 0).all()  # scalars, fixed arrays: zero
        assert float(msg["point"]["x"]) == 0.0


def test_image_loan_writes_no_pixels_and_reaches_cpp_view(domain, tmp_path):
    node = dmxp.Node("camera", arguments=[])
    pub = prefilled_publisher(node, Image, "image")
    want = cpp_skip_init(Image, tmp_path)
    with pub.loan() as msg:
        raw = np.frombuffer(msg, np.uint8)
        assert np.array_equal(raw, want)
        assert int(msg["height"]) == int(msg["width"]) == int(msg["data"]["size"]) == 0
        assert int(msg["header"]["frame_id"]["size"]) == 0 and int(msg["encoding"]["size"]) == 0
        pixels = msg["data"]["data"]
        assert pixels.size == 3840 * 2160 * 3 and (pixels == FILL).all()  # untouched: not zeroed


def test_publish_from_fields_and_from_a_reused_buffer(domain):
    node = dmxp.Node("py_talker", arguments=[])
    pub = node.create_publisher(Int64, "numbers", qos=64)
    peer = start_peer("rt-listener", "numbers", 200)
    assert peer.stdout.readline().strip() == "ready"
    reused = Int64.zeros()
    for i in range(200):
        if i % 2:
            pub.publish(data=i)
        else:
            reused["data"] = i
            pub.publish(reused)
    out, err = peer.communicate(timeout=15)
    assert peer.returncode == 0, err
    assert out.split() == ["ok", "200", str(sum(range(200)))]


def test_publish_from_fields_refuses_what_it_cannot_write(domain):
    node = dmxp.Node("strict", arguments=[])
    pub = node.create_publisher(PoseStamped, "pose")
    with pytest.raises(dmxp.InvalidArgumentError) as e:
        pub.publish(pose=1)
    assert str(e.value) == ("publish on '/pose': geometry_msgs/PoseStamped has no scalar field 'pose' "
                            "(publish(field=value) writes top-level numbers and bools; use pub.loan() for "
                            "the others)")
    ints = node.create_publisher(Int64, "ints")
    with pytest.raises(dmxp.InvalidArgumentError) as e:
        ints.publish(data=2**63)
    assert str(e.value) == "field 'data': 9223372036854775808 is out of range for int64"
    with pytest.raises(dmxp.InvalidArgumentError) as e:
        ints.publish(data="7")
    assert str(e.value) == "field 'data': '7' is not an integer"
    with pytest.raises(dmxp.InvalidArgumentError) as e:
        ints.publish(Int64.zeros(), data=1)
    assert str(e.value) == "publish on '/ints': give a message or fields, not both"
    sub = node.create_subscription(Int64, "ints")
    ints.publish(data=-5)
    assert int(sub.take()["data"]) == -5 and sub.take() is None  # nothing half-written went out
