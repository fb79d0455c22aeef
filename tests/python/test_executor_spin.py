"""The executor's waiter spin (Executor(spin=...)): checked when given, and honoured. The waiter
of a spinning executor sleeps in a waitset, and a sleeping waitset counts itself in its
channels' `sleepers` (what producers read to decide whether to make the wake-up syscall): with
spin=0 the waiter is seen asleep there, with a spin far longer than the test it never is."""

import threading
import time

import pytest

import dmxp
from std_msgs.msg import Int64

NEGATIVE = "Executor spin must be >= 0 seconds (got -1e-06); busy_poll=True polls without sleeping"


def test_negative_or_nan_spin_is_an_error_naming_the_value():
    with pytest.raises(ValueError) as e:
        dmxp.Executor(spin=-1e-6)
    assert str(e.value) == NEGATIVE
    with pytest.raises(ValueError) as e:
        dmxp.SingleThreadedExecutor(spin=-1e-6)
    assert str(e.value) == NEGATIVE
    with pytest.raises(ValueError, match=r"^Executor spin must be >= 0 seconds \(got nan\)"):
        dmxp.MultiThreadedExecutor(2, spin=float("nan"))


def test_dmxp_spin_checks_spin_before_it_runs(domain):
    node = dmxp.Node("checked", arguments=[])
    with pytest.raises(ValueError) as e:
        dmxp.spin(node, duration=5, spin=-1e-6)
    assert str(e.value) == NEGATIVE


def sleepers(domain):
    return sum(c["sleepers"] for c in dmxp.list_channels(domain))


def waiter_sleeps_seen(domain, spin):
    """Spins a subscribed node with the given waiter spin; after the first message was
    delivered (so the waiter has entered its waitset and come back from it), watches the
    domain's channels for 1 s and returns whether the waiter was ever counted asleep, and
    the messages received."""
    node = dmxp.Node("spinner", arguments=[])
    got = []
    node.create_subscription(Int64, "ticks", lambda m: got.append(int(m["data"])))
    pub = node.create_publisher(Int64, "ticks")
    executor = dmxp.Executor(spin=spin)
    executor.add_node(node)
    thread = threading.Thread(target=executor.spin, args=(30,))
    thread.start()
    try:
        pub.publish(data=1)
        until = time.monotonic() + 10
        while not got and time.monotonic() < until:
            time.sleep(0.001)
        seen = False
        until = time.monotonic() + 1
        while not seen and time.monotonic() < until:
            seen = sleepers(domain) > 0
            time.sleep(0.001)
        pub.publish(data=2)
        until = time.monotonic() + 10
        while len(got) < 2 and time.monotonic() < until:
            time.sleep(0.001)
    finally:
        executor.cancel()
        thread.join()
    return seen, got


def test_a_long_spin_keeps_the_waiter_from_sleeping(domain):
    # 1 hour: the waiter polls for the whole test and never counts itself asleep.
    assert waiter_sleeps_seen(domain, 3600.0) == (False, [1, 2])


def test_spin_zero_sleeps_at_once(domain):
    assert waiter_sleeps_seen(domain, 0.0) == (True, [1, 2])
