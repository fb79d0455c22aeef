"""The robot's go_to_goal action (nodes/planner, examples/robot/go_to_goal.py): the planner
node in its own process, odometry published here, and the Python client script in a third
process: feedback with the exact distance left, success within tolerance, the planner's goal
parameters moved, a target off the grid rejected, max_duration aborting."""

import math
import os
import subprocess
import sys
import threading
import time

import dmxp
from conftest import expect_line, read_line
from nav_msgs.msg import Odometry

PLANNER = os.environ.get("DMXP_PLANNER", "")
CLIENT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "robot", "go_to_goal.py")


class Odom:
    """Publishes the robot's odometry at 100 Hz from a thread; `xy` moves it."""

    def __init__(self, node):
        # As the robot graph declares the topic: best effort (examples/robot/graph.yaml).
        self.pub = node.create_publisher(Odometry, "odom", qos=dmxp.QoS(16, reliability="best_effort"))
        self.xy = (0.0, 0.0)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run)
        self.thread.start()

    def run(self):
        while not self.stop.is_set():
            with self.pub.loan() as m:
                m["pose"]["pose"]["position"]["x"], m["pose"]["pose"]["position"]["y"] = self.xy
                m["pose"]["pose"]["orientation"]["w"] = 1.0
            time.sleep(0.01)

    def close(self):
        self.stop.set()
        self.thread.join()


def start_planner():
    return subprocess.Popen([PLANNER, "--ros-args", "-r", "__ns:=/robot"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def client(*args):
    return subprocess.Popen([sys.executable, CLIENT, *map(str, args), "--ros-args", "-r", "__ns:=/robot"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_go_to_goal_reports_the_distance_and_succeeds_within_tolerance(domain):
    planner = start_planner()
    node = dmxp.Node("fake_odometry", namespace="/robot", arguments=[])
    odom = Odom(node)
    try:
        c = client(3.0, 4.0, "--tolerance", 0.5)
        expect_line(c, lambda line: line.endswith(": accepted\n"))
        line = read_line(c)
        assert line == "distance remaining 5.00 m (robot at 0.00, 0.00)\n"
        odom.xy = (3.0, 1.0)
        while line != "distance remaining 3.00 m (robot at 3.00, 1.00)\n":
            line = read_line(c)
            assert line.startswith("distance remaining"), line + c.stderr.read()
        odom.xy = (3.3, 4.3)
        out, err = c.communicate(timeout=10)
        assert c.returncode == 0, err
        assert out.splitlines()[-1] == "SUCCEEDED: reached (3.30, 4.30), 0.42 m from the target"
        # The goal moved the planner's parameters, as `dmxp param set` would.
        get = subprocess.run([os.environ["DMXP_CLI"], "param", "get", "/robot/planner", "goal_x"],
                             capture_output=True, text=True, timeout=10)
        assert get.stdout.strip() == "3.0", get.stderr
    finally:
        odom.close()
        planner.terminate()
        planner.wait(timeout=10)


def test_off_the_grid_is_rejected_and_max_duration_aborts(domain):
    planner = start_planner()
    node = dmxp.Node("fake_odometry", namespace="/robot", arguments=[])
    odom = Odom(node)
    try:
        far = client(100.0, 0.0)
        out, _ = far.communicate(timeout=20)
        assert (far.returncode, out) == (1, "goal rejected\n")
        slow = client(5.0, 0.0, "--max-duration", 0.3)
        started = time.monotonic()
        out, err = slow.communicate(timeout=20)
        assert slow.returncode == 1, err
        assert out.splitlines()[-1] == "ABORTED: stopped at (0.00, 0.00), 5.00 m from the target"
        assert time.monotonic() - started < 10
    finally:
        odom.close()
        planner.terminate()
        planner.wait(timeout=10)
