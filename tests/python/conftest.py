"""Shared fixtures: a DMXP domain per test (under $DMXP_TEST_DOMAIN_PREFIX) that is removed
afterwards, and helpers to run the C++ peer (py_peer) and Python child processes."""

import glob
import itertools
import os
import subprocess
import sys
import threading

import pytest

PEER = os.environ.get("DMXP_PY_PEER", "")
_counter = itertools.count()


def shm_entries(domain):
    return sorted(glob.glob(f"/dev/shm/dmxp.{domain}.*"))


@pytest.fixture
def domain(monkeypatch):
    """A fresh domain, exported as $DMXP_DOMAIN (children inherit it); every segment of it is
    removed after the test, and the test fails if its own processes left live users."""
    prefix = os.environ.get("DMXP_TEST_DOMAIN_PREFIX", "t")
    name = f"{prefix}py{os.getpid()}_{next(_counter)}"
    monkeypatch.setenv("DMXP_DOMAIN", name)
    yield name
    import gc

    gc.collect()  # drop handles still referenced by frames of a failed assertion
    for path in shm_entries(name):
        os.unlink(path)


def run_peer(*args, timeout=60, check=True):
    """Runs py_peer with args; returns its stdout (text)."""
    out = subprocess.run([PEER, *map(str, args)], capture_output=True, text=True, timeout=timeout)
    if check and out.returncode != 0:
        raise AssertionError(f"py_peer {' '.join(map(str, args))} failed ({out.returncode}): {out.stderr}")
    return out.stdout


def start_peer(*args):
    return subprocess.Popen([PEER, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def read_line(proc, timeout=20.0):
    """The next line of a child's stdout. None within `timeout` seconds fails the test (the
    child is killed and its stderr shown) instead of hanging the suite."""
    line = []
    reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if not line:
        fail_child(proc, f"no line on its stdout within {timeout:g} s")
    return line[0]


def expect_line(proc, expected, timeout=20.0):
    """Reads the child's next stdout line and fails the test (child killed, stderr shown) unless
    it is `expected` (without the newline) or, for a callable, `expected(line)` is true."""
    line = read_line(proc, timeout)
    if not (expected(line) if callable(expected) else line.rstrip("\n") == expected):
        fail_child(proc, f"unexpected line {line!r} on its stdout")
    return line


def fail_child(proc, why):
    """Kills a child process and fails the test with `why` and the child's stderr. (Reading
    stderr of a live child would wait for it to exit.)"""
    proc.kill()
    stderr = proc.stderr.read() if proc.stderr else ""
    raise AssertionError(f"{' '.join(map(str, proc.args))}: {why}; its stderr:\n{stderr}")


def run_python(code, *args, timeout=60):
    """Runs Python code in a child process (same venv and PYTHONPATH)."""
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def payload(index, size):
    """The bytes message `index` carries in cross-process tests (py_peer makes the same)."""
    seed = (index * 2654435761 + 12345) & 0xFFFFFFFF
    out = bytearray(size)
    for i in range(size):
        seed = (seed * 1103515245 + 12345) & 0xFFFFFFFF
        out[i] = (seed >> 16) & 0xFF
    if size >= 8:
        out[:8] = index.to_bytes(8, "little")
    return bytes(out)


def fnv1a(data, h=0xCBF29CE484222325):
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h
