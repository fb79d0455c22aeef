#!/usr/bin/env python3
"""Runs every benchmark program in bench/ interleaved and writes one markdown report.

    python3 bench/run.py [--build-dir build-bench] [--quick] [--out bench/RESULTS.md]

Why interleaved: the two vCPUs of these VMs move between placement bands every few seconds
to minutes (shared/BENCHMARKING.md), so a peer is only ever compared with runs made right
beside it. Each cell runs peer A, B, C, A, B, C ... for R rounds and keeps the median; the
cache-line placement probe runs right before every single run and its p50 is printed beside
the result. The program contract every peer follows is in bench/README.md.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(REPO, "bench")
MiB = 1 << 20

# Column order of the report; "raw" is dmxp-bench-probe (cache-line ping-pong, SPSC ring).
PEERS = ["dmxp", "iceoryx2", "iceoryx", "uds", "raw"]
LAT_SIZES = [64, 4096, MiB, 24 * MiB]
# (full, quick) sample counts: large copies (UDS moves 24 MiB twice per round trip) get fewer.
LAT_SAMPLES = {64: (20000, 2000), 4096: (20000, 2000), MiB: (5000, 300), 24 * MiB: (500, 40)}
TPUT_SHAPES = [(8, 1, 1), (64, 1, 1), (8, 4, 4), (64, 4, 4)]  # size, producers, consumers
BATCHES = [1, 64]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, timeout=None, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)


# ---------------------------------------------------------------- build
def build(build_dir, quick):
    """Builds the C++ programs (full tree, or bench/ alone when the core library does not
    build yet) and the Cargo program. Returns the directory holding the C++ binaries."""
    gen = ["-G", "Ninja"] if shutil.which("ninja") else []
    full = [*gen, "-DDMXP_BUILD_BENCH=ON", "-DDMXP_BUILD_TESTS=OFF", "-DCMAKE_BUILD_TYPE=Release"]
    bin_dir = os.path.join(build_dir, "bin")
    log(f"[build] cmake -S {REPO} -B {build_dir} {' '.join(full)}")
    ok = run(["cmake", "-S", REPO, "-B", build_dir, *full]).returncode == 0
    if ok:
        r = run(["cmake", "--build", build_dir, "--target", "bench_all"])
        if r.returncode != 0:  # no aggregate target: build everything
            r = run(["cmake", "--build", build_dir])
        ok = r.returncode == 0
        if not ok:
            log(r.stdout[-3000:] + r.stderr[-3000:])
    if not ok:
        alone = os.path.join(build_dir, "bench-only")
        log(f"[build] full tree did not build; building bench/ alone in {alone} (no DMXP column)")
        r = run(["cmake", "-S", BENCH, "-B", alone, *gen, "-DCMAKE_BUILD_TYPE=Release"])
        r2 = run(["cmake", "--build", alone]) if r.returncode == 0 else r
        if r2.returncode != 0:
            sys.exit("bench/ does not build:\n" + r.stdout[-3000:] + r2.stdout[-3000:] + r2.stderr[-3000:])
        bin_dir = os.path.join(alone, "bin")
    cargo = shutil.which("cargo")
    manifest = os.path.join(BENCH, "iceoryx2", "Cargo.toml")
    if cargo:
        log("[build] cargo build --release --locked (iceoryx2 peer)")
        r = run([cargo, "build", "--release", "--locked", "--manifest-path", manifest])
        if r.returncode != 0:
            r = run([cargo, "build", "--release", "--locked", "--offline", "--manifest-path", manifest])
        if r.returncode != 0:
            log("[build] cargo failed; using an earlier iceoryx2 binary if there is one\n" + r.stderr[-2000:])
    return bin_dir


def find_binaries(bin_dir):
    exe = {"dmxp": "dmxp-bench-dmxp", "iceoryx": "dmxp-bench-iceoryx", "uds": "dmxp-bench-uds",
           "raw": "dmxp-bench-probe"}
    found = {k: os.path.join(bin_dir, v) for k, v in exe.items()}
    found["iceoryx2"] = os.path.join(BENCH, "iceoryx2", "target", "release", "dmxp-bench-iceoryx2")
    return {k: v for k, v in found.items() if os.access(v, os.X_OK)}


# ---------------------------------------------------------------- RouDi
def roudi_alive():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        s.connect("/tmp/roudi")
        return True
    except OSError:
        return False
    finally:
        s.close()


def find_roudi():
    path = shutil.which("iox-roudi")
    if path:
        return path
    if os.access("/usr/bin/iox-roudi", os.X_OK):
        return "/usr/bin/iox-roudi"
    r = run(["dpkg", "-L", "iceoryx"]) if shutil.which("dpkg") else None
    for line in (r.stdout.splitlines() if r and r.returncode == 0 else []):
        if line.endswith("/iox-roudi"):
            return line
    return None


def start_roudi(notes):
    """Starts iox-roudi with bench/peers/roudi_config.toml (24 MiB chunks); returns the
    process to stop afterwards, or None (with a note) when iceoryx cannot run."""
    if roudi_alive():
        notes.append("iox-roudi was already running and was used as it was; its mempools may not "
                     "fit 24 MiB (bench/peers/roudi_config.toml does).")
        return None
    roudi = find_roudi()
    if not roudi:
        notes.append("iox-roudi not found (Debian package `iceoryx`): iceoryx column skipped.")
        return False
    cfg = os.path.join(BENCH, "peers", "roudi_config.toml")
    logf = open(os.path.join(os.environ.get("TMPDIR", "/tmp"), "dmxp-bench-roudi.log"), "w")
    proc = subprocess.Popen([roudi, "-c", cfg, "-l", "warning"], stdout=logf, stderr=subprocess.STDOUT)
    for _ in range(200):
        if roudi_alive():
            return proc
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    stop_roudi(proc)
    notes.append(f"iox-roudi did not start (see {logf.name}): iceoryx column skipped.")
    return False


def stop_roudi(proc):
    if proc:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------- measuring
def band(p50):
    # shared/BENCHMARKING.md: A 25-35 ns, B 45-75 ns, C 180-205 ns; split between them.
    return "A" if p50 < 40 else "B" if p50 < 130 else "C"


def run_json(cmd, timeout):
    try:
        r = run(cmd, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s"}
    lines = [l for l in r.stdout.splitlines() if l.startswith("{")]
    if r.returncode != 0 or not lines:
        err = (r.stderr.strip().splitlines() or [f"exit {r.returncode}"])[-1]
        return {"error": err[:200]}
    return json.loads(lines[-1])


def probe(bins):
    out = run_json([bins["raw"], "probe"], 30)
    return out.get("p50_ns")


def cells(quick):
    q = 1 if quick else 0
    for mode in ["busy", "block"]:
        for size in LAT_SIZES:
            yield ("latency", mode, size), ["latency", "--size", str(size), "--mode", mode,
                                            "--samples", str(LAT_SAMPLES[size][q])]
    secs = "0.3" if quick else "2"
    for size, p, c in TPUT_SHAPES:
        for b in BATCHES:
            yield ("throughput", size, p, c, b), ["throughput", "--size", str(size), "--producers", str(p),
                                                  "--consumers", str(c), "--batch", str(b), "--seconds", secs]


def measure(bins, quick, rounds):
    """results[cell][peer] = list of (probe_p50, json) per round, in run order.

    A peer without a batch API runs at batch 1 inside the batched cells instead ("stand-in",
    marked in its JSON), so that batched DMXP is still compared with it interleaved."""
    results = {}
    peers = [p for p in PEERS if p in bins]
    for cell, args in cells(quick):
        results[cell] = {p: [] for p in peers}
        peer_args = {p: args for p in peers}
        skip = set()
        for r in range(rounds):
            for p in peers:
                if p in skip:
                    continue
                pr = probe(bins)
                timeout = 600 if cell[0] == "latency" else 120
                out = run_json([bins[p], *peer_args[p]], timeout)
                if "unsupported" in out and cell[0] == "throughput" and cell[4] > 1 and peer_args[p] is args:
                    alt = args[:args.index("--batch")] + ["--batch", "1"] + args[args.index("--batch") + 2:]
                    out1 = run_json([bins[p], *alt], timeout)
                    if "msgs_per_s" in out1:
                        out1["standin_batch"], out1["batch_unsupported"] = 1, out["unsupported"]
                        peer_args[p], out = alt, out1
                elif peer_args[p] is not args:
                    out.update(standin_batch=1, batch_unsupported="see round 1")
                results[cell][p].append((pr, out))
                if "unsupported" in out or "error" in out:
                    skip.add(p)  # no point repeating it in later rounds
                tag = out.get("unsupported") and "unsupported" or out.get("error") or (
                    f"p50 {out['p50_ns']} ns" if cell[0] == "latency" else
                    f"{out['msgs_per_s']:.0f} msg/s" + (" (at batch 1)" if "standin_batch" in out else ""))
                log(f"[{label(cell)}] round {r + 1} {p}: {tag} (probe {pr} ns)")
    return results


# ---------------------------------------------------------------- report
def label(cell):
    if cell[0] == "latency":
        return f"latency {cell[1]} {size_str(cell[2])}"
    _, size, p, c, b = cell
    return f"throughput {size_str(size)} {p}->{c} batch {b}"


def size_str(n):
    return f"{n // MiB} MiB" if n >= MiB else f"{n // 1024} KiB" if n >= 1024 else f"{n} B"


def ns_str(ns):
    return f"{ns:.0f} ns" if ns < 1000 else f"{ns / 1e3:.2f} µs" if ns < 1e6 else f"{ns / 1e6:.2f} ms"


def rate_str(v):
    return f"{v / 1e6:.2f} M/s" if v >= 1e6 else f"{v / 1e3:.0f} k/s"


def ok_runs(runs):
    return [(pr, o) for pr, o in runs if "error" not in o and "unsupported" not in o]


def summary(cell, runs):
    """Median of each metric over rounds; None when the peer has no valid run."""
    good = ok_runs(runs)
    if not good:
        return None
    med = lambda k: statistics.median(o[k] for _, o in good)
    probes = [pr for pr, _ in good if pr is not None]
    s = {"probe": statistics.median(probes) if probes else None, "bands": "".join(band(p) for p in probes),
         "n": len(good)}
    if cell[0] == "latency":
        s.update(p50=med("p50_ns"), p99=med("p99_ns"), p999=med("p999_ns"), max=max(o["max_ns"] for _, o in good),
                 samples=good[0][1]["samples"])
    else:
        s.update(rate=med("msgs_per_s"))
    return s


def cell_text(cell, runs):
    s = summary(cell, runs)
    if s is None:
        if not runs:
            return "–"
        o = runs[-1][1]
        return "n/a" if "unsupported" in o else "error"
    val = (f"{ns_str(s['p50'])} / {ns_str(s['p99'])}" if cell[0] == "latency" else rate_str(s["rate"]))
    if any("standin_batch" in o for _, o in runs):
        val += " (b1)"
    pr = f"{s['probe']:.0f}" if s["probe"] is not None else "?"
    return f"{val} `{s['bands']} {pr}`"


def paired_ratio(results, cell_a, peer_a, cell_b, peer_b, key):
    """Median over rounds of a/b, pairing runs of the same round (they ran seconds apart);
    falls back to the ratio of medians when the two come from different cells."""
    ra, rb = results.get(cell_a, {}).get(peer_a, []), results.get(cell_b, {}).get(peer_b, [])
    ga, gb = ok_runs(ra), ok_runs(rb)
    if not ga or not gb:
        return None, ""
    if cell_a == cell_b and len(ra) == len(rb) == len(ga) == len(gb):
        vals = [a[1][key] / b[1][key] for a, b in zip(ga, gb)]
        bands = "".join(band(a[0]) for a in ga if a[0] is not None)
        return statistics.median(vals), f"paired, {len(vals)} round(s), bands {bands}"
    ma = statistics.median(o[key] for _, o in ga)
    mb = statistics.median(o[key] for _, o in gb)
    return ma / mb, "medians of separate cells (not interleaved)"


def ratios(results, subj):
    L = lambda mode, size: ("latency", mode, size)
    T = lambda size, p, c, b: ("throughput", size, p, c, b)
    rows = []
    i2_b1 = any("standin_batch" in o for _, o in results.get(T(64, 1, 1, 64), {}).get("iceoryx2", []))
    spec = [
        ("polled p50, 64 B: DMXP / iceoryx2", L("busy", 64), subj, L("busy", 64), "iceoryx2", "p50_ns", "lower is better"),
        ("polled p50, 64 B: DMXP / cache line", L("busy", 64), subj, L("busy", 64), "raw", "p50_ns", "floor is 1.0"),
        ("64 B 1->1 batched throughput: DMXP (batch 64) / iceoryx2" +
         (" (at batch 1: no batch API)" if i2_b1 else ""),
         T(64, 1, 1, 64), subj, T(64, 1, 1, 64), "iceoryx2", "msgs_per_s", "higher is better"),
        ("throughput 4->4 / 1->1, 64 B batch 1 (DMXP)", T(64, 4, 4, 1), subj, T(64, 1, 1, 1), subj, "msgs_per_s", "scaling"),
        ("throughput 4->4 / 1->1, 64 B batch 64 (DMXP)", T(64, 4, 4, 64), subj, T(64, 1, 1, 64), subj, "msgs_per_s", "scaling"),
        ("24 MiB / 64 B polled p50 (DMXP, loan)", L("busy", 24 * MiB), subj, L("busy", 64), subj, "p50_ns", "1.0 = size-independent"),
        ("blocking p50, 64 B: DMXP / UDS one-way", L("block", 64), subj, L("block", 64), "uds", "p50_ns", "lower is better"),
    ]
    for name, ca, pa, cb, pb, key, hint in spec:
        v, how = paired_ratio(results, ca, pa, cb, pb, key)
        rows.append((name.replace("DMXP", subj), f"{v:.2f}" if v is not None else "n/a", hint, how))
    return rows


def machine():
    model = "?"
    r = run(["lscpu"]) if shutil.which("lscpu") else None
    for line in (r.stdout.splitlines() if r else []):
        if line.startswith("Model name:"):
            model = line.split(":", 1)[1].strip()
    return f"{model}, nproc {os.cpu_count()}, kernel {platform.release()}"


def versions():
    v = []
    r = run(["dpkg-query", "-W", "-f", "${Version}", "libiceoryx-posh-dev"]) if shutil.which("dpkg-query") else None
    if r and r.returncode == 0:
        v.append(f"iceoryx {r.stdout.strip()} (Debian)")
    lock = os.path.join(BENCH, "iceoryx2", "Cargo.lock")
    if os.path.exists(lock):
        text = open(lock).read().split("[[package]]")
        for pkg in text:
            if 'name = "iceoryx2"\n' in pkg:
                v.append("iceoryx2 " + pkg.split('version = "')[1].split('"')[0] + " (crates.io)")
    return ", ".join(v)


def cpu_busy(interval=1.0):
    """Share of both vCPUs used by anything during `interval` (we are idle meanwhile)."""
    def sample():
        f = [int(x) for x in open("/proc/stat").readline().split()[1:]]
        return sum(f), f[3] + f[4]  # total, idle + iowait
    try:
        t0, i0 = sample()
        time.sleep(interval)
        t1, i1 = sample()
        return round(1 - (i1 - i0) / max(1, t1 - t0), 2)
    except OSError:
        return None


def report(results, bins, args, notes, started, load):
    subj = args.subject
    peers = [p for p in PEERS if p in bins]
    lines = [
        "# DMXP benchmark results", "",
        f"- date: {started:%Y-%m-%d %H:%M} UTC",
        f"- machine: {machine()}",
        f"- peers: {', '.join(peers)}" + (f" ({versions()})" if versions() else ""),
        f"- mode: {'quick (smoke test: 1 round, few samples — not for conclusions)' if args.quick else f'{args.rounds} rounds per cell, median'}",
        f"- reproduce: `{' '.join(['python3', 'bench/run.py'] + sys.argv[1:])}`",
        f"- CPU busy with other work just before / after the run: {load[0]} / {cpu_busy()}" +
        (" (something else was running: numbers are disturbed)" if (load[0] or 0) > 0.1 else ""), "",
        "Latency cells: one-way p50 / p99 (half a ping-pong round trip). Throughput cells: messages "
        "delivered to consumers per second, counted once per receiving consumer. After each value, "
        "`bands probe`: the placement band of each round (A < 40 ns, B < 130 ns, C otherwise) and the "
        "median cache-line probe p50 in ns, measured right before the run. Compare columns only "
        "within a row: rows ran at different times, possibly in different bands.", "",
        "| cell | " + " | ".join(peers) + " |",
        "|---|" + "---|" * len(peers),
    ]
    for cell, per in results.items():
        lines.append(f"| {label(cell)} | " + " | ".join(cell_text(cell, per.get(p, [])) for p in peers) + " |")
    lines += ["", f"## Ratios ({subj} / peer)", "", "| ratio | value | reading | how |", "|---|---|---|---|"]
    for name, v, hint, how in ratios(results, subj):
        lines.append(f"| {name} | {v} | {hint} | {how} |")
    sem = {}
    for per in results.values():
        for p, runs in per.items():
            for _, o in runs:
                if o.get("semantics") or o.get("delivery"):  # dmxp-bench-dmxp says "delivery"
                    sem[p] = o.get("semantics") or o["delivery"]
    unsup = {}
    for cell, per in results.items():
        for p, runs in per.items():
            for _, o in runs:
                why = o.get("unsupported") or o.get("batch_unsupported")
                if why and why != "see round 1":
                    unsup.setdefault((p, why), []).append(label(cell))
                if "error" in o:
                    notes.append(f"{p} failed in '{label(cell)}': {o['error']}")
    lines += ["", "## Notes", ""]
    if sem:
        lines.append("- throughput semantics: " + ", ".join(f"{p} {s}" for p, s in sem.items()) +
                     " (broadcast: every consumer receives every message; queue: each message goes to one consumer).")
    lines.append("- (b1): the peer has no batch API; its batch-1 run, interleaved in the same rounds, stands in.")
    lines.append("- raw = dmxp-bench-probe: cache-line ping-pong for latency, minimal SPSC ring for throughput (1->1 only).")
    if subj not in bins:
        lines.append(f"- dmxp-bench-{subj} not built: its column and the ratios are empty.")
    for (p, why), where in unsup.items():
        lines.append(f"- {p}: unsupported ({why}): {len(where)} cell(s)")
    lines += [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


# RESULTS.md also holds results of other benchmarks (node chain, languages), written by hand
# or by their own scripts below this line: a new core run replaces only what is above it.
KEEP_MARKER = "<!-- other benchmarks: kept by run.py -->"


def kept_sections(path):
    try:
        with open(path) as f:
            old = f.read()
    except FileNotFoundError:
        return ""
    at = old.find(KEEP_MARKER)
    return "" if at < 0 else "\n" + old[at:]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-dir", default="build-bench")
    ap.add_argument("--quick", action="store_true", help="1 round, few samples: a smoke test (< 2 min)")
    ap.add_argument("--out", default=os.path.join("bench", "RESULTS.md"))
    ap.add_argument("--rounds", type=int, default=None, help="rounds per cell (default 5, quick 1)")
    ap.add_argument("--no-build", action="store_true", help="use the binaries already in --build-dir")
    ap.add_argument("--subject", default="dmxp", help=argparse.SUPPRESS)  # test the ratios on a peer
    args = ap.parse_args()
    args.rounds = args.rounds or (1 if args.quick else 5)
    started = datetime.datetime.now(datetime.timezone.utc)
    build_dir = os.path.abspath(args.build_dir)

    bin_dir = os.path.join(build_dir, "bin")
    if not args.no_build:
        bin_dir = build(build_dir, args.quick)
    elif not os.path.exists(os.path.join(bin_dir, "dmxp-bench-probe")):
        bin_dir = os.path.join(build_dir, "bench-only", "bin")
    bins = find_binaries(bin_dir)
    if "raw" not in bins:
        sys.exit(f"dmxp-bench-probe not found in {bin_dir}: build first (drop --no-build)")
    notes = []
    load = (cpu_busy(),)  # another busy process shares our two vCPUs and skews every number
    if (load[0] or 0) > 0.1:
        log(f"[run] warning: {load[0]:.0%} of the CPUs busy before starting: other work is running")
    roudi = None
    if "iceoryx" in bins:
        roudi = start_roudi(notes)
        if roudi is False:
            del bins["iceoryx"]
    log(f"[run] peers: {', '.join(p for p in PEERS if p in bins)}; rounds {args.rounds}")
    try:
        results = measure(bins, args.quick, args.rounds)
    finally:
        stop_roudi(roudi)
    text = report(results, bins, args, notes, started, load)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(text + kept_sections(args.out))
    print(text)
    log(f"[run] written to {args.out} in {(datetime.datetime.now(datetime.timezone.utc) - started).seconds} s")


if __name__ == "__main__":
    main()
