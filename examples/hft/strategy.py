#!/usr/bin/env python3
"""A Python strategy consuming the C++ feed handler's ticks (examples/hft/feed_handler.cpp).

Reads ticks in batches with Consumer.receive_into (one C call per batch, no Python object
per tick), runs a vectorised mid-price momentum signal per instrument with numpy, and
prints throughput and tick-to-strategy latency percentiles (feed publish -> the strategy
has the tick, CLOCK_MONOTONIC on both sides).

    strategy.py [--channel md.ticks] [--count N] [--batch 1024] [--quiet]
"""

import argparse
import sys
import time

import numpy as np

import dmxp
from hft_msgs.msg import Tick


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--channel", default="md.ticks")
    ap.add_argument("--count", type=int, default=5_000_000, help="ticks to wait for (the feed's --count)")
    ap.add_argument("--batch", type=int, default=1024)
    ap.add_argument("--idle-timeout", type=float, default=5.0, help="stop after this long without ticks")
    args = ap.parse_args()

    cons = dmxp.Consumer(args.channel, msg_type=Tick, capacity=1 << 16, backpressure="keep_last", start="newest")
    print("ready", flush=True)
    rows = np.empty((args.batch, Tick.DTYPE.itemsize), np.uint8)
    ticks = rows.view(Tick.DTYPE).reshape(args.batch)  # the same memory, as structured ticks
    latencies = np.empty(args.count, np.int64)
    ema = None  # per instrument: exponential moving average of the mid price
    signals = seen = gaps = 0
    last_seq = -1
    started = None
    while last_seq < args.count - 1:
        n = cons.receive_into(rows, timeout=args.idle_timeout)
        now = time.monotonic_ns()
        if n == 0:
            break
        if started is None:
            started = time.perf_counter()
        batch = ticks[:n]
        take = min(n, latencies.size - seen)
        latencies[seen:seen + take] = now - batch["send_ns"][:take]
        seq = batch["seq"].astype(np.int64)
        gaps += int(seq[0] != last_seq + 1) + int(np.count_nonzero(np.diff(seq) != 1))
        last_seq = int(seq[-1])
        # Strategy, vectorised over the batch: a signal when an instrument's mid leaves its
        # moving average by more than 20 ticks; the averages then move towards the last mids.
        symbol = batch["symbol"]
        mid = (batch["bid"] + batch["ask"]) * 0.5
        if ema is None:
            ema = np.zeros(int(symbol.max()) + 1)
            ema[symbol] = mid
        if symbol.max() >= ema.size:
            ema = np.concatenate([ema, np.zeros(int(symbol.max()) + 1 - ema.size)])
        signals += int(np.count_nonzero(np.abs(mid - ema[symbol]) > 0.2))
        ema[symbol] = 0.99 * ema[symbol] + 0.01 * mid  # the last tick of each instrument wins
        seen += n
        finished = time.perf_counter()
    elapsed = finished - started if started else 0.0
    lat = latencies[:min(seen, latencies.size)] / 1000.0
    if seen == 0:
        print("strategy: no ticks arrived", file=sys.stderr)
        return 1
    p = np.percentile(lat, [50, 90, 99, 99.9])
    print(f"strategy: {seen} ticks in {elapsed:.3f} s = {seen / max(elapsed, 1e-9) / 1e6:.2f} M ticks/s, "
          f"lost {cons.lost}, sequence gaps {gaps}, signals {signals}")
    print(f"tick-to-strategy latency us: p50 {p[0]:.1f}  p90 {p[1]:.1f}  p99 {p[2]:.1f}  "
          f"p99.9 {p[3]:.1f}  max {lat.max():.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
