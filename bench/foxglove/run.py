#!/usr/bin/env python3
"""dmxp-foxglove's cost and latency, measured (not a test; bench/README.md):

    python3 bench/foxglove/run.py --bin BUILD/bin [--node-modules BUILD/node-env/node_modules]
                                  [--rounds 5] [--seconds 5] [--rate 200] [--clients 3]

In one fresh domain: dmxp-foxglove, and dmxp-bench-foxglove-pub publishing nav_msgs/Odometry
at --rate Hz and timing each publish iteration. Each round runs two cells, interleaved (which
goes first swaps every round), with the placement probe (dmxp-bench-probe) right before each:
  0 clients   nobody connected to the server
  N clients   N @foxglove/ws-protocol clients (client.js) subscribed to the topic, timing
              publish -> receive for every message
Prints per round the publisher's loop time (p50/p99) in both cells, their ratio, and the
clients' end-to-end latency; then the medians over rounds. Target (issue 16): the loop time
unchanged within noise with clients connected: the server reads passively and never makes a
publisher wait.
"""
import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def band(p50):
    return "A" if p50 < 40 else "B" if p50 < 130 else "C"


def probe(bin_dir):
    out = subprocess.run([os.path.join(bin_dir, "dmxp-bench-probe"), "probe"], capture_output=True, text=True, timeout=60).stdout
    for line in out.splitlines():
        try:
            return json.loads(line)["p50_ns"]
        except (ValueError, KeyError):
            continue
    return float("nan")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Publisher:
    def __init__(self, bin_dir, env, rate):
        self.p = subprocess.Popen([os.path.join(bin_dir, "dmxp-bench-foxglove-pub"), "--rate", str(rate)], env=env,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.p.stdout.readline().strip() == "ready"

    def report(self):
        self.p.stdin.write("report\n")
        self.p.stdin.flush()
        return json.loads(self.p.stdout.readline())

    def stop(self):
        self.p.stdin.write("quit\n")
        self.p.stdin.flush()
        self.p.wait(timeout=10)


def cell(pub, seconds, clients, port, env, node_modules):
    """The publisher's loop times over `seconds` with `clients` clients; their latency."""
    latency = None
    proc = None
    if clients:
        proc = subprocess.Popen(["node", os.path.join(ROOT, "bench/foxglove/client.js"), str(port), str(clients)],
                                env=dict(env, NODE_PATH=node_modules), stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready", "the clients received nothing"
    pub.report()  # start the window now
    time.sleep(seconds)
    loop = pub.report()
    if proc:
        proc.send_signal(signal.SIGINT)
        latency = json.loads(proc.stdout.readline())
        proc.wait(timeout=10)
    return loop, latency


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--node-modules", default=os.path.join(ROOT, "build/node-env/node_modules"))
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("--rate", type=float, default=200)
    ap.add_argument("--clients", type=int, default=3)
    a = ap.parse_args()

    domain = f"benchfox{os.getpid()}"
    env = dict(os.environ, DMXP_DOMAIN=domain)
    port = free_port()
    server = subprocess.Popen([os.path.join(a.bin, "dmxp-foxglove"), "--ros-args", "-p", f"port:={port}"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pub = Publisher(a.bin, env, a.rate)
    rows = []
    try:
        time.sleep(1.5)  # the server's catalog sees the topic
        for r in range(a.rounds):
            results = {}
            for clients in ((0, a.clients) if r % 2 == 0 else (a.clients, 0)):
                p50 = probe(a.bin)
                results[clients] = (p50,) + cell(pub, a.seconds, clients, port, env, a.node_modules)
            (pa, loop0, _), (pb, loopn, lat) = results[0], results[a.clients]
            ratio = loopn["p50_ns"] / loop0["p50_ns"]
            rows.append((loop0, loopn, lat, ratio, pa, pb))
            print(f"round {r + 1}: loop p50/p99 {loop0['p50_ns']}/{loop0['p99_ns']} ns with 0 clients "
                  f"(probe {pa:.0f} ns, band {band(pa)}), {loopn['p50_ns']}/{loopn['p99_ns']} ns with {a.clients} "
                  f"(probe {pb:.0f} ns, band {band(pb)}): ratio {ratio:.2f}; publish->client p50 {lat['p50_us']:.0f} us, "
                  f"p90 {lat['p90_us']:.0f} us, p99 {lat['p99_us']:.0f} us (n {lat['n']})", flush=True)
    finally:
        pub.stop()
        server.send_signal(signal.SIGINT)
        server.wait(timeout=15)
        for f in os.listdir("/dev/shm"):
            if f.startswith(f"dmxp.{domain}."):
                os.unlink(os.path.join("/dev/shm", f))
    med = lambda xs: statistics.median(xs)  # noqa: E731
    print(f"\nmedians over {a.rounds} rounds ({a.rate:g} Hz Odometry, {a.seconds:g} s cells):")
    print(f"  publisher loop p50: {med([r[0]['p50_ns'] for r in rows]):.0f} ns (0 clients), "
          f"{med([r[1]['p50_ns'] for r in rows]):.0f} ns ({a.clients} clients); ratio {med([r[3] for r in rows]):.2f}")
    print(f"  publisher loop p99: {med([r[0]['p99_ns'] for r in rows]):.0f} ns (0 clients), "
          f"{med([r[1]['p99_ns'] for r in rows]):.0f} ns ({a.clients} clients)")
    print(f"  publish -> @foxglove/ws-protocol client: p50 {med([r[2]['p50_us'] for r in rows]):.0f} us, "
          f"p90 {med([r[2]['p90_us'] for r in rows]):.0f} us, p99 {med([r[2]['p99_us'] for r in rows]):.0f} us")
    print(f"  probe bands: {''.join(band(r[4]) + band(r[5]) for r in rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
