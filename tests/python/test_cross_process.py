"""C++ -> Python and Python -> C++ (and Python -> Python) across real processes: every
message delivered once, in order, with its checksum."""

import subprocess
import sys

import numpy as np

import dmxp
from conftest import fnv1a, payload, start_peer


def test_cpp_to_python_every_message_in_order(domain):
    count, size = 3000, 200
    cons = dmxp.Consumer("feed", capacity=256)  # smaller than count: the producer must wait for us
    peer = start_peer("produce", "feed", count, size)
    want = fnv1a(b"".join(payload(i, size) for i in range(3)))
    h = 0xCBF29CE484222325
    for i in range(count):
        msg = cons.receive(timeout=10)
        assert msg is not None, f"message {i} did not come"
        assert int.from_bytes(msg.data[:8], "little") == i
        if i < 3:
            h = fnv1a(bytes(msg), h)
        else:
            assert bytes(msg) == payload(i, size)
    assert h == want
    assert cons.try_receive() is None
    assert peer.wait(timeout=10) == 0, peer.stderr.read()


def test_cpp_to_python_batches(domain):
    count, size = 5000, 64
    cons = dmxp.Consumer("batches", capacity=512)
    peer = start_peer("produce", "batches", count, size)
    out = np.empty((128, 64), np.uint8)
    sizes = np.empty(128, np.uint64)
    keys = np.empty(128, np.uint64)
    got, last_key = 0, 0
    while got < count:
        n = cons.receive_into(out, timeout=10, sizes=sizes, keys=keys)
        assert n > 0
        assert (sizes[:n] == size).all() and keys[0] > last_key and (np.diff(keys[:n].astype(np.int64)) > 0).all()
        last_key = int(keys[n - 1])
        indices = out[:n, :8].copy().view("<u8").ravel()
        assert (indices == np.arange(got, got + n)).all()
        assert bytes(out[n - 1]) == payload(got + n - 1, size)
        got += n
    assert peer.wait(timeout=10) == 0


def test_python_to_cpp_with_checksum(domain):
    count, size = 2000, 300
    prod = dmxp.Producer("to_cpp", capacity=128)
    peer = start_peer("consume", "to_cpp", count)
    # The C++ consumer must be attached before a small RELIABLE ring fills (else history
    # is overwritten for nobody); wait for it.
    import time

    deadline = time.monotonic() + 10
    while dmxp.channel_info("to_cpp")["consumers"] == 0:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    h = 0xCBF29CE484222325
    for i in range(count):
        p = payload(i, size)
        if i % 2:
            prod.send(p)
        else:
            with prod.loan(size) as buf:  # zero-copy path for every other message
                buf[:] = p
        h = fnv1a(p, h) if i < 50 else h
    out, err = peer.communicate(timeout=20)
    assert peer.returncode == 0, err
    status, n, checksum = out.split()
    assert (status, n) == ("ok", str(count))
    full = 0xCBF29CE484222325
    for i in range(count):
        full = fnv1a(payload(i, size), full)
    assert int(checksum) == full


def test_python_to_python_processes(domain):
    child = """
import sys, dmxp
prod = dmxp.Producer("pp")
for i in range(1000):
    prod.send(i.to_bytes(8, "little") * 4)
"""
    cons = dmxp.Consumer("pp")
    p = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, p.stderr
    for i in range(1000):
        assert bytes(cons.receive(timeout=5)) == i.to_bytes(8, "little") * 4
    assert cons.try_receive() is None

