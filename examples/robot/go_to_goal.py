#!/usr/bin/env python3
"""Sends the robot's planner a goal through its go_to_goal action and prints the feedback and
the result (docs/actions.md):

    go_to_goal.py X Y [--tolerance M] [--max-duration S] [--ros-args -r __ns:=/robot]

    goal 4f0c9a...: accepted
    distance remaining 4.87 m (robot at 0.35, 1.12)
    ...
    SUCCEEDED: reached (4.91, 4.98), 0.28 m from the target

X Y: the target in the odometry frame (metres). Exit status 0 when the robot reached it,
1 when the goal was rejected (off the planner's grid), aborted (max duration, or replaced by a
newer goal) or canceled, 2 on usage errors. Ctrl-C stops waiting (the goal goes on)."""

import argparse
import sys
import threading

import dmxp
from dmxp_nodes_msgs.action import GoToGoal
from dmxp_nodes_msgs.msg import set_text


def parse(argv):
    own = argv[: argv.index("--ros-args")] if "--ros-args" in argv else argv
    p = argparse.ArgumentParser(description="Send the planner a go_to_goal goal.")
    p.add_argument("x", type=float)
    p.add_argument("y", type=float)
    p.add_argument("--tolerance", type=float, default=0.3, help="metres (default 0.3)")
    p.add_argument("--max-duration", type=float, default=0.0, help="seconds (default: no limit)")
    return p.parse_args(own)


class FeedbackPrinter:
    """The feedback callback: prints each feedback as a line, but none before the goal's
    "accepted" line. Feedback and the goal's response travel on separate channels, so the
    first feedback can be delivered (in the same spin) before send_goal's future completes."""

    def __init__(self):
        self.lock = threading.Lock()
        self.held = []  # lines of feedback that came before the acceptance was printed
        self.accepted = False

    def __call__(self, feedback):
        at = feedback["current_pose"]["position"]
        line = (f"distance remaining {float(feedback['distance_remaining']):.2f} m "
                f"(robot at {float(at['x']):.2f}, {float(at['y']):.2f})")
        with self.lock:
            if self.accepted:
                print(line, flush=True)
            else:
                self.held.append(line)

    def accept(self, goal_id):
        with self.lock:
            print(f"goal {goal_id}: accepted", flush=True)
            for line in self.held:
                print(line, flush=True)
            self.held.clear()
            self.accepted = True


def main():
    args = parse(sys.argv[1:])
    node = dmxp.Node("go_to_goal_client")  # its --ros-args (e.g. the namespace) from sys.argv
    client = dmxp.ActionClient(node, GoToGoal, "go_to_goal")
    if not client.wait_for_server(5.0):
        print(f"error: no server for the action '{client.action_name}'", file=sys.stderr)
        return 1
    goal = GoToGoal.Goal.zeros()
    set_text(goal["target"]["header"]["frame_id"], "odom")
    goal["target"]["pose"]["position"]["x"] = args.x
    goal["target"]["pose"]["position"]["y"] = args.y
    goal["tolerance"] = args.tolerance
    goal["max_duration"] = args.max_duration
    feedback = FeedbackPrinter()
    handle = dmxp.spin_until_future_complete(node, client.send_goal_async(goal, feedback_callback=feedback),
                                             timeout=10)
    if not handle.accepted:
        print("goal rejected", flush=True)
        return 1
    feedback.accept(handle.goal_id)
    try:
        ended = dmxp.spin_until_future_complete(node, handle.get_result_async())
    except dmxp.TimeoutError:  # Ctrl-C ended the spin first
        print("interrupted; the goal goes on", file=sys.stderr)
        return 1
    result = ended.result
    at = result["final_pose"]["position"]
    print(f"{ended.status.name[len('STATUS_'):]}: {'reached' if result['success'] else 'stopped at'} "
          f"({float(at['x']):.2f}, {float(at['y']):.2f}), {float(result['distance_remaining']):.2f} m from the target",
          flush=True)
    return 0 if ended.status == dmxp.GoalStatus.STATUS_SUCCEEDED else 1


if __name__ == "__main__":
    sys.exit(main())
