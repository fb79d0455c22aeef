"""dmxp.ActionServer and dmxp.ActionClient: ROS 2 actions (docs/actions.md), as rclpy has them,
on the C++ runtime's action server and client.

    import dmxp
    from example_interfaces.action import Fibonacci

    def execute(goal_handle):                        # on a thread of its own, per goal
        feedback = Fibonacci.Feedback.zeros()
        ...
        goal_handle.publish_feedback(feedback)
        goal_handle.succeed()
        return result                                # a Fibonacci.Result value

    server = dmxp.ActionServer(node, Fibonacci, "fibonacci", execute)

    client = dmxp.ActionClient(node, Fibonacci, "fibonacci")
    client.wait_for_server(5.0)
    future = client.send_goal_async(goal, feedback_callback=print)
    dmxp.spin_until_future_complete(node, future)    # or spin the node elsewhere
    goal_handle = future.result()                    # .accepted
    result = dmxp.spin_until_future_complete(node, goal_handle.get_result_async())
    result.status, result.result

Goals, results and feedback are values of the action's generated types (numpy structured
arrays: Fibonacci.Goal.zeros()). Futures are concurrent.futures.Future, completed by the
node's executor; their errors are dmxp exceptions (dmxp.NotFoundError when the server died).
"""

import enum
import threading
import uuid
from concurrent.futures import Future

from . import _dmxp
from ._errors import TimeoutError as _TimeoutError
from ._errors import error_class


class GoalResponse(enum.IntEnum):
    """What a goal callback answers (rclpy's names). ACCEPT: the goal waits in ACCEPTED until
    the accepted callback executes it (the default one does so at once)."""
    REJECT = 1
    ACCEPT = 3  # the runtime's ACCEPT_AND_DEFER: handle_accepted_callback decides when


class CancelResponse(enum.IntEnum):
    REJECT = 1
    ACCEPT = 2


class GoalStatus(enum.IntEnum):
    """action_msgs/GoalStatus."""
    STATUS_UNKNOWN = 0
    STATUS_ACCEPTED = 1
    STATUS_EXECUTING = 2
    STATUS_CANCELING = 3
    STATUS_SUCCEEDED = 4
    STATUS_CANCELED = 5
    STATUS_ABORTED = 6


def _error(status, text):
    return error_class(status)(text, status)


class _Goal:
    """What both sides know of a goal: its id, when the server accepted it, its status."""

    def __init__(self, goal):
        self._goal = goal

    @property
    def goal_id(self):
        return uuid.UUID(bytes=self._goal.goal_id)

    @property
    def stamp_ns(self):
        """When the server accepted it (CLOCK_REALTIME, nanoseconds; 0 for a rejected goal)."""
        return self._goal.stamp_ns

    @property
    def status(self):
        """The goal's status (the client's: the latest the status topic or the result said)."""
        return GoalStatus(self._goal.status)


# ---- server ----

class ServerGoalHandle(_Goal):
    """A goal the server accepted. Thread-safe: the execute callback runs on its own thread."""

    def __init__(self, goal, action_type):
        super().__init__(goal)
        self._action_type = action_type
        self._end = None  # "succeed", "abort" or "canceled", set by the execute callback

    @property
    def request(self):
        """The goal, a copy (a value of the action's Goal type)."""
        return self._goal.goal

    @property
    def is_active(self):
        return self.status in (GoalStatus.STATUS_ACCEPTED, GoalStatus.STATUS_EXECUTING, GoalStatus.STATUS_CANCELING)

    @property
    def is_cancel_requested(self):
        return self.status == GoalStatus.STATUS_CANCELING

    @property
    def client_alive(self):
        """Whether the process that sent the goal still lives."""
        return self._goal.client_alive

    def execute(self):
        """ACCEPTED -> EXECUTING, then the server's execute callback runs (on a new thread)."""
        self._goal.execute()
        self._server._start(self)

    def publish_feedback(self, feedback):
        self._goal.publish_feedback(feedback)

    # The execute callback says how the goal ends, then returns the result.
    def succeed(self):
        self._end = "succeed"

    def abort(self):
        self._end = "abort"

    def canceled(self):
        self._end = "canceled"


def _accept_all(goal):
    return GoalResponse.ACCEPT


def _reject_cancel(goal_handle):
    return CancelResponse.REJECT


def _execute_now(goal_handle):
    goal_handle.execute()


class ActionServer:
    """Serves `action_name` with the action class `action_type` (`from pkg.action import A`).

    goal_callback(goal) -> GoalResponse (default: accept); cancel_callback(goal_handle) ->
    CancelResponse (default: reject, as rclpy); handle_accepted_callback(goal_handle)
    (default: execute it now). execute_callback(goal_handle) runs on a thread per goal,
    calls goal_handle.succeed() / abort() / canceled() and returns the result (a value of
    action_type.Result; None: zeros); a goal it leaves without an end is aborted. Callbacks
    other than execute run on the node's executor. A finished goal's result is kept for
    result_timeout seconds. cancel_goals_of_lost_clients: a goal whose client process died
    is handed to cancel_callback (default: it goes on, as in ROS 2)."""

    def __init__(self, node, action_type, action_name, execute_callback, *, goal_callback=_accept_all,
                 cancel_callback=_reject_cancel, handle_accepted_callback=_execute_now,
                 result_timeout=900.0, cancel_goals_of_lost_clients=False):
        if not result_timeout > 0:
            raise ValueError(f"result_timeout must be > 0 seconds, got {result_timeout!r}")
        self._action_type = action_type
        self._execute = execute_callback
        self._threads = []
        self._lock = threading.Lock()

        def on_goal(goal_id, goal):
            return int(goal_callback(goal))

        def on_cancel(goal):
            return int(cancel_callback(self._handle(goal)))

        def on_accepted(goal):
            handle_accepted_callback(self._handle(goal))

        self._server = _dmxp._create_action_server(node._node, action_type, action_name, on_goal, on_cancel,
                                                   on_accepted, float(result_timeout),
                                                   bool(cancel_goals_of_lost_clients))

    @property
    def action_name(self):
        return self._server.action_name

    def _handle(self, goal):
        h = ServerGoalHandle(goal, self._action_type)
        h._server = self
        return h

    def _start(self, goal_handle):
        t = threading.Thread(target=self._run, args=(goal_handle,), daemon=True,
                             name=f"dmxp action {self.action_name} {goal_handle.goal_id}")
        with self._lock:
            self._threads = [x for x in self._threads if x.is_alive()] + [t]
        t.start()

    def _run(self, goal_handle):
        result = None
        try:
            result = self._execute(goal_handle)
        finally:
            if result is None:
                result = self._action_type.Result.zeros()
            end = goal_handle._end or "abort"  # a goal left without an end is aborted (rclpy)
            try:
                getattr(goal_handle._goal, end)(result)
            except Exception:
                if goal_handle.is_active:  # the server was destroyed: nothing to report to
                    raise

    def destroy(self):
        """Stops serving; goals still running get errors from their handles."""
        self._server.destroy()
        with self._lock:
            threads, self._threads = self._threads, []
        for t in threads:
            t.join()


# ---- client ----

class ClientGoalHandle(_Goal):
    """A goal the client sent: accepted or not; its result and cancel as futures."""

    def __init__(self, client, goal, accepted):
        super().__init__(goal)
        self._client = client
        self.accepted = accepted
        self._result = Future()

    def get_result_async(self):
        """A Future of an ActionResult (status, result); requested when the goal was accepted."""
        return self._result

    def cancel_goal_async(self, timeout=5.0):
        return self._client._cancel(self._goal.goal_id, 0, timeout)


class ActionResult:
    """How a goal ended: status (GoalStatus) and result (a value of the action's Result)."""

    def __init__(self, status, result):
        self.status = GoalStatus(status)
        self.result = result

    def __repr__(self):
        return f"ActionResult(status={self.status.name}, result={self.result!r})"


class CancelGoalResponse:
    """action_msgs/CancelGoal's answer: return_code (ERROR_NONE ...) and goals_canceling, a
    list of (uuid.UUID, stamp_ns)."""
    ERROR_NONE = 0
    ERROR_REJECTED = 1
    ERROR_UNKNOWN_GOAL_ID = 2
    ERROR_GOAL_TERMINATED = 3

    def __init__(self, return_code, goals):
        self.return_code = return_code
        self.goals_canceling = [(uuid.UUID(bytes=g), stamp) for g, stamp in goals]


class ActionClient:
    """Sends goals to `action_name` (an action class `action_type`). Everything it reports
    arrives while an executor spins `node` (dmxp.spin_until_future_complete, or a spin on
    another thread)."""

    def __init__(self, node, action_type, action_name):
        self._action_type = action_type
        self._client = _dmxp._create_action_client(node._node, action_type, action_name)
        self._handles = {}
        self._lock = threading.Lock()

    @property
    def action_name(self):
        return self._client.action_name

    def server_is_ready(self):
        return self._client.server_is_ready()

    def wait_for_server(self, timeout=None):
        """True once a server offers the action; False after `timeout` seconds."""
        return self._client.wait_for_server(1e9 if timeout is None else float(timeout))

    def send_goal_async(self, goal, feedback_callback=None, timeout=5.0):
        """A Future of the ClientGoalHandle (.accepted False when rejected). feedback_callback
        (feedback) gets a read-only view of each feedback of this goal, valid during the call.
        timeout: seconds to wait for the server's answer."""
        future = Future()
        future.set_running_or_notify_cancel()

        def on_response(goal, status, text):
            if status:
                future.set_exception(_error(status, text))
                return
            handle = ClientGoalHandle(self, goal, goal is not None)
            if goal is not None:
                with self._lock:
                    early = self._handles.pop(goal.goal_id, None)
                    self._handles[goal.goal_id] = handle
                if early is not None:  # the result came first (a goal that ended at once)
                    self._deliver(handle, *early)
            future.set_result(handle)

        def on_feedback(goal, feedback):
            if feedback_callback is not None:
                feedback_callback(feedback)

        def on_result(goal, status, result, error_status, text):
            with self._lock:
                handle = self._handles.pop(goal.goal_id, None)
                if handle is None:  # before the answer: kept for it
                    self._handles[goal.goal_id] = (status, result, error_status, text)
                    return
            self._deliver(handle, status, result, error_status, text)

        self._client.send_goal(goal, float(timeout), on_response, on_feedback, on_result)
        return future

    @staticmethod
    def _deliver(handle, status, result, error_status, text):
        handle._result.set_running_or_notify_cancel()
        if error_status:
            handle._result.set_exception(_error(error_status, text))
        else:
            handle._result.set_result(ActionResult(status, result))

    def cancel_all_goals_async(self, timeout=5.0):
        """Cancels every goal of the action (any client's)."""
        return self._cancel(bytes(16), 0, timeout)

    def cancel_goals_before_async(self, stamp_ns, timeout=5.0):
        """Cancels the goals accepted at or before stamp_ns (CLOCK_REALTIME nanoseconds)."""
        return self._cancel(bytes(16), int(stamp_ns), timeout)

    def _cancel(self, goal_id, stamp_ns, timeout):
        future = Future()
        future.set_running_or_notify_cancel()

        def done(code, goals, status, text):
            if status:
                future.set_exception(_error(status, text))
            else:
                future.set_result(CancelGoalResponse(code, goals))

        self._client.cancel(goal_id, stamp_ns, float(timeout), done)
        return future

    def destroy(self):
        self._client.destroy()


def spin_until_future_complete(node, future, timeout=None):
    """Spins node (in a new executor, on this thread) until future is done or `timeout`
    seconds passed; returns future.result() (raising its exception), or raises
    dmxp.TimeoutError when it is not done (the time ran out, or SIGINT/SIGTERM ended the spin)."""
    from ._node import Executor  # the node's executors (dmxp/_node.py)

    executor = Executor()
    executor.add_node(node)
    try:
        future.add_done_callback(lambda _: executor.cancel())
        executor.spin(timeout)
    finally:
        executor.remove_node(node)
    if not future.done():
        raise _TimeoutError("the future was not done: " + (f"{timeout} s passed" if timeout is not None
                                                          else "the spin was interrupted"))
    return future.result()
