"""The values cli_test_talker publishes as message i (mirrors tests/cli/support/talker.cpp),
and a small decoder of scalar fields from raw bytes with a layout descriptor, independent of
the C++ decoder under test."""
import json
import struct


def pose(i):
    return {"header": {"stamp": {"sec": i, "nanosec": i * 10}, "frame_id": "map"},
            "pose": {"position": {"x": i * 0.5, "y": -float(i), "z": 0.25},
                     "orientation": {"x": 0.0, "y": 0.0, "z": 0.0, "w": 1.0}}}


def scan(i):
    return {"header": {"stamp": {"sec": i, "nanosec": 0}, "frame_id": "laser"},
            "angle_min": -1.5, "angle_max": 1.5, "angle_increment": 0.0, "time_increment": 0.0,
            "scan_time": 0.0, "range_min": 0.0, "range_max": 0.0,
            "ranges": [i + k * 0.25 for k in range(8)], "intensities": []}


def int32(i):
    return {"data": i}


def string(i):
    return {"data": f"hello {i}"}


_FORMATS = {"bool": "?", "int8": "b", "uint8": "B", "byte": "B", "char": "B", "int16": "h", "uint16": "H",
            "int32": "i", "uint32": "I", "int64": "q", "uint64": "Q", "float32": "f", "float64": "d"}


def scalar_at(descriptor_json, data, path):
    """The scalar at a dotted path ("pose.position.x") of raw message bytes."""
    d = json.loads(descriptor_json)
    fields, offset = d["fields"], 0
    for name in path.split("."):
        f = next(f for f in fields if f["name"] == name)
        offset += f["offset"]
        if f["kind"] == "nested":
            fields = d["types"][f["type"]]["fields"]
        else:
            return struct.unpack_from("<" + _FORMATS[f["type"]], data, offset)[0]
    raise KeyError(path)
