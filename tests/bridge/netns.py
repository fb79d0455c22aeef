"""Network namespaces for the bridge tests: DDS never runs in the root namespace, where its
discovery multicast would leave the machine through its real interfaces.

    with Host("a") as a:                 # one namespace: lo up, multicast on, 224.0.0.0/4 route
        p = a.spawn(["dmxp-bridge"], env)  # a process inside it

    with two_hosts() as (a, b):          # two namespaces joined by a veth pair (10.77.x.1/2)

Every namespace and every process started in it is removed on exit, whatever happens
(processes first, then the namespace). permitted() says whether this machine lets us create
namespaces at all (root, or CAP_SYS_ADMIN + CAP_NET_ADMIN); the tests skip otherwise.
"""
import contextlib
import os
import signal
import subprocess
import time

_counter = 0


def _ip(*args, check=True):
    return subprocess.run(["ip", *args], check=check, capture_output=True, text=True)


def permitted():
    """(True, "") or (False, why): tries to create and delete a namespace."""
    name = f"dmxp-probe-{os.getpid()}"
    try:
        r = _ip("netns", "add", name, check=False)
    except FileNotFoundError:
        return False, "the 'ip' command (iproute2) is not installed"
    if r.returncode != 0:
        return False, f"network namespaces are not permitted here: ip netns add: {r.stderr.strip()}"
    _ip("netns", "delete", name, check=False)
    return True, ""


def _unique(tag):
    global _counter
    _counter += 1
    return f"dmxp-{tag}-{os.getpid()}-{_counter}"


class Host:
    """One namespace, standing for one machine."""

    def __init__(self, tag):
        self.name = _unique(tag)
        self.procs = []

    def __enter__(self):
        _ip("netns", "add", self.name)
        try:
            self.ip("link", "set", "lo", "up")
            self.ip("link", "set", "lo", "multicast", "on")
            self.ip("route", "add", "224.0.0.0/4", "dev", "lo")
        except Exception:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()

    def ip(self, *args):
        return _ip("-n", self.name, *args)

    def spawn(self, argv, env=None, **kw):
        """Starts argv inside the namespace (its own process group, killed at exit)."""
        p = subprocess.Popen(["ip", "netns", "exec", self.name, *argv], env=env,
                             start_new_session=True, **kw)
        self.procs.append(p)
        return p

    def run(self, argv, env=None, timeout=30, **kw):
        """Runs argv to completion inside the namespace; returns the CompletedProcess."""
        return subprocess.run(["ip", "netns", "exec", self.name, *argv], env=env,
                              timeout=timeout, capture_output=True, text=True, **kw)

    def stop(self, p, sig=signal.SIGINT, timeout=5):
        """Stops one spawned process group: sig, then SIGKILL after timeout."""
        if p.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, sig)
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.pid, signal.SIGKILL)
                p.wait()

    def close(self):
        for p in reversed(self.procs):
            self.stop(p)
        # Anything else left inside (a grandchild that changed its process group).
        pids = _ip("netns", "pids", self.name, check=False).stdout.split()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid), signal.SIGKILL)
        _ip("netns", "delete", self.name, check=False)


@contextlib.contextmanager
def two_hosts():
    """Two namespaces joined by a veth pair: a = 10.77.<n>.1, b = 10.77.<n>.2."""
    with Host("a") as a, Host("b") as b:
        va, vb = f"va{os.getpid() % 100000}", f"vb{os.getpid() % 100000}"
        subnet = f"10.77.{os.getpid() % 250}"
        _ip("link", "add", va, "type", "veth", "peer", "name", vb)
        try:
            _ip("link", "set", va, "netns", a.name)
            _ip("link", "set", vb, "netns", b.name)
        except Exception:
            _ip("link", "delete", va, check=False)
            raise
        for host, dev, addr in ((a, va, f"{subnet}.1/24"), (b, vb, f"{subnet}.2/24")):
            host.ip("addr", "add", addr, "dev", dev)
            host.ip("link", "set", dev, "up")
            host.ip("link", "set", dev, "multicast", "on")
            host.ip("route", "replace", "224.0.0.0/4", "dev", dev)
        yield a, b  # the veth pair goes with the namespaces


def wait_for(predicate, timeout, what, interval=0.1):
    """Polls predicate() until it returns a true value (which is returned) or fails naming what."""
    deadline = time.monotonic() + timeout
    while True:
        v = predicate()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)
