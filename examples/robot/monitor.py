#!/usr/bin/env python3
"""The robot's Python node: watches odometry and the controller's commands, and publishes
how far the robot has travelled and how fast it was told to go.

    monitor.py --ros-args -r __ns:=/robot -p report_period:=2.0

A managed (lifecycle) node (docs/lifecycle.md): configuring it makes its ~/distance publisher
(std_msgs/Float64, metres travelled while active); activating it subscribes odom
(nav_msgs/Odometry) and cmd_vel (geometry_msgs/Twist), both read in place in their ring slots,
and logs a line every report_period seconds. dmxp-launch configures and activates it
(lifecycle: true in graph.yaml); by hand: `dmxp lifecycle set /robot/monitor configure`, then
`activate`. Shows a Python node as one executable of a dmxp-launch graph, beside C++ nodes, on
the same topics."""

import math
import sys

import numpy as np

import dmxp
from geometry_msgs.msg import Twist
from nav_msgs.msg import Odometry
from std_msgs.msg import Float64


SUCCESS = dmxp.TransitionCallbackReturn.SUCCESS


class Monitor(dmxp.LifecycleNode):
    def __init__(self):
        super().__init__("monitor")
        self.log = self.get_logger()
        self.period = self.declare_parameter("report_period", 2.0, description="seconds between reports")
        self.subs, self.timer = [], None

    def on_configure(self, state):
        self.distance = 0.0
        self.speeds = []  # commanded linear speeds since the last report
        self.pub = self.create_lifecycle_publisher(Float64, "~/distance", qos=8)  # publishes while active
        return SUCCESS

    def on_activate(self, state):
        # Data is read only while active. Depths and reliabilities as the graph declares the
        # topics (examples/robot/graph.yaml).
        self.last_xy = None
        self.subs = [
            self.create_subscription(Odometry, "odom", self.on_odom, qos=16),
            self.create_subscription(Twist, "cmd_vel", self.on_cmd,
                                     qos=dmxp.QoS(8, reliability="best_effort")),
        ]
        self.timer = self.create_timer(self.period, self.report)
        return SUCCESS

    def on_deactivate(self, state):
        self.subs, self.timer = [], None  # dropping the handles stops their callbacks
        return SUCCESS

    def on_cleanup(self, state):
        self.pub = None
        return SUCCESS

    def on_shutdown(self, state):
        self.subs, self.timer, self.pub = [], None, None
        return SUCCESS

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
    node = Monitor()
    dmxp.spin(node)  # until SIGINT/SIGTERM (dmxp-launch shuts it down first, then sends SIGINT)
    node.destroy_node()
    return 0


if __name__ == "__main__":
    sys.exit(main())
