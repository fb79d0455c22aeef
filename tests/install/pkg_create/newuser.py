"""What a new user does with a package `dmxp pkg create` made: build it (C++) against an
installed DMXP, run its graph.yaml under dmxp-launch, feed its node points with
`dmxp topic pub` and read what it publishes with `dmxp topic echo`. Real processes and real
shared memory throughout; each run has its own domain, removed afterwards."""

import glob
import json
import os
import shutil
import signal
import subprocess
import time

POINTS = [(3.0, -4.0, 12.0), (0.5, 0.0, -2.0)]  # fed in this order, one message each


def run(cmd, cwd=None, env=None, timeout=120):
    """Runs cmd; fails the test with its output when it exits non-zero."""
    p = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                       timeout=timeout)
    assert p.returncode == 0, f"{' '.join(map(str, cmd))} exited {p.returncode}:\n{p.stdout}\n{p.stderr}"
    return p.stdout


def cmake_build(source, build, prefix_path):
    """Configures and builds a generated C++ package against the DMXP under prefix_path,
    through ccache when there is one (paths hashed relative to the package's parent). Warnings
    are errors: what users start from compiles cleanly."""
    env = dict(os.environ, CCACHE_BASEDIR=str(source.parent), CCACHE_NOHASHDIR="1")
    launcher = [f"-DCMAKE_CXX_COMPILER_LAUNCHER={shutil.which('ccache')}"] if shutil.which("ccache") else []
    run(["cmake", "-S", source, "-B", build, "-G", "Ninja", f"-DCMAKE_PREFIX_PATH={prefix_path}", *launcher,
         "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Wpedantic -Werror"], env=env)
    run(["cmake", "--build", build, "-j2"], env=env, timeout=600)


class Graph:
    """dmxp-launch running a package's graph.yaml in `domain`, until stop()."""

    def __init__(self, launch, graph, args, env, dmxp, namespace):
        self.dmxp, self.env, self.namespace = dmxp, env, namespace
        self.log = open(graph.parent / "launch.log", "w+")
        self.proc = subprocess.Popen([str(launch), str(graph), f"namespace:={namespace}", *args],
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_for_subscription(self, timeout=20.0):
        """Until the node subscribed to its input (so that no point is fed before it listens)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"dmxp-launch exited {self.proc.returncode}:\n{self.output()}"
            p = subprocess.run([str(self.dmxp), "--json", "topic", "info", f"/{self.namespace}/points"],
                               env=self.env, capture_output=True, text=True)
            if p.returncode == 0 and json.loads(p.stdout)["subscriptions"]:
                return
            time.sleep(0.1)
        raise AssertionError(f"no subscription to /{self.namespace}/points after {timeout} s:\n{self.output()}")

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self):
        """SIGINT to the launcher alone, as Ctrl-C would: it stops the node, which must exit 0."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            self.proc.wait(timeout=20)
        return self.proc.returncode, self.output()


def dmxp_cmd(dmxp, env, *args, check=True, timeout=30):
    p = subprocess.run([str(dmxp), *map(str, args)], env=env, capture_output=True, text=True, timeout=timeout)
    if check:
        assert p.returncode == 0, f"dmxp {' '.join(map(str, args))} exited {p.returncode}: {p.stderr}"
    return p


def feed_and_read(dmxp, env, namespace):
    """Publishes POINTS one by one, then returns every message on the output topic (JSON)."""
    for x, y, z in POINTS:
        dmxp_cmd(dmxp, env, "topic", "pub", f"/{namespace}/points", "geometry_msgs/Point",
                 f"{{x: {x}, y: {y}, z: {z}}}", "--once")
    echo = ["topic", "echo", f"/{namespace}/measurements", "--json", "--from-key", "1"]
    dmxp_cmd(dmxp, env, *echo, "-n", len(POINTS), "--timeout", 10)  # all have arrived
    # Everything the ring holds: asking for one more message than was fed times out (exit 1)
    # after printing exactly one per point.
    p = dmxp_cmd(dmxp, env, *echo, "-n", len(POINTS) + 1, "--timeout", 1, check=False)
    assert p.returncode == 1, p.stderr
    return [json.loads(line) for line in p.stdout.splitlines()]


def check_measurements(messages, gain, frame_id, own_message, since, until):
    """Each point exactly once, in order, multiplied by gain; stamped between since and until
    (seconds); with the package's own message, its distance and count too."""
    assert len(messages) == len(POINTS), messages
    for i, (m, (x, y, z)) in enumerate(zip(messages, POINTS)):
        assert m["point"] == {"x": gain * x, "y": gain * y, "z": gain * z}, m
        assert m["header"]["frame_id"] == frame_id, m
        stamp = m["header"]["stamp"]["sec"] + m["header"]["stamp"]["nanosec"] * 1e-9
        assert since - 1 <= stamp <= until + 1, (stamp, since, until)
        if own_message:
            assert abs(m["distance"] - abs(gain) * (x * x + y * y + z * z) ** 0.5) < 1e-9, m
            assert m["count"] == i + 1, m
            assert set(m) == {"header", "point", "distance", "count"}, m
        else:
            assert set(m) == {"header", "point"}, m


def run_package(launch, dmxp, graph, env, namespace, node, gain, own_message, output_type, extra_args=()):
    """Launches graph.yaml with gain:=<gain>, feeds and checks the node, stops it cleanly."""
    graph_run = Graph(launch, graph, [f"gain:={gain}", *extra_args], env, dmxp, namespace)
    try:
        graph_run.wait_for_subscription()
        since = time.time()
        messages = feed_and_read(dmxp, env, namespace)
        until = time.time()
        assert dmxp_cmd(dmxp, env, "topic", "type", f"/{namespace}/measurements").stdout.strip() == output_type
    finally:
        rc, log = graph_run.stop()
    check_measurements(messages, gain, f"{node}_frame", own_message, since, until)
    assert rc == 0, log
    assert f"/{namespace}/{node} exited with status 0" in log, log
    return log


def remove_domain(domain):
    for path in glob.glob(f"/dev/shm/dmxp.{domain}.*"):
        os.unlink(path)
