"""Image payloads as numpy arrays without copying."""

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
    from sensor_msgs.msg import text

    encoding = text(view["encoding"]).lower()
    if encoding not in _ENCODINGS:
        raise ValueError(f"image_array: unsupported encoding '{encoding}' (known: {', '.join(sorted(_ENCODINGS))})")
    channels, dtype = _ENCODINGS[encoding]
    dtype = _np.dtype(dtype)
    height, width, step = int(view["height"]), int(view["width"]), int(view["step"])
    data = view["data"]["data"]
    used = min(int(view["data"]["size"]), data.shape[0])
    if width * channels * dtype.itemsize > step or height * step > used:
        raise ValueError(
            f"image_array: {height}x{width} {encoding} with step {step} needs {height * step} bytes, "
            f"the message holds {used}")
    return _np.ndarray((height, width, channels), dtype=dtype, buffer=data,
                       strides=(step, channels * dtype.itemsize, dtype.itemsize))
