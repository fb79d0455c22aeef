#!/usr/bin/env python3
"""The robot's Python node: watches odometry and the controller's commands, and publishes
how far the robot has travelled and how fast it was told to go.

    monitor.py --ros-args -r __ns:=/robot -p report_period:=2.0

Subscribes odom (nav_msgs/Odometry) and cmd_vel (geometry_msgs/Twist), both read in place in
their ring slots; publishes ~/distance (std_msgs/Float64, metres since start) and logs a line
every report_period seconds. Shows a Python node as one executable of a dmxp-launch graph,
beside C++ nodes, on the same topics."""

import math
import sys

import numpy as np

import dmxp
from geometry_msgs.msg import Twist
from nav_msgs.msg import Odometry
from std_msgs.msg import Float64


class Monitor:
    def __init__(self, node):
        self.node = node
        self.log = node.get_logger()
        period = node.declare_parameter("report_period", 2.0, description="seconds between reports")
        self.distance = 0.0
        self.last_xy = None
        self.speeds = []  # commanded linear speeds since the last report
        self.pub = node.create_publisher(Float64, "~/distance", qos=8)
        # Depths and reliabilities as the graph declares the topics (examples/robot/graph.yaml).
        self.subs = [
            node.create_subscription(Odometry, "odom", self.on_odom, qos=16),
            node.create_subscription(Twist, "cmd_vel", self.on_cmd,
                                     qos=dmxp.QoS(8, reliability="best_effort")),
        ]
        self.timer = node.create_timer(period, self.report)

    def on_odom(self, msg):
        p = msg["pose"]["pose"]["position"]
        xy = (float(p["x"]), float(p["y"]))
        if self.last_xy is not None:
            self.distance += math.dist(xy, self.last_xy)
        self.last_xy = xy
        with self.pub.loan() as out:
            out["data"] = self.distance

    def on_cmd(self, msg):
        self.speeds.append(float(msg["linear"]["x"]))

    def report(self):
        if not self.speeds:
            self.log.info(f"travelled {self.distance:.2f} m; no commands yet")
            return
        v = np.asarray(self.speeds)
        self.speeds.clear()
        self.log.info(f"travelled {self.distance:.2f} m; commanded speed mean {v.mean():.2f} "
                      f"max {v.max():.2f} m/s over {v.size} commands")


def main():
    node = dmxp.Node("monitor")
    monitor = Monitor(node)  # noqa: F841 - holds the subscriptions, publisher and timer
    dmxp.spin(node)  # until SIGINT/SIGTERM (dmxp-launch stops nodes with SIGINT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
