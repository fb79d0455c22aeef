"""Image payloads as numpy arrays without copying."""

import struct as _struct

import numpy as _np

# sensor_msgs/Image encodings: (channels, element dtype).
_ENCODINGS = {
    "mono8": (1, "u1"), "8uc1": (1, "u1"), "mono16": (1, "<u2"), "16uc1": (1, "<u2"),
    "rgb8": (3, "u1"), "bgr8": (3, "u1"), "8uc3": (3, "u1"),
    "rgba8": (4, "u1"), "bgra8": (4, "u1"), "8uc4": (4, "u1"),
    "rgb16": (3, "<u2"), "bgr16": (3, "<u2"), "32fc1": (1, "<f4"), "64fc1": (1, "<f8"),
}


def image_array(view):
    """The pixels of a sensor_msgs/Image view (Image.view(msg), or a subscription's message)
    as a (height, width, channels) array over the same memory (no copy; read-only when the
    view is). Rows follow `step`, so padded rows work too."""
    layout = _layouts.get(view.dtype)
    if layout is None:
        layout = _layouts[view.dtype] = _Layout(view.dtype)
    raw = _np.frombuffer(view, _np.uint8)  # the message's bytes, no copy
    height, width, step, used, encoding = layout.read(raw)
    known = _BY_BYTES.get(encoding)
    if known is None:
        name = encoding.decode("utf-8", "replace").lower()
        if name not in _ENCODINGS:
            raise ValueError(f"image_array: unsupported encoding '{name}' (known: {', '.join(sorted(_ENCODINGS))})")
        known = _BY_BYTES[encoding] = (name, *_ENCODINGS[name], _np.dtype(_ENCODINGS[name][1]))
    name, channels, _, dtype = known
    used = min(used, layout.capacity)
    if width * channels * dtype.itemsize > step or height * step > used:
        raise ValueError(
            f"image_array: {height}x{width} {name} with step {step} needs {height * step} bytes, "
            f"the message holds {used}")
    return _np.ndarray((height, width, channels), dtype=dtype, buffer=raw, offset=layout.data,
                       strides=(step, channels * dtype.itemsize, dtype.itemsize))


class _Layout:
    """Where an Image dtype keeps the fields image_array reads (one struct read per call: a
    field access through numpy costs more than the whole of it)."""

    def __init__(self, dtype):
        fields = dtype.fields
        self.height, self.width, self.step = (fields[f][1] for f in ("height", "width", "step"))
        encoding_dtype, self.encoding = fields["encoding"][:2]
        self.encoding_capacity = encoding_dtype.fields["data"][0].shape[0]
        data_dtype, data_at = fields["data"][:2]
        self.used = data_at + data_dtype.fields["size"][1]
        self.data = data_at + data_dtype.fields["data"][1]
        self.capacity = data_dtype.fields["data"][0].shape[0]

    def read(self, raw):
        """(height, width, step, data bytes in use, encoding bytes) from the message's bytes."""
        u32 = _U32.unpack_from
        size = min(u32(raw, self.encoding)[0], self.encoding_capacity)
        at = self.encoding + 4
        return (u32(raw, self.height)[0], u32(raw, self.width)[0], u32(raw, self.step)[0],
                u32(raw, self.used)[0], bytes(raw[at:at + size]))


_U32 = _struct.Struct("<I")
_layouts = {}
_BY_BYTES = {}  # encoding as stored -> (name, channels, dtype text, dtype)
