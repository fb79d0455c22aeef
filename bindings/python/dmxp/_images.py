"""Image payloads as numpy arrays without copying.

Both calls run once per frame in a subscriber or publisher callback, so each costs about a
microsecond (bench/python/RESULTS.md): the Image fields they need are read or written with
one precomputed struct per dtype (a field access through numpy costs ~0.15-0.3 us each, and
keyword arguments to np.ndarray cost more than the array itself)."""

import struct as _struct

import numpy as _np

# sensor_msgs/Image encodings: (channels, element dtype).
_ENCODINGS = {
    "mono8": (1, "u1"), "8uc1": (1, "u1"), "mono16": (1, "<u2"), "16uc1": (1, "<u2"),
    "rgb8": (3, "u1"), "bgr8": (3, "u1"), "8uc3": (3, "u1"),
    "rgba8": (4, "u1"), "bgra8": (4, "u1"), "8uc4": (4, "u1"),
    "rgb16": (3, "<u2"), "bgr16": (3, "<u2"), "32fc1": (1, "<f4"), "64fc1": (1, "<f8"),
}
_U8 = _np.dtype(_np.uint8)


def image_array(view):
    """The pixels of a sensor_msgs/Image view (Image.view(msg), or a subscription's message)
    as a (height, width, channels) array over the same memory (no copy; read-only when the
    view is). Rows follow `step`, so padded rows work too."""
    layout = _layout(view.dtype)
    # The struct and the array read the view's buffer directly (no intermediate uint8 array).
    height, width, size, encoding, _, step, used = layout.header.unpack_from(view, layout.first)
    name, channels, dtype = _encoding(encoding[:size], "image_array")
    used = min(used, layout.capacity)
    if width * channels * dtype.itemsize > step or height * step > used:
        raise ValueError(
            f"image_array: {height}x{width} {name} with step {step} needs {height * step} bytes, "
            f"the message holds {used}")
    # Positional arguments: np.ndarray's keyword parsing costs as much as the rest of the call.
    return _np.ndarray((height, width, channels), dtype, view, layout.data,
                       (step, channels * dtype.itemsize, dtype.itemsize))


def set_image(view, height, width, encoding, step=None):
    """Writes height, width, encoding, step (default: width * pixel size, rows unpadded) and
    the pixel byte count into a writable sensor_msgs/Image view (a loan: `with pub.loan() as
    img`) and returns its (height, width, channels) pixel array over the slot, for the program
    to fill (no copy). is_bigendian becomes 0 (the arrays are little-endian); the header is
    the program's. ValueError for an unknown encoding, a step shorter than a row, pixels beyond
    the data field's capacity, or a read-only view."""
    layout = _layout(view.dtype)
    known = _BY_NAME.get(encoding) if encoding.__class__ is str else None
    if known is None:
        key = encoding.encode("utf-8") if isinstance(encoding, str) else bytes(encoding)
        known = (key, *_encoding(key, "set_image"))
        if isinstance(encoding, str):
            _BY_NAME[encoding] = known
    key, name, channels, dtype = known
    row = width * channels * dtype.itemsize
    step = row if step is None else step
    if step < row:
        raise ValueError(f"set_image: step {step} is shorter than a row of {width} {name} pixels ({row} bytes)")
    if height * step > layout.capacity:
        raise ValueError(f"set_image: {height}x{width} {name} with step {step} needs {height * step} bytes, "
                         f"the data field holds {layout.capacity}")
    try:
        layout.header.pack_into(view, layout.first, height, width, len(key), key, 0, step, height * step)
    except TypeError:  # the buffer is not writable
        raise ValueError("set_image: the view is read-only (a received message); write into a loan") from None
    return _np.ndarray((height, width, channels), dtype, view, layout.data,
                       (step, channels * dtype.itemsize, dtype.itemsize))


def _encoding(stored, caller):
    """(name, channels, dtype) of an encoding as the message stores it (bytes, any case)."""
    known = _BY_BYTES.get(stored)
    if known is None:
        name = stored.decode("utf-8", "replace").lower()
        if name not in _ENCODINGS:
            raise ValueError(f"{caller}: unsupported encoding '{name}' (known: {', '.join(sorted(_ENCODINGS))})")
        known = _BY_BYTES[stored] = (name, _ENCODINGS[name][0], _np.dtype(_ENCODINGS[name][1]))
    return known


def _layout(dtype):
    layout = _layouts.get(dtype)
    if layout is None:
        layout = _layouts[dtype] = _Layout(dtype)
    return layout


class _Layout:
    """Where an Image dtype keeps height, width, encoding (size, bytes), is_bigendian, step and
    the pixel byte count: one struct (`header`, read or written at `first`) spanning them in
    that (offset) order, with pad bytes for what lies between."""

    def __init__(self, dtype):
        fields = dtype.fields
        encoding_dtype, encoding_at = fields["encoding"][:2]
        self.encoding_capacity = encoding_dtype.fields["data"][0].shape[0]
        data_dtype, data_at = fields["data"][:2]
        self.data = data_at + data_dtype.fields["data"][1]
        self.capacity = data_dtype.fields["data"][0].shape[0]
        parts = sorted([  # (offset, struct code, bytes): the order of unpack_from's values
            (fields["height"][1], "I", 4), (fields["width"][1], "I", 4),
            (encoding_at + encoding_dtype.fields["size"][1], "I", 4),
            (encoding_at + encoding_dtype.fields["data"][1], f"{self.encoding_capacity}s", self.encoding_capacity),
            (fields["is_bigendian"][1], "B", 1), (fields["step"][1], "I", 4), (data_at + data_dtype.fields["size"][1], "I", 4)])
        if [p[1] for p in parts] != ["I", "I", "I", f"{self.encoding_capacity}s", "B", "I", "I"]:
            raise ValueError(f"image_array: an Image layout this module does not know: {dtype}")
        self.first, fmt, at = parts[0][0], "<", parts[0][0]
        for offset, code, length in parts:
            fmt += f"{offset - at}x{code}" if offset > at else code
            at = offset + length
        self.header = _struct.Struct(fmt)


_layouts = {}
_BY_BYTES = {}  # encoding as stored -> (name, channels, dtype)
_BY_NAME = {}  # set_image's encoding argument -> (stored bytes, name, channels, dtype)
