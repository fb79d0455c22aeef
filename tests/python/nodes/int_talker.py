#!/usr/bin/env python3
"""A Python node run as a plain executable, as dmxp-launch runs nodes:

    int_talker.py --ros-args -r chatter:=news -p count:=5 [-r __node:=other]

Publishes std_msgs/Int64 0..count-1 on "chatter" once a subscriber is there, then spins
(serving its parameter service) until SIGINT/SIGTERM; prints "published <count>"."""

import sys

import dmxp
from std_msgs.msg import Int64


def main():
    node = dmxp.Node("int_talker")
    count = node.declare_parameter("count", 3)
    pub = node.create_publisher(Int64, "chatter", qos=64)
    published = []

    def tick():
        if published or pub.subscription_count == 0:
            return
        for i in range(count):
            with pub.loan() as msg:
                msg["data"] = i
        published.append(count)
        print(f"published {count} on {pub.topic_name} as {node.fully_qualified_name}", flush=True)

    timer = node.create_timer(0.01, tick)  # noqa: F841 - the handle keeps the timer alive
    dmxp.spin(node)
    return 0 if published else 1


if __name__ == "__main__":
    sys.exit(main())
