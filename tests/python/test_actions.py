"""Actions from Python (dmxp.ActionServer, dmxp.ActionClient, docs/actions.md) against the C++
Fibonacci example programs (examples/actions) in other processes, and against each other:
goals, feedback and results exactly; rejects; the cancel callback deciding; a goal left
without an end; a C++ server SIGKILLed mid-goal; a C++ client SIGKILLed mid-goal."""

import os
import signal
import subprocess
import threading
import time

import pytest

import dmxp
from example_interfaces.action import Fibonacci
from example_interfaces.msg import items, set_items

FIB_SERVER = os.environ.get("DMXP_FIB_SERVER", "")
FIB_CLIENT = os.environ.get("DMXP_FIB_CLIENT", "")


def fibonacci(order):
    out = [0, 1][: order + 1]
    while len(out) <= order:
        out.append(out[-1] + out[-2])
    return out


def goal_of(order):
    goal = Fibonacci.Goal.zeros()
    goal["order"] = order
    return goal


def start_server(step_ms):
    return subprocess.Popen([FIB_SERVER, "--ros-args", "-p", f"step_ms:={step_ms}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


class Spinning:
    """Spins nodes on a background thread (action callbacks need an executor)."""

    def __init__(self, *nodes):
        self.executor = dmxp.Executor()
        for n in nodes:
            self.executor.add_node(n)
        self.thread = threading.Thread(target=self.executor.spin)
        self.thread.start()

    def stop(self):
        self.executor.cancel()
        self.thread.join()


def test_action_class_bundles_the_generated_types():
    assert Fibonacci.TYPE_NAME == "example_interfaces/action/Fibonacci"
    assert Fibonacci.Goal.TYPE_NAME == "example_interfaces/action/Fibonacci_Goal"
    assert Fibonacci.Impl.SendGoalService.Request.TYPE_NAME == "example_interfaces/action/Fibonacci_SendGoal_Request"
    assert Fibonacci.Impl.SendGoalService.TYPE_NAME == "example_interfaces/action/Fibonacci_SendGoal"
    assert Fibonacci.Impl.GetResultService.Response.DTYPE.fields["result"][1] == 4  # after int8 status
    assert Fibonacci.Impl.FeedbackMessage.DTYPE.fields["feedback"][1] == 16  # after the UUID
    from example_interfaces import action
    with pytest.raises(AttributeError, match="has no action 'Nope'"):
        action.Nope


def test_python_client_with_cpp_server(domain):
    server = start_server(1)
    node = dmxp.Node("py_action_client", arguments=[])
    client = dmxp.ActionClient(node, Fibonacci, "fibonacci")
    try:
        assert client.wait_for_server(10.0)
        feedback = []
        future = client.send_goal_async(goal_of(8), feedback_callback=lambda fb: feedback.append(
            [int(x) for x in items(fb["sequence"])]))
        handle = dmxp.spin_until_future_complete(node, future, timeout=10)
        assert handle.accepted
        assert handle.goal_id.version == 4
        result = dmxp.spin_until_future_complete(node, handle.get_result_async(), timeout=10)
        assert result.status == dmxp.GoalStatus.STATUS_SUCCEEDED
        assert [int(x) for x in items(result.result["sequence"])] == fibonacci(8)
        assert feedback == [fibonacci(k) for k in range(2, 9)]
        assert handle.status == dmxp.GoalStatus.STATUS_SUCCEEDED

        rejected = dmxp.spin_until_future_complete(node, client.send_goal_async(goal_of(47)), timeout=10)
        assert not rejected.accepted
    finally:
        client.destroy()
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=10) == 0


def test_python_client_cancels_and_sees_a_killed_server(domain):
    server = start_server(20)
    node = dmxp.Node("py_action_client", arguments=[])
    client = dmxp.ActionClient(node, Fibonacci, "fibonacci")
    spin = Spinning(node)
    try:
        assert client.wait_for_server(10.0)
        got = []
        handle = client.send_goal_async(goal_of(46), feedback_callback=lambda fb: got.append(1)).result(10)
        until = time.monotonic() + 10
        while len(got) < 2:
            assert time.monotonic() < until
            time.sleep(0.005)
        answer = handle.cancel_goal_async().result(10)
        assert answer.return_code == dmxp.CancelGoalResponse.ERROR_NONE
        assert [g for g, _ in answer.goals_canceling] == [handle.goal_id]
        result = handle.get_result_async().result(10)
        assert result.status == dmxp.GoalStatus.STATUS_CANCELED
        numbers = [int(x) for x in items(result.result["sequence"])]
        assert 4 <= len(numbers) < 47 and numbers == fibonacci(len(numbers) - 1)

        # A second goal, then the server dies: its result fails, naming the goal.
        got.clear()
        handle = client.send_goal_async(goal_of(46), feedback_callback=lambda fb: got.append(1)).result(10)
        while not got:
            time.sleep(0.005)
        server.kill()
        server.wait(timeout=10)
        killed = time.monotonic()
        with pytest.raises(dmxp.NotFoundError) as e:
            handle.get_result_async().result(5)
        assert time.monotonic() - killed < 2.0
        assert str(e.value) == (f"action '/fibonacci': goal {handle.goal_id}: the action server went away before "
                                "the goal finished (service '/fibonacci/_action/get_result': the server went away "
                                "before it answered)")
    finally:
        spin.stop()
        client.destroy()
        if server.poll() is None:
            server.kill()
            server.wait()


def run_client(order, *extra):
    return subprocess.run([FIB_CLIENT, str(order), *extra], capture_output=True, text=True, timeout=30)


def test_python_server_with_cpp_client(domain):
    node = dmxp.Node("py_fibonacci", arguments=[])
    goals_seen = []

    def on_goal(goal):
        goals_seen.append(int(goal["order"]))
        return dmxp.GoalResponse.ACCEPT if goal["order"] <= 20 else dmxp.GoalResponse.REJECT

    def execute(goal_handle):
        order = int(goal_handle.request["order"])
        sequence = [0, 1]
        feedback = Fibonacci.Feedback.zeros()
        for _ in range(order - 1):
            sequence.append(sequence[-1] + sequence[-2])
            set_items(feedback["sequence"], sequence)
            goal_handle.publish_feedback(feedback)
        result = Fibonacci.Result.zeros()
        set_items(result["sequence"], sequence[: order + 1])
        goal_handle.succeed()
        return result

    server = dmxp.ActionServer(node, Fibonacci, "fibonacci", execute, goal_callback=on_goal)
    spin = Spinning(node)
    try:
        out = run_client(6)
        assert out.returncode == 0, out.stderr
        lines = out.stdout.splitlines()
        assert lines[0].startswith("goal ") and lines[0].endswith(": accepted")
        # The server publishes its five feedbacks back to back, then succeeds. Feedback (a
        # best-effort topic) and the result (a service answer) are separate channels, so the
        # client may take the result before the last feedbacks, as in ROS 2: what it printed
        # is an in-order run of the right feedbacks, first to last without gaps, then the result.
        expected = [f"feedback: {' '.join(map(str, fibonacci(k)))}" for k in range(2, 7)]
        assert lines[1:-1] == expected[:len(lines) - 2], out.stdout
        assert lines[-1] == "result: SUCCEEDED 0 1 1 2 3 5 8"
        rejected = run_client(21)
        assert rejected.returncode == 1 and rejected.stdout == "goal rejected\n"
        assert goals_seen == [6, 21]
    finally:
        spin.stop()
        server.destroy()


def test_cancel_callback_decides_and_a_goal_left_without_an_end_is_aborted(domain):
    node = dmxp.Node("py_both", arguments=[])
    release = threading.Event()

    def execute(goal_handle):
        while not goal_handle.is_cancel_requested and not release.is_set():
            time.sleep(0.002)
        if goal_handle.is_cancel_requested:
            goal_handle.canceled()
        result = Fibonacci.Result.zeros()
        set_items(result["sequence"], [int(goal_handle.request["order"])])
        return result  # without succeed(): aborted

    asked = []

    def on_cancel(goal_handle):
        asked.append(goal_handle.goal_id)
        return dmxp.CancelResponse.ACCEPT if goal_handle.request["order"] == 1 else dmxp.CancelResponse.REJECT

    server = dmxp.ActionServer(node, Fibonacci, "work", execute, cancel_callback=on_cancel, result_timeout=60)
    client = dmxp.ActionClient(node, Fibonacci, "work")
    spin = Spinning(node)
    try:
        assert client.wait_for_server(5.0)
        one = client.send_goal_async(goal_of(1)).result(10)
        two = client.send_goal_async(goal_of(2)).result(10)
        answer = client.cancel_all_goals_async().result(10)
        assert sorted(asked) == sorted([one.goal_id, two.goal_id])
        assert [g for g, _ in answer.goals_canceling] == [one.goal_id]
        canceled = one.get_result_async().result(10)
        assert canceled.status == dmxp.GoalStatus.STATUS_CANCELED
        assert [int(x) for x in items(canceled.result["sequence"])] == [1]
        release.set()
        aborted = two.get_result_async().result(10)
        assert aborted.status == dmxp.GoalStatus.STATUS_ABORTED
        assert [int(x) for x in items(aborted.result["sequence"])] == [2]
        # Unknown to a later cancel: both ended.
        assert two.cancel_goal_async().result(10).return_code == dmxp.CancelGoalResponse.ERROR_GOAL_TERMINATED
    finally:
        spin.stop()
        client.destroy()
        server.destroy()


def test_a_killed_cpp_client_is_seen_by_a_python_server(domain):
    node = dmxp.Node("py_server", arguments=[])
    started = threading.Event()

    def execute(goal_handle):
        started.set()
        while not goal_handle.is_cancel_requested:
            time.sleep(0.002)
        assert not goal_handle.client_alive
        goal_handle.canceled()

    server = dmxp.ActionServer(node, Fibonacci, "fibonacci", execute,
                               cancel_callback=lambda g: dmxp.CancelResponse.ACCEPT,
                               cancel_goals_of_lost_clients=True)
    spin = Spinning(node)
    try:
        client = subprocess.Popen([FIB_CLIENT, "30"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert started.wait(10)
        client.kill()
        client.wait(timeout=10)
        killed = time.monotonic()
        until = killed + 5
        while server._server.goals()[0].status != int(dmxp.GoalStatus.STATUS_CANCELED):
            assert time.monotonic() < until
            time.sleep(0.005)
        assert time.monotonic() - killed < 2.0
    finally:
        spin.stop()
        server.destroy()
