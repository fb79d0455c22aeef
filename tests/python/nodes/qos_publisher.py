#!/usr/bin/env python3
"""The publisher process of test_qos_events.py: std_msgs/Int64 on <topic>, one role per run:

    qos_publisher.py <topic> beat         deadline 0.1 s; after "go" on stdin publishes 0..19
                                          every 10 ms, then publishes nothing for 0.4 s while
                                          its node spins, prints one JSON line (its offered
                                          deadline misses, times relative to its last publish)
                                          and exits
    qos_publisher.py <topic> alive        prints "ready", exits when stdin closes
    qos_publisher.py <topic> manual       liveliness manual_by_topic, lease 0.2 s: prints "ready";
                                          each line on stdin: assert_liveliness(), then prints
                                          "asserted"; exits when stdin closes
    qos_publisher.py <topic> best_effort  best effort, volatile; prints "ready", then a line per
                                          offered incompatible-QoS event ("<total_count>
                                          <total_count_change> <policy kind> <other node>"),
                                          exits when stdin closes
    qos_publisher.py <topic> burst        best effort, depth 4: once a subscription is there,
                                          publishes 0..99 at once, prints "sent 100", exits"""

import json
import os
import sys
import threading
import time

import dmxp
from dmxp.qos_event import PublisherEventCallbacks
from std_msgs.msg import Int64


_stdout = threading.Lock()


def say(*words):
    """Prints one line whole: event callbacks print from the executor's thread while the main
    thread prints too, and print() writes its words one by one (lines could interleave)."""
    with _stdout:
        sys.stdout.write(" ".join(map(str, words)) + "\n")
        sys.stdout.flush()


def spinning(node):
    executor = dmxp.Executor()
    executor.add_node(node)
    thread = threading.Thread(target=executor.spin, daemon=True)
    thread.start()
    return executor, thread


def beat(node, topic):
    missed = []
    events = PublisherEventCallbacks(deadline=lambda info: missed.append(
        (time.monotonic(), info.total_count, info.total_count_change)))
    pub = node.create_publisher(Int64, topic, dmxp.QoS(10, deadline=0.1), event_callbacks=events)
    executor, thread = spinning(node)
    say("ready")
    sys.stdin.readline()
    first = time.monotonic()
    for i in range(20):
        if i:
            time.sleep(0.01)
        pub.publish(data=i)
    last = time.monotonic()
    time.sleep(0.4)
    executor.cancel()
    thread.join()
    print(json.dumps({"during": [t for t, _, _ in missed if first <= t <= last],
                      "after": [(t - last, total, change) for t, total, change in missed if t > last]}), flush=True)


def best_effort(node, topic):
    def incompatible(info):
        say(info.total_count, info.total_count_change, info.last_policy_kind.name, info.other_node)

    node.create_publisher(Int64, topic, dmxp.QoS(10, reliability="best_effort"),
                          event_callbacks=PublisherEventCallbacks(incompatible_qos=incompatible))
    say("ready")  # first: the incompatibility events come once the executor spins
    executor, thread = spinning(node)
    sys.stdin.read()
    executor.cancel()
    thread.join()


def burst(node, topic):
    pub = node.create_publisher(Int64, topic, dmxp.QoS(4, reliability="best_effort"))
    deadline = time.monotonic() + 10
    while pub.subscription_count == 0 and time.monotonic() < deadline:
        time.sleep(0.005)
    for i in range(100):
        pub.publish(data=i)
    say("sent 100")


def main():
    topic, role = sys.argv[1], sys.argv[2]
    name = f"alive_pub_{os.getpid()}" if role == "alive" else f"{role}_pub"  # two alive ones at once
    node = dmxp.Node(name, arguments=[])
    if role == "beat":
        beat(node, topic)
    elif role == "alive":
        node.create_publisher(Int64, topic)
        say("ready")
        sys.stdin.read()
    elif role == "manual":
        pub = node.create_publisher(Int64, topic, dmxp.QoS(10, liveliness="manual_by_topic", liveliness_lease=0.2))
        say("ready")
        for _ in sys.stdin:
            pub.assert_liveliness()
            say("asserted")
    elif role == "best_effort":
        best_effort(node, topic)
    elif role == "burst":
        burst(node, topic)
    else:
        raise SystemExit(f"qos_publisher.py: unknown role '{role}'")
    node.destroy_node()
    return 0


if __name__ == "__main__":
    sys.exit(main())
