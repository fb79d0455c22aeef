"""dmxp.LifecycleNode: managed nodes, as rclpy.lifecycle has them (docs/lifecycle.md).

    import dmxp
    from std_msgs.msg import Int64

    class Counter(dmxp.LifecycleNode):
        def __init__(self):
            super().__init__("counter")
            self.pub = None

        def on_configure(self, state):
            self.pub = self.create_lifecycle_publisher(Int64, "count", qos=10)  # off until active
            return dmxp.TransitionCallbackReturn.SUCCESS

    node = Counter()
    node.trigger_configure()       # or `dmxp lifecycle set /counter configure` from a shell

The state machine, its services (<node>/change_state, get_state, get_available_states,
get_available_transitions, get_transition_graph) and the <node>/transition_event topic are
the C++ runtime's: a Python managed node answers `dmxp lifecycle`, dmxp-launch and a C++
LifecycleClient exactly as a C++ one does. Callbacks run on the calling thread; a request
through the services runs them on the node's executor.

As rclpy: callbacks get the LifecycleState the transition started from and return a
TransitionCallbackReturn; an exception counts as ERROR; every default returns SUCCESS
(on_error included, so an error goes back to unconfigured; rclcpp's on_error fails instead).
Lifecycle publishers publish only while the node is active, without a call in on_activate.
"""

import enum
import weakref
from typing import NamedTuple

from . import _dmxp
from ._node import Node


class TransitionCallbackReturn(enum.IntEnum):
    """What a transition callback returns (lifecycle_msgs/Transition TRANSITION_CALLBACK_*)."""

    SUCCESS = 97
    FAILURE = 98
    ERROR = 99


class LifecycleState(NamedTuple):
    """A state of the lifecycle state machine: lifecycle_msgs/State id and label."""

    state_id: int
    label: str


class LifecycleTransition(NamedTuple):
    """A transition: its id and label, and the states it leaves and reaches."""

    transition_id: int
    label: str
    start: LifecycleState
    goal: LifecycleState


_CALLBACKS = {10: "on_configure", 11: "on_cleanup", 12: "on_shutdown", 13: "on_activate", 14: "on_deactivate",
              15: "on_error"}


def _transition(t):
    return LifecycleTransition(t[0], t[1], LifecycleState(t[2], t[3]), LifecycleState(t[4], t[5]))


class LifecycleNode(Node):
    """A managed node: starts unconfigured; the trigger_* methods, or another process through
    its services, move it through ROS 2's lifecycle state machine."""

    def __init__(self, name, *, enable_communication_interface=True, **kwargs):
        super().__init__(name, **kwargs)
        this = weakref.ref(self)  # the runtime holds the dispatcher: no cycle back to the node

        def run(state_id, previous_id, previous_label):
            node = this()
            if node is None:  # the node is being destroyed: nothing of it may run
                return TransitionCallbackReturn.SUCCESS
            return node._run_callback(state_id, LifecycleState(previous_id, previous_label))

        self._lifecycle = _dmxp._create_lifecycle(self._node, run, enable_communication_interface)

    # ---- the state machine ----
    @property
    def current_state(self):
        return LifecycleState(*self._lifecycle.current_state)

    @property
    def available_states(self):
        return [LifecycleState(*s) for s in _dmxp._lifecycle_states()]

    @property
    def available_transitions(self):
        """The transitions leaving the current state."""
        return [_transition(t) for t in self._lifecycle.available_transitions]

    @property
    def transition_graph(self):
        return [_transition(t) for t in _dmxp._lifecycle_transition_graph()]

    def trigger_transition(self, transition):
        """Runs a transition, by id (int) or label (str), from the current state; returns the
        callback's TransitionCallbackReturn. Raises dmxp.InvalidArgumentError when no such
        transition leaves the current state, dmxp.BusyError when called from a callback."""
        return TransitionCallbackReturn(self._lifecycle.change_state(transition))

    def trigger_configure(self):
        return self.trigger_transition("configure")

    def trigger_cleanup(self):
        return self.trigger_transition("cleanup")

    def trigger_activate(self):
        return self.trigger_transition("activate")

    def trigger_deactivate(self):
        return self.trigger_transition("deactivate")

    def trigger_shutdown(self):
        """From unconfigured, inactive or active."""
        return self.trigger_transition("shutdown")

    # ---- callbacks: state is the LifecycleState the transition started from ----
    def on_configure(self, state):
        return TransitionCallbackReturn.SUCCESS

    def on_cleanup(self, state):
        return TransitionCallbackReturn.SUCCESS

    def on_shutdown(self, state):
        return TransitionCallbackReturn.SUCCESS

    def on_activate(self, state):
        return TransitionCallbackReturn.SUCCESS

    def on_deactivate(self, state):
        return TransitionCallbackReturn.SUCCESS

    def on_error(self, state):
        return TransitionCallbackReturn.SUCCESS

    def _run_callback(self, state_id, previous):
        name = _CALLBACKS[state_id]
        result = getattr(self, name)(previous)
        if not isinstance(result, TransitionCallbackReturn):
            raise TypeError(f"{name}() returned {result!r}, expected a dmxp.TransitionCallbackReturn")
        return int(result)

    # ---- lifecycle publishers ----
    def create_lifecycle_publisher(self, msg_type, topic, qos=10):
        """A publisher of msg_type on topic that publishes only while this node is active."""
        return LifecyclePublisher(self.create_publisher(msg_type, topic, qos), self._lifecycle.add_managed_entity(),
                                  self.get_logger())

    def destroy_node(self):
        """Shuts the node down first when it is not finalized (on_shutdown runs), then destroys it."""
        self._lifecycle.stop_services()
        if self.current_state.label in ("unconfigured", "inactive", "active"):
            self.trigger_shutdown()
        super().destroy_node()


class LifecyclePublisher:
    """Publishes while its node is active; while not, publish() drops the message (returning 0)
    and the first drop after each activation is logged, as rclcpp and rclpy do."""

    def __init__(self, publisher, switch, logger):
        self._publisher = publisher
        self._switch = switch
        self._logger = logger

    @property
    def is_activated(self):
        return self._switch.is_activated

    def on_activate(self):
        """Switches it on by hand (it switches with the node by itself)."""
        self._switch.on_activate()

    def on_deactivate(self):
        self._switch.on_deactivate()

    @property
    def topic_name(self):
        return self._publisher.topic_name

    @property
    def subscription_count(self):
        return self._publisher.subscription_count

    @property
    def msg_type(self):
        return self._publisher.msg_type

    def publish(self, msg):
        """The message's key, or 0 when it was dropped because the publisher is not activated."""
        if not self._switch.is_activated:
            return self._dropped()
        return self._publisher.publish(msg)

    def loan(self):
        """`with pub.loan() as msg:` writes in a slot while activated; while not, msg is a
        zeroed scratch message, dropped at the end of the block."""
        if self._switch.is_activated:
            return self._publisher.loan()
        return _DroppedLoan(self._publisher.msg_type, self._dropped)

    def _dropped(self):
        if self._switch.first_drop():
            self._logger.warning(f"Trying to publish message on the topic '{self.topic_name}', but the publisher "
                                 "is not activated")
        return 0


class _DroppedLoan:
    def __init__(self, msg_type, dropped):
        self._msg = msg_type.zeros()
        self._dropped = dropped

    def __enter__(self):
        return self._msg

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self._dropped()
        return False

    def publish(self):
        return self._dropped()
