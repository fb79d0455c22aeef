"""The bridge never costs a DMXP publisher a syscall (issue 15, section 5; export_poller.hpp).

A DMXP publisher (bridge_wake_publisher) whose only reader is the bridge, exporting the topic
to an rclpy subscriber, runs under strace. Its main thread publishes COUNT messages, one every
INTERVAL, between two marker writes; the test counts the futex calls that thread made between
the markers (strace sees every syscall: a count, not a timing). With the default export_poll,
none; with export_poll:=0 (the bridge's export thread sleeps on the channel's futex),
about one per message: the method sees wakes when there are some. Either way the rclpy
subscriber gets every message of the window exactly once, in order.

The poller's sleeps between looks are exactly as long as export_poll asks: its thread
("dmxp-export") runs with a timer slack of 1 ns instead of Linux's default 50 us, which
stretched a 100 us sleep to ~170 us here (bench/bridge/README.md).
"""
import os
import re
import subprocess
import sys
import time

import pytest

import netns
from conftest import host_env, program

PEER = os.path.join(os.path.dirname(__file__), "ros2_peer.py")
PY = sys.executable
TOPIC = "/wakes/chatter"
COUNT = 200
INTERVAL_US = 2000  # 0.4 s in all: inside the bridge's default export_idle (1 s)


@pytest.fixture
def host(domain_factory, tmp_path):
    with netns.Host("wakes") as h:
        h.env = host_env(domain_factory("w"))
        h.tmp = tmp_path
        yield h


def window_futex_calls(trace_path, tid):
    """Futex calls of thread tid between its BEGIN and END marker writes, from strace -f."""
    inside, calls, saw_end = False, [], False
    with open(trace_path) as f:
        for line in f:
            m = re.match(r"(\d+)\s+(.*)", line)
            if not m or int(m.group(1)) != tid:
                continue
            call = m.group(2)
            if call.startswith('write(2, "BEGIN\\n"'):
                inside = True
            elif call.startswith('write(2, "END\\n"'):
                saw_end = True
                break
            elif inside and call.startswith("futex("):
                calls.append(call)
    assert saw_end, f"no END marker of thread {tid} in the trace"
    return calls


def run_window(host, *bridge_params):
    bridge = host.spawn([program("dmxp-bridge"), "--ros-args", "-p", f"export:=['{TOPIC}']", *bridge_params],
                        host.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    listener = host.spawn([PY, PEER, "listen", TOPIC, "std_msgs/msg/String", "--count", "100000",
                           "--timeout", "60", "--reliable", "--depth", "1000"], host.env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    trace = host.tmp / "publisher.strace"
    pub = host.spawn(["strace", "-f", "-qq", "-e", "trace=futex,write", "-e", "signal=none", "-o", str(trace),
                      program("bridge_wake_publisher"), TOPIC, str(COUNT), str(INTERVAL_US)],
                     host.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    ready = pub.stdout.readline().split()
    assert ready and ready[0] == "ready", f"publisher: {ready}"
    pid = int(ready[1])
    # The first warm-up message at the rclpy subscriber: DDS is matched end to end.
    first = listener.stdout.readline()
    assert '"warmup' in first, first
    pub.stdin.write("go\n")
    pub.stdin.flush()
    assert pub.stdout.readline().strip() == "done"
    pub.wait(30)
    got = []
    while len(got) < COUNT:
        line = listener.stdout.readline()
        assert line, f"the rclpy subscriber stopped after {len(got)} messages of the window"
        text = line.split('"data": "')[1].split('"')[0]
        if not text.startswith("warmup"):
            got.append(text)
    host.stop(listener)
    host.stop(bridge)
    assert got == [f"msg {i}" for i in range(COUNT)]
    calls = window_futex_calls(trace, pid)
    print(f"bridge {' '.join(bridge_params) or '(defaults)'}: {len(calls)} futex calls in the window")
    return calls


def test_the_polling_bridge_costs_the_publisher_no_futex_call(host):
    calls = run_window(host)
    assert calls == []


def test_a_bridge_asleep_on_the_channels_costs_a_wake_per_message(host):
    calls = run_window(host, "-p", "export_poll:=0.0")
    wakes = [c for c in calls if "FUTEX_WAKE" in c]
    assert len(wakes) >= COUNT // 2, f"{len(wakes)} wakes for {COUNT} messages:\n" + "\n".join(calls[:10])


def poller_threads(pid):
    """{tid: timerslack_ns} of the threads of pid named dmxp-export."""
    found = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                if f.read().strip() != "dmxp-export":
                    continue
            with open(f"/proc/{tid}/timerslack_ns") as f:  # the task's own (not under task/)
                found[int(tid)] = int(f.read())
        except FileNotFoundError:  # the thread ended meanwhile
            continue
    return found


@pytest.mark.parametrize("params", [[], ["-p", "export_poll:=0.0"]], ids=["defaults", "export_poll=0"])
def test_one_export_thread_with_a_1ns_timer_slack(host, params):
    """The exports have their own thread (dmxp-export), whatever export_poll: with
    export_poll:=0 it sleeps on the channels itself, so a message never waits for the node's
    executor (graph scans, stats)."""
    bridge = host.spawn([program("dmxp-bridge"), "--ros-args", "-p", f"export:=['{TOPIC}']", *params],
                        host.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    threads = {}
    while not threads and time.monotonic() < deadline and bridge.poll() is None:
        threads = poller_threads(bridge.pid)  # ip netns exec execs the bridge: same pid
        time.sleep(0.05)
    host.stop(bridge)
    assert list(threads.values()) == [1], f"dmxp-export threads (tid: timer slack ns): {threads}"
