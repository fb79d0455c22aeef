"""Blocking calls release the GIL and stay interruptible by Ctrl-C."""

import signal
import subprocess
import sys
import threading
import time

import dmxp


def test_other_threads_run_while_one_blocks_in_receive(domain):
    cons = dmxp.Consumer("gil")
    prod = dmxp.Producer("gil")
    got = []
    started = threading.Event()

    def reader():
        started.set()
        got.append(cons.receive(timeout=10))

    t = threading.Thread(target=reader)
    t.start()
    started.wait()
    time.sleep(0.05)  # the reader is now asleep in receive
    count, until = 0, time.monotonic() + 0.3
    while time.monotonic() < until:
        count += 1
    assert t.is_alive() and not got
    prod.send(b"wake")
    t.join(timeout=5)
    assert bytes(got[0]) == b"wake"
    # With the GIL held by the blocked reader this loop would get (almost) no turns.
    assert count > 100_000, count


def test_ctrl_c_interrupts_a_blocking_receive(domain):
    child = """
import dmxp, sys
cons = dmxp.Consumer("intr")
print("waiting", flush=True)
try:
    cons.receive()
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(0)
sys.exit(1)
"""
    p = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "waiting"
    time.sleep(0.2)
    sent = time.monotonic()
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=10)
    assert p.returncode == 0, err
    assert out.strip() == "interrupted"
    assert time.monotonic() - sent < 2.0


def test_two_threads_on_one_consumer_get_busy_error(domain):
    cons = dmxp.Consumer("shared")
    errors = []
    t = threading.Thread(target=lambda: cons.receive(timeout=1))
    t.start()
    time.sleep(0.1)
    try:
        cons.try_receive()
    except dmxp.BusyError as e:
        errors.append(str(e))
    t.join()
    assert errors == ["this consumer is in use by another thread; open one per thread (they are cheap)"]
