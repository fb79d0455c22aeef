#!/usr/bin/env python3
"""Idle nodes' CPU while one pair of nodes exchanges messages, two builds interleaved.

    python3 bench/idle_nodes.py --bin BUILD/bin --base-lib DIR [--head-lib DIR]
                                [--nodes 1,8,32,64] [--rates 0,1000,10000,100000]
                                [--rounds 3] [--seconds 3]

BUILD/bin holds dmxp-bench-idle-nodes (bench/idle_nodes.cpp) and dmxp-bench-probe. The same
binary runs against the head libraries (its own, or --head-lib) and against --base-lib (the
previous commit's libdmxp.so.0 and libdmxp_rt.so.0, through LD_LIBRARY_PATH: the public
headers of both must match). For each node count, base and head alternate round by round
(which goes first swaps), the placement probe right before each (shared/BENCHMARKING.md).
Prints the median CPU per idle node (µs of CPU per second) for each cell and the ratio of the
busiest rate to rate 0, the nodes' own floor: "independent of N and of the rate" means the
head's rows stay flat.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys


def band(p50):
    return "A" if p50 < 40 else "B" if p50 < 130 else "C"


def probe(bin_dir):
    exe = os.path.join(bin_dir, "dmxp-bench-probe")
    if not os.path.exists(exe):
        return None
    out = subprocess.run([exe], capture_output=True, text=True, timeout=60).stdout
    for line in out.splitlines():
        try:
            return json.loads(line).get("p50_ns")
        except ValueError:
            continue
    return None


def cell(bin_dir, lib, nodes, rates, seconds):
    env = dict(os.environ)
    if lib:
        env["LD_LIBRARY_PATH"] = lib
    cmd = [os.path.join(bin_dir, "dmxp-bench-idle-nodes"), "cell", "--nodes", str(nodes),
           "--rates", ",".join(str(r) for r in rates), "--seconds", str(seconds)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env,
                         timeout=120 + nodes * 2 + len(rates) * (seconds + 10))
    rows = {}
    for line in out.stdout.splitlines():
        try:
            r = json.loads(line)
        except ValueError:
            continue
        rows[int(r["rate"])] = r
    if len(rows) != len(rates):
        sys.exit(f"cell nodes={nodes} lib={lib}: {out.returncode}\n{out.stdout}\n{out.stderr}")
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--base-lib", required=True)
    ap.add_argument("--head-lib", default="")
    ap.add_argument("--nodes", default="1,8,32,64")
    ap.add_argument("--rates", default="0,1000,10000,100000")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=3)
    a = ap.parse_args()
    nodes = [int(n) for n in a.nodes.split(",")]
    rates = [int(r) for r in a.rates.split(",")]
    sides = {"base": a.base_lib, "head": a.head_lib}
    results = {(s, n, r): [] for s in sides for n in nodes for r in rates}
    delivered = {(s, n, r): [] for s in sides for n in nodes for r in rates}
    probes = []
    for rnd in range(a.rounds):
        for n in nodes:
            order = ["base", "head"] if (rnd + n) % 2 == 0 else ["head", "base"]
            for side in order:
                p = probe(a.bin)
                if p is not None:
                    probes.append(p)
                rows = cell(a.bin, sides[side], n, rates, a.seconds)
                for r in rates:
                    results[(side, n, r)].append(rows[r]["idle_cpu_us_per_node_s"])
                    delivered[(side, n, r)].append(rows[r]["delivered"])
                print(f"round {rnd + 1} nodes {n} {side}: " +
                      " ".join(f"{r}:{rows[r]['idle_cpu_us_per_node_s']:.0f}" for r in rates)
                      + (f" (probe {p:.0f} ns, band {band(p)})" if p else ""),
                      file=sys.stderr, flush=True)
    med = {k: statistics.median(v) for k, v in results.items()}
    head_label = "head" + (f" ({a.head_lib})" if a.head_lib else "")
    print(f"CPU per idle node, µs per second (median of {a.rounds} rounds, {a.seconds:g} s "
          f"each; base = {a.base_lib}, {head_label})\n")
    print("| idle nodes | build | " + " | ".join(f"{r} msg/s" for r in rates) +
          f" | {rates[-1]} msg/s ÷ {rates[0]} |")
    print("|---:|---|" + "---:|" * (len(rates) + 1))
    for n in nodes:
        for side in ("base", "head"):
            vals = [med[(side, n, r)] for r in rates]
            ratio = vals[-1] / vals[0] if vals[0] > 0 else float("inf")
            print(f"| {n} | {side} | " + " | ".join(f"{v:.0f}" for v in vals) +
                  f" | {ratio:.2f} |")
    if probes:
        bands = "".join(band(p) for p in probes)
        print(f"\nPlacement probe before each cell: median {statistics.median(probes):.0f} ns, "
              f"bands {bands}")
    print("\nDelivered at the highest rate (median): " + ", ".join(
        f"N={n} base {statistics.median(delivered[('base', n, rates[-1])]):.0f} / head "
        f"{statistics.median(delivered[('head', n, rates[-1])]):.0f}" for n in nodes))


if __name__ == "__main__":
    main()
