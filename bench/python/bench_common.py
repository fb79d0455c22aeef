"""What the Python benchmarks share: the placement probe of bench/, the PYTHONPATH of a
build's dmxp package and standard messages, and the network namespace rclpy runs in."""

import json
import os
import subprocess


def probe(build):
    """p50 (ns) of the cache-line placement probe (dmxp-bench-probe): the vCPU band a run saw
    (shared/BENCHMARKING.md); None when it did not run."""
    out = subprocess.run([os.path.join(build, "bin", "dmxp-bench-probe"), "probe"], capture_output=True, text=True)
    try:
        return json.loads(out.stdout.strip().splitlines()[-1])["p50_ns"]
    except (ValueError, IndexError, KeyError):
        return None


def python_path(build):
    """PYTHONPATH for the dmxp package and the generated standard messages of `build`."""
    msgs = [os.path.join(build, "msgs", d, "python") for d in sorted(os.listdir(os.path.join(build, "msgs")))
            if d.endswith("_gen")]
    return ":".join([os.path.join(build, "python"), *msgs])


NETNS = "dmxp-bench-nodes"


def netns_prefix():
    """`ip netns exec NS` for rclpy: DDS discovery must not leave the machine (created on first
    use: lo up, multicast routed on lo); None when it cannot be made."""
    if subprocess.run(["ip", "netns", "exec", NETNS, "true"], capture_output=True).returncode != 0:
        for cmd in (["ip", "netns", "add", NETNS], ["ip", "-n", NETNS, "link", "set", "lo", "up"],
                    ["ip", "-n", NETNS, "link", "set", "lo", "multicast", "on"],
                    ["ip", "-n", NETNS, "route", "add", "224.0.0.0/4", "dev", "lo"]):
            if subprocess.run(cmd, capture_output=True).returncode != 0:
                return None
    return ["ip", "netns", "exec", NETNS]


def stop(proc):
    """Ends a benchmark child: SIGTERM, then SIGKILL after 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def remove_domain(domain):
    """Removes the shared-memory segments a run left in its DMXP domain."""
    for f in os.listdir("/dev/shm"):
        if f.startswith(f"dmxp.{domain}."):
            os.unlink(os.path.join("/dev/shm", f))
