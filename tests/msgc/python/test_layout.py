"""The numpy dtypes dmxp-msgc generates, against the two other views of the same layout:
the layout descriptor (the generator's numbers) and offsetof/sizeof in compiled C++
(msgc_layout_dump), for every standard message and the demo ones. Then zero-copy access:
bytes written through a dtype view read back through the helpers."""

import importlib
import json
import os
import pathlib
import subprocess

import numpy as np
import pytest

import geometry_msgs.msg as geometry
import sensor_msgs.msg as sensor
import demo_msgs.msg as demo


def compiled_layouts():
    out = subprocess.run([os.environ["MSGC_LAYOUT_DUMP"]], check=True, capture_output=True, text=True)
    return {d["type"]: d for d in map(json.loads, out.stdout.splitlines())}


LAYOUTS = compiled_layouts()


def python_class(type_name):
    package, name = type_name.split("/")
    return getattr(importlib.import_module(f"{package}.msg"), name)


def test_every_standard_message_is_covered():
    root = pathlib.Path(os.environ["MSGC_STANDARD_MSGS"])
    on_disk = {f"{p.parent.parent.name}/{p.stem}" for p in root.glob("*/msg/*.msg")}
    assert on_disk and on_disk <= set(LAYOUTS)


@pytest.mark.parametrize("type_name", sorted(LAYOUTS))
def test_dtype_equals_descriptor_equals_offsetof(type_name):
    cls = python_class(type_name)
    cxx = LAYOUTS[type_name]
    desc = json.loads(cls.DESCRIPTOR)
    assert cls.TYPE_NAME == type_name == desc["type"]
    assert f"0x{cls.FINGERPRINT:016x}" == cxx["fingerprint"] == desc["fingerprint"]
    assert cls.DTYPE.itemsize == cxx["size"] == desc["size"]
    fields = cls.DTYPE.fields or {}
    assert list(cls.DTYPE.names or []) == [f[0] for f in cxx["fields"]] == [f["name"] for f in desc["fields"]]
    for (name, offset, size), d in zip(cxx["fields"], desc["fields"]):
        dtype, np_offset = fields[name][:2]
        assert np_offset == offset == d["offset"], name
        assert dtype.itemsize == size == d["size"], name


@pytest.mark.parametrize("type_name", sorted(LAYOUTS))
def test_nested_dtypes_match_their_descriptors(type_name):
    cls = python_class(type_name)
    desc = json.loads(cls.DESCRIPTOR)
    for nested, body in desc["types"].items():
        assert python_class(nested).DTYPE.itemsize == body["size"]


def test_zero_copy_view_and_helpers():
    buf = bytearray(demo.Everything.DTYPE.itemsize)
    v = demo.Everything.view(buf)
    demo.set_text(v["name"], "zero-copy")
    demo.set_items(v["samples"], [0.5, 1.5])
    v["point"]["z"] = -4.0
    v["inners"]["size"] = 1
    v["inners"]["data"][0]["value"] = 2.5
    v2 = demo.Everything.view(bytes(buf))  # a second, read-only view of the same bytes
    assert demo.text(v2["name"]) == "zero-copy"
    assert list(demo.items(v2["samples"])) == [0.5, 1.5]
    assert v2["point"]["z"] == -4.0
    assert demo.items(v2["inners"])[0]["value"] == 2.5
    with pytest.raises(ValueError, match="capacity of 24"):
        demo.set_text(v["name"], "x" * 25)
    assert demo.Everything.ANSWER == 42 and demo.Everything.FLAG is True
    assert demo.Everything.GREETING == "hello # world (ROS 1: the rest of the line)"


def test_sizes_read_from_a_foreign_writer_are_clamped():
    v = demo.Everything.zeros()
    v["blob"]["size"] = 0xFFFFFFFF
    assert len(demo.items(v["blob"])) == 8


def test_standard_types_and_image_capacity():
    img = sensor.Image.zeros()
    assert img["data"]["data"].shape == (3840 * 2160 * 3,)
    sensor.set_text(img["encoding"], "rgb8")
    assert sensor.text(img["encoding"]) == "rgb8"
    pose = geometry.Pose.zeros()
    assert pose["orientation"]["w"] == 0.0  # zeros(): C++ defaults are not applied
    assert sensor.PointField.FLOAT32 == 7
