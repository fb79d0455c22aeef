#!/usr/bin/env python3
"""A Python consumer of the C++ camera's 4K frames (examples/vision/camera.cpp).

Each frame is a read-only numpy (2160, 3840, 3) uint8 array over the ring slot (no copy):
dmxp.image_array(msg.view(Image)). Per frame it computes the mean brightness per channel
(numpy, or PyTorch with --torch: torch.frombuffer over the same memory) and checks it
against the camera's pattern; then prints fps and frame latency percentiles (camera stamp
-> statistic done, CLOCK_REALTIME on both sides).

    consumer.py [--channel camera] [--frames 300] [--torch]
"""

import argparse
import sys
import time
import warnings

import numpy as np

import dmxp
from sensor_msgs.msg import Image


def torch_mean(msg, pixels):
    import torch

    with warnings.catch_warnings():  # torch warns that the buffer is read-only: we only read
        warnings.simplefilter("ignore")
        flat = torch.frombuffer(msg, dtype=torch.uint8)  # the slot's memory, no copy
    offset = pixels.ctypes.data - msg.address
    frame = flat[offset:offset + pixels.nbytes].view(pixels.shape)
    return frame.float().mean(dim=(0, 1)).numpy()


def numpy_mean(pixels):
    """Mean per channel: rows summed as contiguous vectors (fast in numpy), then folded."""
    height, width, channels = pixels.shape
    rows = pixels.reshape(height, width * channels)
    column_sums = rows.sum(axis=0, dtype=np.uint32)  # at most 2160 * 255 per column
    return column_sums.reshape(width, channels).sum(axis=0, dtype=np.uint64) / (height * width)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--channel", default="camera")
    ap.add_argument("--frames", type=int, default=300)
    ap.add_argument("--torch", action="store_true", help="compute the statistic with PyTorch (if installed)")
    ap.add_argument("--idle-timeout", type=float, default=5.0)
    args = ap.parse_args()
    use_torch = args.torch
    if use_torch:
        try:
            import torch  # noqa: F401
        except ImportError:
            print("consumer: PyTorch is not installed; using numpy", file=sys.stderr)
            use_torch = False

    cons = dmxp.Consumer(args.channel, msg_type=Image, capacity=4, backpressure="keep_last", start="newest")
    print("ready", flush=True)
    latencies, bad, overwritten = [], 0, 0
    first = last = None
    while len(latencies) < args.frames:
        msg = cons.receive(timeout=args.idle_timeout)
        if msg is None:
            break
        img = msg.view(Image)
        pixels = dmxp.image_array(img)  # (height, width, 3), zero-copy
        mean = torch_mean(msg, pixels) if use_torch else numpy_mean(pixels)
        done = time.time_ns()
        stamp = int(img["header"]["stamp"]["sec"]) * 1_000_000_000 + int(img["header"]["stamp"]["nanosec"])
        # The camera's rows are (y + frame) & 0xFF: check the statistic against that.
        frame = int(pixels[0, 0, 0])
        expected = ((np.arange(pixels.shape[0]) + frame) & 0xFF).mean()
        if not cons.release():  # KEEP_LAST: the camera lapped us while we computed
            overwritten += 1
            continue
        bad += int(not np.allclose(mean, expected, atol=1e-3))
        latencies.append(done - stamp)
        first = first or time.perf_counter()
        last = time.perf_counter()
    if not latencies:
        print("consumer: no frames arrived", file=sys.stderr)
        return 1
    lat = np.array(latencies) / 1e6
    fps = (len(latencies) - 1) / (last - first) if len(latencies) > 1 else 0.0
    p = np.percentile(lat, [50, 90, 99])
    print(f"consumer: {len(latencies)} frames {pixels.shape[1]}x{pixels.shape[0]} at {fps:.1f} fps "
          f"({'torch' if use_torch else 'numpy'} mean per channel), lost {cons.lost}, "
          f"overwritten while read {overwritten}, wrong statistics {bad}")
    print(f"frame latency ms (camera stamp -> statistic done): p50 {p[0]:.2f}  p90 {p[1]:.2f}  "
          f"p99 {p[2]:.2f}  max {lat.max():.2f}")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
