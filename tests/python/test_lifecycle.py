"""Managed Python nodes (dmxp.LifecycleNode): ROS 2's state machine with rclpy's callbacks
and defaults, driven by its own trigger_* calls and, from another process, through its
lifecycle services called with lifecycle_msgs' request and response types; transition
events; lifecycle publishers that publish only while active and say so once."""

import subprocess
import sys
import time

import pytest

import dmxp
from lifecycle_msgs.msg import (ChangeState_Request, ChangeState_Response, GetAvailableTransitions_Request,
                                GetAvailableTransitions_Response, GetState_Request, GetState_Response,
                                TransitionEvent, items, set_text, text)
from std_msgs.msg import Int64

SUCCESS, FAILURE, ERROR = (dmxp.TransitionCallbackReturn.SUCCESS, dmxp.TransitionCallbackReturn.FAILURE,
                           dmxp.TransitionCallbackReturn.ERROR)


def events(node_name):
    """Every transition event the node published, oldest first: "1 configure: unconfigured -> configuring"."""
    out = []
    with dmxp.create_consumer(channel=f"t.{node_name}.transition_event", start="oldest", create=False) as c:
        while (m := c.try_receive()) is not None:
            e = m.view(TransitionEvent)
            out.append(f"{int(e['transition']['id'])} {text(e['transition']['label'])}: "
                       f"{text(e['start_state']['label'])} -> {text(e['goal_state']['label'])}")
            c.release()
    return out


class Recorder(dmxp.LifecycleNode):
    """Records each callback with the state it started from, and returns what `returns` says."""

    def __init__(self, name, returns=None, **kwargs):
        super().__init__(name, arguments=[], **kwargs)
        self.ran = []
        self.returns = returns or {}

    def _answer(self, name, state):
        self.ran.append(f"{name} {state.label}")
        r = self.returns.get(name, SUCCESS)
        if isinstance(r, Exception):
            raise r
        return r

    def on_configure(self, state):
        return self._answer("on_configure", state)

    def on_cleanup(self, state):
        return self._answer("on_cleanup", state)

    def on_activate(self, state):
        return self._answer("on_activate", state)

    def on_deactivate(self, state):
        return self._answer("on_deactivate", state)

    def on_shutdown(self, state):
        return self._answer("on_shutdown", state)

    def on_error(self, state):
        return self._answer("on_error", state)


def test_transitions_callbacks_and_events(domain):
    node = Recorder("py_cycle")
    assert node.current_state == dmxp.LifecycleState(1, "unconfigured")
    assert [(t.transition_id, t.label, t.goal.label) for t in node.available_transitions] == [
        (1, "configure", "configuring"), (5, "shutdown", "shuttingdown")]
    assert node.trigger_configure() == SUCCESS
    assert node.trigger_transition(3) == SUCCESS  # activate, by lifecycle_msgs' id
    assert node.current_state.label == "active"
    assert node.trigger_deactivate() == SUCCESS
    assert node.trigger_cleanup() == SUCCESS
    assert node.trigger_shutdown() == SUCCESS  # from unconfigured: transition 5
    assert node.current_state == dmxp.LifecycleState(4, "finalized")
    assert node.available_transitions == []
    assert node.ran == ["on_configure unconfigured", "on_activate inactive", "on_deactivate active",
                        "on_cleanup inactive", "on_shutdown unconfigured"]
    assert events("py_cycle") == [
        "1 configure: unconfigured -> configuring", "10 transition_success: configuring -> inactive",
        "3 activate: inactive -> activating", "30 transition_success: activating -> active",
        "4 deactivate: active -> deactivating", "40 transition_success: deactivating -> inactive",
        "2 cleanup: inactive -> cleaningup", "20 transition_success: cleaningup -> unconfigured",
        "5 shutdown: unconfigured -> shuttingdown", "50 transition_success: shuttingdown -> finalized"]
    assert [s.label for s in node.available_states] == [
        "unknown", "unconfigured", "inactive", "active", "finalized", "configuring", "cleaningup", "shuttingdown",
        "activating", "deactivating", "errorprocessing"]
    assert len(node.transition_graph) == 25
    with pytest.raises(dmxp.InvalidArgumentError) as refused:
        node.trigger_configure()
    assert str(refused.value) == "no transition 'configure' leaves state 'finalized' of node '/py_cycle' (available: none)"
    node.destroy_node()


@pytest.mark.parametrize("returns, answer, final, tail", [
    ({"on_configure": FAILURE}, FAILURE, "unconfigured",
     ["11 transition_failure: configuring -> unconfigured"]),
    # rclpy's on_error succeeds by default: an error goes back to unconfigured.
    ({"on_configure": ERROR}, ERROR, "unconfigured",
     ["12 transition_error: configuring -> errorprocessing", "60 transition_success: errorprocessing -> unconfigured"]),
    ({"on_configure": RuntimeError("no camera")}, ERROR, "unconfigured",
     ["12 transition_error: configuring -> errorprocessing", "60 transition_success: errorprocessing -> unconfigured"]),
    ({"on_configure": None}, ERROR, "unconfigured",  # not a TransitionCallbackReturn
     ["12 transition_error: configuring -> errorprocessing", "60 transition_success: errorprocessing -> unconfigured"]),
    ({"on_configure": ERROR, "on_error": FAILURE}, ERROR, "finalized",
     ["12 transition_error: configuring -> errorprocessing", "61 transition_failure: errorprocessing -> finalized"]),
    ({"on_configure": ERROR, "on_error": ValueError("worse")}, ERROR, "finalized",
     ["12 transition_error: configuring -> errorprocessing", "62 transition_error: errorprocessing -> finalized"]),
])
def test_callback_outcomes(domain, capfd, returns, answer, final, tail):
    node = Recorder("py_outcome", returns)
    assert node.trigger_configure() == answer
    assert node.current_state.label == final
    assert events("py_outcome") == ["1 configure: unconfigured -> configuring", *tail]
    assert node.ran == ["on_configure unconfigured"] + (["on_error unconfigured"] if answer == ERROR else [])
    log = capfd.readouterr().err
    if isinstance(returns["on_configure"], Exception):
        assert "on_configure threw: RuntimeError: no camera" in log
    if returns["on_configure"] is None:
        assert "on_configure() returned None, expected a dmxp.TransitionCallbackReturn" in log
    node.destroy_node()


def test_a_callback_cannot_start_a_transition(domain):
    node = Recorder("py_nested")
    inner = []

    def configure(state):
        with pytest.raises(dmxp.BusyError) as busy:
            node.trigger_activate()
        inner.append(str(busy.value))
        return SUCCESS

    node.on_configure = configure
    assert node.trigger_configure() == SUCCESS
    assert inner == ["node '/py_nested' is in transition state 'configuring': a transition callback cannot "
                     "start another transition"]
    assert node.current_state.label == "inactive"
    node.destroy_node()


def test_lifecycle_publisher_publishes_only_while_active(domain, capfd):
    node = Recorder("py_pub")
    pub = node.create_lifecycle_publisher(Int64, "numbers", qos=16)
    reader = dmxp.create_consumer(channel="t.numbers", start="oldest", create=False)

    def published():
        out = []
        while (m := reader.try_receive()) is not None:
            out.append(int(m.view(Int64)["data"]))
            reader.release()
        return out

    def send(value):
        m = Int64.zeros()
        m["data"] = value
        return pub.publish(m)

    assert not pub.is_activated and send(1) == 0
    with pub.loan() as m:  # a scratch message, dropped
        m["data"] = 2
    node.trigger_configure()
    assert send(3) == 0
    node.trigger_activate()
    assert pub.is_activated and send(4) > 0
    with pub.loan() as m:
        m["data"] = 5
    node.trigger_deactivate()
    assert send(6) == 0
    assert published() == [4, 5]
    warning = "Trying to publish message on the topic '/numbers', but the publisher is not activated"
    assert capfd.readouterr().err.count(warning) == 2  # once before the activation, once after it
    reader.close()
    node.destroy_node()


MANAGED = r"""
import dmxp
from std_msgs.msg import Int64

class Managed(dmxp.LifecycleNode):
    def __init__(self):
        super().__init__("py_managed", arguments=[])
        self.pub, self.count = None, 0
        self.timer = self.create_timer(0.01, self.tick)

    def tick(self):
        if self.pub:
            self.count += 1
            m = Int64.zeros()
            m["data"] = self.count
            self.pub.publish(m)

    def on_configure(self, state):
        print("on_configure", state.label, flush=True)
        self.pub = self.create_lifecycle_publisher(Int64, "~/chatter", qos=256)
        return dmxp.TransitionCallbackReturn.SUCCESS

    def on_activate(self, state):
        print("on_activate", state.label, flush=True)
        return dmxp.TransitionCallbackReturn.SUCCESS

    def on_shutdown(self, state):
        print("on_shutdown", state.label, flush=True)
        return dmxp.TransitionCallbackReturn.SUCCESS

node = Managed()
print("ready", flush=True)
dmxp.spin(node)
node.destroy_node()
"""


def test_another_process_drives_a_python_managed_node_through_its_services(domain):
    managed = subprocess.Popen([sys.executable, "-c", MANAGED], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        assert managed.stdout.readline().strip() == "ready"
        manager = dmxp.Node("manager", arguments=[])
        get_state = manager.create_client(GetState_Request, GetState_Response, "/py_managed/get_state")
        change = manager.create_client(ChangeState_Request, ChangeState_Response, "/py_managed/change_state")
        available = manager.create_client(GetAvailableTransitions_Request, GetAvailableTransitions_Response,
                                          "/py_managed/get_available_transitions")
        assert get_state.wait_for_service(10)

        def state():
            s = get_state.call(GetState_Request.zeros(), timeout=5)["current_state"]
            return int(s["id"]), text(s["label"])

        def request(label=None, transition_id=0):
            rq = ChangeState_Request.zeros()
            rq["transition"]["id"] = transition_id
            if label:
                set_text(rq["transition"]["label"], label)
            return bool(change.call(rq, timeout=10)["success"])

        assert state() == (1, "unconfigured")
        assert request("configure")
        assert [(int(t["transition"]["id"]), text(t["transition"]["label"]))
                for t in items(available.call(GetAvailableTransitions_Request.zeros(), timeout=5)
                               ["available_transitions"])] == [(2, "cleanup"), (3, "activate"), (6, "shutdown")]
        assert not request("deactivate")  # not from inactive
        chatter = dmxp.create_consumer(channel="t.py_managed.chatter", start="oldest", create=False)
        time.sleep(0.1)
        assert chatter.try_receive() is None  # inactive: the timer's messages are dropped
        assert request(transition_id=3)
        assert state() == (3, "active")
        message = chatter.receive(timeout=10)
        assert message is not None and int(message.view(Int64)["data"]) > 0
        message = None
        chatter.close()
        assert request("shutdown")
        assert state() == (4, "finalized")
        managed.send_signal(2)
        out, err = managed.communicate(timeout=20)
        assert managed.returncode == 0, err
        assert out.split("\n") == ["on_configure unconfigured", "on_activate inactive", "on_shutdown active", ""]
        assert events("py_managed") == [
            "1 configure: unconfigured -> configuring", "10 transition_success: configuring -> inactive",
            "3 activate: inactive -> activating", "30 transition_success: activating -> active",
            "7 shutdown: active -> shuttingdown", "50 transition_success: shuttingdown -> finalized"]
    finally:
        if managed.poll() is None:
            managed.kill()
            managed.wait()
