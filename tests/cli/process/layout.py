"""Decodes DMXP fixed-layout message bytes into Python values from the layout descriptor alone
(docs/messages.md, "Layout descriptor"), independently of the C++ decoder and CDR codec:
a dict per message, str for strings, lists for arrays (bytes for arrays of uint8, byte, char)."""
import json
import struct

_FORMATS = {"bool": "?", "int8": "b", "uint8": "B", "byte": "B", "char": "B", "int16": "h", "uint16": "H",
            "int32": "i", "uint32": "I", "int64": "q", "uint64": "Q", "float32": "f", "float64": "d"}


def decode(descriptor, data):
    d = json.loads(descriptor) if isinstance(descriptor, (str, bytes)) else descriptor
    return _message(d, d, data, 0)


def _message(d, t, data, base):
    return {f["name"]: _field(d, f, data, base) for f in t["fields"]}


def _element(d, e, data, at, base=None):
    """An element at `at`; a field's string offsets count from its message's `base`."""
    if e["kind"] == "scalar":
        return struct.unpack_from("<" + _FORMATS[e["type"]], data, at)[0]
    if e["kind"] == "string":
        origin = at if base is None else base
        n = struct.unpack_from("<I", data, origin + e["length_offset"])[0]
        assert n <= e["capacity"], f"string of {n} bytes in a capacity of {e['capacity']}"
        start = origin + e["data_offset"]
        return data[start:start + n].decode()
    return _message(d, d["types"][e["type"]], data, at)


def _field(d, f, data, base):
    kind = f["kind"]
    if kind in ("scalar", "string", "nested"):
        return _element(d, f, data, base + f["offset"], base)
    e = f["element"]
    if kind == "array":
        n = f["count"]
    else:
        n = struct.unpack_from("<I", data, base + f["length_offset"])[0]
        assert n <= f["capacity"]
    start = base + f["data_offset"]
    if e["kind"] == "scalar" and e["type"] in ("uint8", "byte", "char"):
        return bytes(data[start:start + n])  # images: one slice, not millions of ints
    return [_element(d, e, data, start + i * e["size"]) for i in range(n)]
