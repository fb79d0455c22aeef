#!/usr/bin/env python3
"""The HFT example's tick-to-strategy latency and the vision example's frame latency, for two
builds (e.g. main and this branch) interleaved in one run, each run preceded by the placement
probe.

    python3 bench/python/bench_examples.py --build build --before-build ../main/build [--rounds 3]
                                           [--ticks 200000] [--rate 1000000] [--frames 60] [--fps 30]

Runs examples/hft/run.sh and examples/vision/run.sh of this checkout against each build and
reads the p50 lines they print.
"""

import argparse
import os
import re
import statistics
import subprocess

from bench_common import probe

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PATTERNS = {
    "hft": re.compile(r"tick-to-strategy latency us: p50 ([0-9.]+)"),
    "vision": re.compile(r"frame latency ms \(camera stamp -> statistic done\): p50 ([0-9.]+)"),
}


def run(example, build, args):
    script = os.path.join(ROOT, "examples", example, "run.sh")
    extra = [str(args.ticks), str(args.rate)] if example == "hft" else [str(args.frames), str(args.fps)]
    out = subprocess.run(["bash", script, build, *extra], capture_output=True, text=True, timeout=300)
    found = PATTERNS[example].search(out.stdout)
    if out.returncode != 0 or not found:
        return {"error": (out.stdout + out.stderr)[-400:]}
    return {"p50": float(found.group(1))}


def main():
    ap = argparse.ArgumentParser(description="examples/hft and examples/vision latency, two builds interleaved")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--before-build", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--ticks", type=int, default=200000)
    ap.add_argument("--rate", type=int, default=1000000)
    ap.add_argument("--frames", type=int, default=60)
    ap.add_argument("--fps", type=int, default=30)
    args = ap.parse_args()
    builds = {"before": os.path.abspath(args.before_build), "after": os.path.abspath(args.build)}
    results = []
    for r in range(args.rounds):
        for example in ("hft", "vision"):
            for label, build in builds.items():
                res = dict(run(example, build, args), round=r + 1, example=example, build=label,
                           probe_p50_ns=probe(builds["after"]))
                results.append(res)
                print(json.dumps(res), flush=True)
    print("| example | unit | before p50 (median) | after p50 (median) | after / before | rounds before; after | probe p50 ns |")
    print("|---|---|---|---|---|---|---|")
    for example, unit in (("hft", "us"), ("vision", "ms")):
        pick = lambda label: [r for r in results if r["example"] == example and r["build"] == label]  # noqa: E731
        b, a = pick("before"), pick("after")
        bm = statistics.median(r["p50"] for r in b if "p50" in r) if any("p50" in r for r in b) else None
        am = statistics.median(r["p50"] for r in a if "p50" in r) if any("p50" in r for r in a) else None
        each = ", ".join(str(r.get("p50")) for r in b) + "; " + ", ".join(str(r.get("p50")) for r in a)
        probes = ", ".join(str(r["probe_p50_ns"]) for r in b + a)
        ratio = f"{am / bm:.2f}" if am and bm else "-"
        print(f"| {example} | {unit} | {bm} | {am} | {ratio} | {each} | {probes} |")


if __name__ == "__main__":
    main()
