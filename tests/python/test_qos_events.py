"""QoS events delivered to Python callbacks (dmxp.qos_event, rclpy's SubscriptionEventCallbacks
and PublisherEventCallbacks; docs/python.md "QoS events"), with publishers in other processes
(nodes/qos_publisher.py): deadline misses on both sides when a publisher stops, counted
exactly; liveliness when a publisher process is SIGKILLed and when one exits, and when a
manual-liveliness publisher lets its lease run out and asserts again; incompatible
QoS on both sides naming the policy; every lost message of a best-effort burst reported."""

import json
import os
import subprocess
import sys
import threading
import time

import pytest

import dmxp
from conftest import expect_line, read_line
from dmxp.qos_event import (
    PublisherEventCallbacks,
    QoSLivelinessChangedInfo,
    QoSPolicyKind,
    SubscriptionEventCallbacks,
)
from std_msgs.msg import Int64

PUBLISHER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nodes", "qos_publisher.py")


def start(topic, role):
    return subprocess.Popen([sys.executable, PUBLISHER, topic, role], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_until(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def in_period(misses, silent_since):
    """The k-th deadline miss after silent_since (k = 1, 2, ...) comes in the k-th deadline
    period of 0.1 s, within the half period the runtime checks at (plus scheduling slack)."""
    for k, (t, _, _) in enumerate(misses, start=1):
        assert 0.1 * k - 0.005 <= t - silent_since < 0.1 * k + 0.1, (k, [m[0] - silent_since for m in misses])


def watching_liveliness(name, topic):
    """A node with a subscription of topic whose liveliness events go to the list returned."""
    node = dmxp.Node(name, arguments=[])
    changes = []
    node.create_subscription(Int64, topic, lambda msg: None,
                             event_callbacks=SubscriptionEventCallbacks(liveliness=changes.append))
    return node, changes


class Spinning:
    """An executor spinning node on a thread, for a with-block."""

    def __init__(self, node):
        self.executor = dmxp.Executor()
        self.executor.add_node(node)
        self.thread = threading.Thread(target=self.executor.spin)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.executor.cancel()
        self.thread.join(timeout=10)


def test_deadline_misses_on_both_sides_when_the_publisher_stops(domain):
    node = dmxp.Node("beat_sub", arguments=[])
    received, missed = [], []
    events = SubscriptionEventCallbacks(deadline=lambda info: missed.append(
        (time.monotonic(), info.total_count, info.total_count_change)))
    node.create_subscription(Int64, "beat", lambda msg: received.append((time.monotonic(), int(msg["data"]))),
                             qos=dmxp.QoS(10, deadline=0.1), event_callbacks=events)
    pub = start("beat", "beat")
    with Spinning(node):
        expect_line(pub, "ready")
        before = len(missed)
        pub.stdin.write("go\n")
        pub.stdin.flush()
        offered = json.loads(read_line(pub))  # after 20 messages and 0.4 s of silence
        assert wait_until(lambda: len(missed) >= before + 4)
    assert pub.wait(timeout=10) == 0, pub.stderr.read()

    assert [value for _, value in received] == list(range(20))
    first, last = received[0][0], received[-1][0]
    # Never while messages came every 10 ms; then one per silent deadline period, counted 1 by 1.
    assert [t for t, _, _ in missed if first <= t <= last] == []
    after = [(t, total, change) for t, total, change in missed if t > last]
    prior = len(missed) - len(after)  # while the child process started (silence too)
    assert prior >= before
    assert [total for _, total, _ in after] == list(range(prior + 1, prior + 1 + len(after)))
    assert {change for _, _, change in after} == {1}
    assert missed[-1][1] == len(missed)
    in_period(after, last)

    # The publisher's offered deadline, measured in its process: none while it published,
    # then the k-th miss in the k-th silent period, counted 1 by 1.
    assert offered["during"] == []
    totals = [total for _, total, _ in offered["after"]]
    assert len(totals) >= 3 and totals == list(range(totals[0], totals[0] + len(totals))), offered
    assert {change for _, _, change in offered["after"]} == {1}
    in_period(offered["after"], 0.0)
    node.destroy_node()


def test_liveliness_when_a_publisher_process_is_sigkilled_and_one_exits(domain):
    node, changes = watching_liveliness("alive_sub", "alive")
    a, b = start("alive", "alive"), start("alive", "alive")
    with Spinning(node):
        assert read_line(a).strip() == "ready" and read_line(b).strip() == "ready"
        assert wait_until(lambda: changes and changes[-1].alive_count == 2), changes
        seen = len(changes)
        a.kill()  # SIGKILL: no goodbye
        a.wait(timeout=10)
        assert wait_until(lambda: changes[-1].alive_count == 1), changes
        assert changes[seen:] == [QoSLivelinessChangedInfo(1, 1, -1, 1)]
        b.stdin.close()  # a clean exit is reported the same way
        assert b.wait(timeout=10) == 0, b.stderr.read()
        assert wait_until(lambda: changes[-1].alive_count == 0), changes
        assert changes[seen:] == [QoSLivelinessChangedInfo(1, 1, -1, 1), QoSLivelinessChangedInfo(0, 2, -1, 1)]
    node.destroy_node()


def test_liveliness_of_a_manual_publisher_that_lets_its_lease_run_out(domain):
    node, changes = watching_liveliness("manual_sub", "manual")
    pub = start("manual", "manual")
    with Spinning(node):
        expect_line(pub, "ready")
        # Alive from its creation, then not alive once 0.2 s pass without an assertion.
        assert wait_until(lambda: changes and changes[-1].not_alive_count == 1), changes
        lapsed = changes.index(QoSLivelinessChangedInfo(0, 1, -1, 1))
        pub.stdin.write("assert\n")
        pub.stdin.flush()
        assert read_line(pub).strip() == "asserted"
        assert wait_until(lambda: changes[-1].alive_count == 1), changes
        assert changes[lapsed + 1] == QoSLivelinessChangedInfo(1, 0, 1, -1)
    pub.stdin.close()
    assert pub.wait(timeout=10) == 0, pub.stderr.read()
    assert pub.stdout.read() == ""
    node.destroy_node()


def test_incompatible_qos_is_reported_to_both_sides(domain):
    node = dmxp.Node("picky_sub", arguments=[])
    requested = []
    node.create_subscription(Int64, "picky", lambda msg: None, qos=dmxp.QoS(10, durability="transient_local"),
                             event_callbacks=SubscriptionEventCallbacks(incompatible_qos=requested.append))
    pub = start("picky", "best_effort")
    with Spinning(node):
        expect_line(pub, "ready")
        assert wait_until(lambda: len(requested) == 2), requested
        offered = sorted(read_line(pub).split() for _ in range(2))
    pub.stdin.close()
    assert pub.wait(timeout=10) == 0, pub.stderr.read()
    assert sorted((e.last_policy_kind, e.policy) for e in requested) == [
        (QoSPolicyKind.DURABILITY, "durability"), (QoSPolicyKind.RELIABILITY, "reliability")]
    assert [e.total_count for e in requested] == [1, 2]
    assert {(e.total_count_change, e.topic, e.other_node) for e in requested} == {(1, "/picky", "/best_effort_pub")}
    assert all(e.reason for e in requested)
    assert offered == [["1", "1", "DURABILITY", "/picky_sub"], ["2", "1", "RELIABILITY", "/picky_sub"]] or \
        offered == [["1", "1", "RELIABILITY", "/picky_sub"], ["2", "1", "DURABILITY", "/picky_sub"]]
    node.destroy_node()


def test_every_message_lost_in_a_best_effort_burst_is_reported(domain):
    node = dmxp.Node("slow_sub", arguments=[])
    lost = []
    sub = node.create_subscription(Int64, "burst", qos=dmxp.QoS(4, reliability="best_effort"),
                                   event_callbacks=SubscriptionEventCallbacks(message_lost=lost.append))
    pub = start("burst", "burst")
    out, err = pub.communicate(timeout=20)
    assert pub.returncode == 0 and out.strip() == "sent 100", err
    values = []
    while (msg := sub.take()) is not None:  # take() reports the loss, with the GIL held already
        values.append(int(msg["data"]))
    assert values == list(range(100 - len(values), 100)) and 1 <= len(values) <= 4
    assert sub.lost == 100 - len(values)
    assert sum(e.total_count_change for e in lost) == sub.lost == lost[-1].total_count
    node.destroy_node()


def test_events_rclpy_has_and_dmxp_does_not_are_refused():
    with pytest.raises(dmxp.UnsupportedError, match=r"PublisherEventCallbacks\(liveliness=...\): a DMXP publisher is "
                                                     "not told that its own liveliness lease ran out"):
        PublisherEventCallbacks(liveliness=print)
    with pytest.raises(dmxp.UnsupportedError, match="no incompatible-type event"):
        SubscriptionEventCallbacks(incompatible_type=print)
    with pytest.raises(TypeError, match="is not callable"):
        SubscriptionEventCallbacks(deadline=3)
    assert SubscriptionEventCallbacks(deadline=print).deadline is print
    assert SubscriptionEventCallbacks().message_lost is None
