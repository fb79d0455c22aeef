#!/usr/bin/env python3
"""A managed (lifecycle) node: a camera that opens its device when configured and streams
frame numbers only while active (docs/lifecycle.md).

    python3 examples/lifecycle/camera.py            # waits, unconfigured, until told
    dmxp lifecycle set /camera configure             # from another shell
    dmxp lifecycle set /camera activate
    dmxp topic echo /camera/frames

Publishes ~/frames (std_msgs/UInt64, rate_hz per second) through a lifecycle publisher;
spins until SIGINT/SIGTERM, then shuts down through on_shutdown."""

import sys

import dmxp
from std_msgs.msg import UInt64

SUCCESS = dmxp.TransitionCallbackReturn.SUCCESS


class Camera(dmxp.LifecycleNode):
    def __init__(self):
        super().__init__("camera")
        self.rate_hz = self.declare_parameter("rate_hz", 30.0, description="frames per second while active")
        self.frames = None
        self.timer = None
        self.count = 0

    def on_configure(self, state):
        self.get_logger().info("device opened")
        self.frames = self.create_lifecycle_publisher(UInt64, "~/frames", qos=8)
        return SUCCESS

    def capture(self):
        self.count += 1
        with self.frames.loan() as frame:  # a lifecycle publisher: published only while active
            frame["data"] = self.count

    def on_activate(self, state):
        self.get_logger().info(f"streaming (was {state.label})")
        self.timer = self.create_timer(1.0 / self.rate_hz, self.capture)
        return SUCCESS

    def on_deactivate(self, state):
        self.timer = None  # dropping the handle stops it
        self.get_logger().info("paused")
        return SUCCESS

    def on_cleanup(self, state):
        self.frames = None
        self.get_logger().info("device closed")
        return SUCCESS

    def on_shutdown(self, state):
        self.timer, self.frames = None, None
        return SUCCESS


def main():
    node = Camera()
    dmxp.spin(node)
    node.destroy_node()  # shuts it down (on_shutdown) unless a manager already did
    return 0


if __name__ == "__main__":
    sys.exit(main())
