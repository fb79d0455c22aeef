"""Helpers for the dmxp CLI process tests: a fresh domain per test (removed afterwards, with a
check that nothing is left in /dev/shm), the real `dmxp` binary, and the live publisher
processes (cli_test_talker, cli_test_blocking_probe) whose values expected.py predicts."""
import glob
import itertools
import json
import os
import signal
import subprocess
import time

import pytest

DMXP = os.environ["DMXP_CLI"]
TALKER = os.environ["CLI_TALKER"]
PROBE = os.environ["CLI_PROBE"]
FRAMES = os.environ.get("CLI_FRAMES", "")
PREFIX = os.environ.get("DMXP_TEST_DOMAIN_PREFIX", "t")
_counter = itertools.count()


class Domain:
    def __init__(self):
        self.name = f"{PREFIX}cli{os.getpid()}_{next(_counter)}"
        self.procs = []

    def env(self):
        return dict(os.environ, DMXP_DOMAIN=self.name)

    def dmxp(self, *args, timeout=30, check=None):
        """Runs dmxp to completion; returns the CompletedProcess (text)."""
        r = subprocess.run([DMXP, *args], env=self.env(), capture_output=True, text=True, timeout=timeout)
        if check is not None:
            assert r.returncode == check, f"dmxp {' '.join(args)} -> {r.returncode}\n{r.stdout}\n{r.stderr}"
        return r

    def dmxp_json(self, *args):
        return json.loads(self.dmxp("--json", *args, check=0).stdout)

    def start(self, argv, ready=None):
        """Starts a process in the domain; waits for its `ready` line when given."""
        p = subprocess.Popen(argv, env=self.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.procs.append(p)
        if ready:
            line = p.stdout.readline()
            assert line.strip() == ready, f"{argv[0]} said {line!r}, stderr: {p.stderr.read() if p.poll() is not None else ''}"
        return p

    def talker(self, topic, kind, count, rate=200, *extra):
        return self.start([TALKER, "--topic", topic, "--type", kind, "--count", str(count), "--rate", str(rate), *extra],
                          ready="ready")

    def frames(self, *args):
        """cli_test_frames (big KEEP_LAST messages, see frames.py); returns once it says ready."""
        return self.start([FRAMES, *args], ready="ready")

    def background(self, *args):
        return self.start([DMXP, *args])

    def wait_consumers(self, channel, n, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            r = self.dmxp("--json", "channel", "info", channel)
            if r.returncode == 0 and json.loads(r.stdout)["consumers"] >= n:
                return
            time.sleep(0.02)
        raise AssertionError(f"channel {channel} never had {n} consumers")

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
            for f in (p.stdout, p.stderr):
                if f:
                    f.close()
        left = glob.glob(f"/dev/shm/dmxp.{self.name}.*")
        for f in left:
            os.unlink(f)
        return left


def complete(domain, *words):
    """What tools/cli/dmxp-completion.bash offers for the command line `words` (the last one
    being completed), with the build's dmxp first on PATH."""
    script = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tools", "cli", "dmxp-completion.bash")
    env = dict(domain.env(), PATH=os.path.dirname(DMXP) + ":" + os.environ["PATH"])
    words_text = " ".join(f"'{w}'" for w in words)
    cmd = f"source '{script}'; COMP_WORDS=({words_text}); COMP_CWORD={len(words) - 1}; _dmxp; echo \"${{COMPREPLY[*]}}\""
    return subprocess.run(["bash", "-c", cmd], env=env, capture_output=True, text=True, check=True).stdout.split()


def finish(p, timeout=30):
    """Waits for a process; returns (returncode, stdout, stderr)."""
    out, err = p.communicate(timeout=timeout)
    return p.returncode, out, err


def interrupt(p, timeout=10):
    p.send_signal(signal.SIGINT)
    return finish(p, timeout)


@pytest.fixture
def domain():
    d = Domain()
    yield d
    d.close()
