"""DMXP messages from their layout descriptors alone, for the CDR tests: deterministic,
varied values for any type, and the fixed-layout bytes of those values (docs/messages.md,
"Layout descriptor"). Written from the descriptor format, independently of the C++ codec.

Values: a dict per message, Python scalars, str for strings, a list for arrays of strings or
messages, a numpy array for arrays of primitives.
"""

import json
import os
import struct

import numpy as np

DTYPES = {
    "bool": "?", "byte": "u1", "char": "u1", "int8": "i1", "uint8": "u1",
    "int16": "<i2", "uint16": "<u2", "int32": "<i4", "uint32": "<u4",
    "int64": "<i8", "uint64": "<u8", "float32": "<f4", "float64": "<f8",
}

# Printable ASCII without quotes and backslash; strings never hold NUL (CDR ends them with it).
ALPHABET = "".join(chr(c) for c in range(32, 127) if chr(c) not in "\"\\")


def load_descriptors(dirs):
    """Every descriptor under the given descriptor/ folders: {DMXP type name: (descriptor,
    its file)}."""
    out = {}
    for d in dirs:
        for root, _, files in os.walk(d):
            for f in sorted(files):
                if f.endswith(".json"):
                    path = os.path.join(root, f)
                    with open(path, encoding="utf-8") as fh:
                        desc = json.load(fh)
                    out[desc["type"]] = (desc, path)
    return out


class Values:
    """Values for every field of a type. full=True puts every string and sequence at its
    capacity; otherwise their lengths vary with the seed (empty ones included)."""

    def __init__(self, desc, seed, full):
        self.desc = desc
        self.k = seed * 1000
        self.full = full

    def _next(self):
        self.k += 1
        return self.k

    def message(self, tdesc=None):
        tdesc = tdesc or self.desc
        return {f["name"]: self.field(f) for f in tdesc["fields"]}

    def field(self, f):
        kind = f["kind"]
        if kind == "scalar":
            return self.scalar(f["type"])
        if kind == "string":
            return self.text(f["capacity"])
        if kind == "nested":
            return self.message(self.desc["types"][f["type"]])
        n = f["count"] if kind == "array" else self.length(f["capacity"])
        return self.elements(f["element"], n)

    def length(self, capacity):
        if self.full:
            return capacity
        k = self._next()
        return [0, 1, min(capacity, 2 + k % 7)][k % 3]

    def scalar(self, t):
        return self.array(t, 1)[0].item()

    def array(self, t, n):
        k = self._next()
        i = np.arange(n, dtype=np.int64) + k
        if t == "bool":
            return (i % 3 == 0).astype("?")
        if t in ("float32", "float64"):  # exact in float32: quarters between -250 and 250
            return ((i * 7919 % 2001 - 1000) * 0.25).astype(DTYPES[t])
        info = np.iinfo(np.dtype(DTYPES[t]))
        span = int(info.max) - int(info.min) + 1
        # Spread over the whole range, negatives and extremes included.
        v = [(int(x) * 0x9E3779B97F4A7C15) % span + int(info.min) for x in i[: min(n, 4096)]]
        base = np.array(v, dtype=np.dtype(DTYPES[t]))
        return np.resize(base, n) if n > len(base) else base

    def text(self, capacity):
        k = self._next()
        n = capacity if self.full else [0, 1, min(capacity, 3 + k % 29)][k % 3]
        return "".join(ALPHABET[(k * 31 + j * 7) % len(ALPHABET)] for j in range(n))

    def elements(self, e, n):
        if e["kind"] == "scalar":
            return self.array(e["type"], n)
        if e["kind"] == "string":
            return [self.text(e["capacity"]) for _ in range(n)]
        return [self.message(self.desc["types"][e["type"]]) for _ in range(n)]


def message_bytes(desc, values):
    """The DMXP fixed layout of values: zero wherever no field is written."""
    buf = bytearray(desc["size"])
    _write_message(desc, desc, values, buf, 0)
    return bytes(buf)


def _write_message(desc, tdesc, values, buf, base):
    for f in tdesc["fields"]:
        v, kind = values[f["name"]], f["kind"]
        if kind == "scalar":
            _put(buf, base + f["offset"], np.array([v], dtype=DTYPES[f["type"]]).tobytes())
        elif kind == "string":
            _write_string(v, buf, base + f["length_offset"], base + f["data_offset"])
        elif kind == "nested":
            _write_message(desc, desc["types"][f["type"]], v, buf, base + f["offset"])
        else:
            if kind == "bounded_array":
                struct.pack_into("<I", buf, base + f["length_offset"], len(v))
            _write_elements(desc, f["element"], v, buf, base + f["data_offset"])


def _write_elements(desc, e, values, buf, data):
    if e["kind"] == "scalar":
        _put(buf, data, np.asarray(values, dtype=DTYPES[e["type"]]).tobytes())
    elif e["kind"] == "string":
        for i, s in enumerate(values):
            at = data + i * e["size"]
            _write_string(s, buf, at + e["length_offset"], at + e["data_offset"])
    else:
        for i, m in enumerate(values):
            _write_message(desc, desc["types"][e["type"]], m, buf, data + i * e["size"])


def _write_string(s, buf, length_at, data_at):
    b = s.encode()
    struct.pack_into("<I", buf, length_at, len(b))
    _put(buf, data_at, b)


def _put(buf, at, b):
    buf[at:at + len(b)] = b
