"""Per-language benchmark: a C++ producer (dmxp-bench-lang-producer) and a consumer in each
language (the interop participants' `bench` mode, tests/interop/matrix.py), pinned to CPU 0
and CPU 1. Two cells per language, interleaved across languages within each round:
  throughput  200k 64-byte messages sent as fast as the ring takes; messages per second
              from the consumer's first to its last receive (busy-polling try_receive)
  latency     20k 64-byte messages, one every 20 us (the ring stays empty); one-way p50/p99
              from CLOCK_MONOTONIC at send to the consumer's clock after receive
Each round starts with the placement probe (shared/BENCHMARKING.md); results are medians
over rounds, with ratios against C++ measured in the same rounds.
Usage: run.py --participants-file F --producer P --probe Q [--rounds 3] [--out RESULTS.md]
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "interop"))
from matrix import Run, read_participants  # noqa: E402


def probe_p50(probe):
    out = subprocess.run([probe, "probe"], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])["p50_ns"]


def band(p50):
    return "A" if p50 < 40 else "B" if p50 < 130 else "C"


def run_cell(command, producer, domain, count, interval):
    """One consumer run: (messages per second first to last, latency p50 ns, p99 ns)."""
    options = ["--domain", domain, "--channel", f"bench{os.getpid()}", "--count", str(count)]
    cons = Run(["taskset", "-c", "1"] + command, "bench", options)
    try:
        if not cons.wait_ready():
            cons.kill()
            raise RuntimeError(f"{command}: not ready: {cons.finish()[2]}")
        subprocess.run(["taskset", "-c", "0", producer] + options + ["--interval-ns", str(interval)], check=True)
        rc, out, err = cons.finish()
        if rc:
            raise RuntimeError(f"{command}: {err}")
    finally:
        for f in os.listdir("/dev/shm"):
            if f.startswith(f"dmxp.{domain}."):
                os.remove(os.path.join("/dev/shm", f))
    n, span, p50, p99 = out.split("bench ", 1)[1].split()[:4]
    return int(n) / (int(span) / 1e9), float(p50), float(p99)


def fmt_ns(ns):
    return f"{ns / 1000:.2f} us" if ns >= 1000 else f"{ns:.0f} ns"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants-file", required=True)
    parser.add_argument("--producer", required=True)
    parser.add_argument("--probe", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--throughput-count", type=int, default=200_000)
    parser.add_argument("--latency-count", type=int, default=20_000)
    parser.add_argument("--out")
    a = parser.parse_args()
    participants = read_participants(a.participants_file)
    domain = f"blang{os.getpid()}"
    load_before = os.getloadavg()[0]
    rates = {n: [] for n in participants}
    lat = {n: [] for n in participants}
    bands = []
    for r in range(a.rounds):
        p50 = probe_p50(a.probe)
        bands.append(f"{band(p50)} {p50}")
        for name, command in participants.items():
            rate, _, _ = run_cell(command, a.producer, domain, a.throughput_count, 0)
            _, l50, l99 = run_cell(command, a.producer, domain, a.latency_count, 20_000)
            rates[name].append(rate)
            lat[name].append((l50, l99))
            print(f"round {r + 1} {name}: {rate / 1e6:.2f} M/s, latency p50 {fmt_ns(l50)} p99 {fmt_ns(l99)}", flush=True)
    base_rate = statistics.median(rates["cpp"])
    base_lat = statistics.median(l[0] for l in lat["cpp"])
    lines = [
        "# Per-language receive throughput and latency",
        "",
        f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; machine: nproc {os.cpu_count()}",
        f"- {a.rounds} rounds, languages interleaved in each; medians; probe (band, cache-line p50 ns) "
        f"before each round: {', '.join(bands)}",
        "- C++ producer on CPU 0, consumer on CPU 1, 64-byte messages, busy-polling consumers "
        "(non-blocking receive in a loop)",
        f"- load average (1 min) before / after the run: {load_before:.2f} / {os.getloadavg()[0]:.2f} on "
        f"{os.cpu_count()} CPUs: above ~0.5 other work shares the pinned CPUs and the numbers measure it",
        "- reproduce: `bash bench/lang/run.sh build`",
        "",
        "| consumer | throughput | vs C++ | latency p50 | p99 | p50 vs C++ |",
        "|---|---|---|---|---|---|",
    ]
    for name in participants:
        rate = statistics.median(rates[name])
        l50 = statistics.median(l[0] for l in lat[name])
        l99 = statistics.median(l[1] for l in lat[name])
        lines.append(f"| {name} | {rate / 1e6:.2f} M msg/s | {rate / base_rate:.2f} | {fmt_ns(l50)} | {fmt_ns(l99)} | "
                     f"{l50 / base_lat:.2f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
