"""Python nodes on the C++ node runtime: topics, type checks, parameters and remaps from
--ros-args, services, timers, and a Python node script run as an executable."""

import os
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import dmxp
from conftest import run_peer, start_peer
from std_msgs.msg import Float64, Int64

HERE = os.path.dirname(os.path.abspath(__file__))


def spin_until(node, done, timeout=10):
    executor = dmxp.Executor()
    executor.add_node(node)
    until = time.monotonic() + timeout
    while not done() and time.monotonic() < until:
        executor.spin(0.02)


def test_python_subscription_gets_cpp_publisher_messages(domain):
    node = dmxp.Node("py_listener", arguments=[])
    got, infos = [], []

    def on_msg(msg, info):
        got.append(int(msg["data"]))
        infos.append(info)
        assert not msg.flags.writeable

    sub = node.create_subscription(Int64, "numbers", on_msg, qos=64)
    peer = start_peer("rt-talker", "numbers", 500)
    spin_until(node, lambda: len(got) == 500)
    assert peer.wait(timeout=10) == 0
    assert got == list(range(500))
    assert all(i.publisher_pid == peer.pid for i in infos)
    assert all(a.key < b.key for a, b in zip(infos, infos[1:]))
    assert sub.received == 500 and sub.topic_name == "/numbers"


def test_python_publisher_reaches_cpp_subscription(domain):
    node = dmxp.Node("py_talker", arguments=[])
    pub = node.create_publisher(Int64, "numbers", qos=64)
    peer = start_peer("rt-listener", "numbers", 300)
    assert peer.stdout.readline().strip() == "ready"
    until = time.monotonic() + 10
    while pub.subscription_count == 0:
        assert time.monotonic() < until
        time.sleep(0.01)
    value = Int64.zeros()
    for i in range(300):
        if i % 2:
            value["data"] = i
            pub.publish(value)
        else:
            with pub.loan() as msg:
                msg["data"] = i
    out, err = peer.communicate(timeout=15)
    assert peer.returncode == 0, err
    assert out.split() == ["ok", "300", str(sum(range(300)))]


def test_type_checks_between_python_and_cpp(domain):
    node = dmxp.Node("typed", arguments=[])
    pub = node.create_publisher(Int64, "value")  # noqa: F841 - keeps the topic's type
    out = run_peer("rt-wrong-type", "value", check=False)
    assert "'/value'" in out and "std_msgs/Int64" in out and "std_msgs/Float64" in out
    with pytest.raises(dmxp.TypeMismatchError) as e:
        node.create_subscription(Float64, "value", lambda m: None)
    assert "std_msgs/Int64" in str(e.value) and "std_msgs/Float64" in str(e.value)
    with pytest.raises(dmxp.InvalidArgumentError) as e:
        node.create_publisher(Int64, "value").publish(np.zeros(3, np.float32))
    assert str(e.value) == ("publish on '/value': the message has 12 bytes, its type std_msgs/Int64 has 8 "
                            "(use Int64.zeros())")


def test_ros_args_remap_rename_and_parameters(domain):
    node = dmxp.Node("talker", arguments=["prog", "--ros-args", "-r", "chatter:=news", "-r", "__node:=renamed",
                                          "-p", "rate:=20", "-p", "names:=[a, b]"])
    assert node.name == "renamed" and node.fully_qualified_name == "/renamed"
    assert node.resolve_topic_name("chatter") == "/news"
    assert node.declare_parameter("rate", 10) == 20
    assert node.declare_parameter("names", ["x"]) == ["a", "b"]
    assert node.declare_parameter("gain", 0.5, description="P gain") == 0.5
    assert node.list_parameters() == {"gain": 0.5, "names": ["a", "b"], "rate": 20}
    node.add_on_set_parameters_callback(lambda ps: (ps.get("gain", 0) >= 0, "gain must be >= 0"))
    r = node.set_parameter("gain", -1.0)
    assert not r and r.reason == "gain must be >= 0" and node.get_parameter("gain") == 0.5
    assert node.set_parameters({"gain": 2.0, "rate": 30})
    assert node.get_parameter("rate") == 30
    assert not node.set_parameter("rate", "fast")  # another type
    with pytest.raises(dmxp.NotFoundError):
        node.get_parameter("nope")
    with pytest.raises(dmxp.Error):
        node.declare_parameter("rate", 1)  # declared twice


def test_bad_ros_args_are_errors(domain):
    with pytest.raises(dmxp.InvalidArgumentError, match="-p"):
        dmxp.Node("n", arguments=["prog", "--ros-args", "-p"])
    with pytest.raises(dmxp.InvalidArgumentError):
        dmxp.Node("bad name!", arguments=[])


def test_service_called_from_cpp_and_python(domain):
    node = dmxp.Node("doubler", arguments=[])

    def double(request, response):
        if int(request["data"]) < 0:
            raise ValueError("negative input")
        response["data"] = 2 * int(request["data"])

    srv = node.create_service(Int64, Int64, "double", double)
    executor = dmxp.Executor()
    executor.add_node(node)
    thread = threading.Thread(target=executor.spin)
    thread.start()
    try:
        assert run_peer("rt-client", "/double", 21).strip() == "42"
        client_node = dmxp.Node("py_client", arguments=[])
        client = client_node.create_client(Int64, Int64, "double")
        assert client.wait_for_service(5.0)
        request = Int64.zeros()
        request["data"] = 5
        assert int(client.call(request, timeout=5)["data"]) == 10
        request["data"] = -1
        with pytest.raises(dmxp.UnsupportedError, match="negative input"):
            client.call(request, timeout=5)
        assert srv.handled == 3
    finally:
        executor.cancel()
        thread.join(timeout=10)
    lonely = dmxp.Node("lonely", arguments=[]).create_client(Int64, Int64, "nobody")
    with pytest.raises(dmxp.NotFoundError, match="has no server"):
        lonely.call(Int64.zeros(), timeout=0.2)


def test_timers_and_callback_exceptions(domain):
    node = dmxp.Node("timed", arguments=[])
    ticks = []
    timer = node.create_timer(0.01, lambda: ticks.append(time.monotonic()))
    dmxp.spin(node, duration=0.2)
    assert 5 <= len(ticks) <= 25 and timer.fired == len(ticks)

    def boom():
        raise RuntimeError("from a timer")

    bad = node.create_timer(0.01, boom)  # noqa: F841
    with pytest.raises(RuntimeError, match="from a timer"):
        dmxp.spin(node, duration=5)


def test_python_node_script_runs_as_an_executable(domain):
    script = os.path.join(HERE, "nodes", "int_talker.py")
    listener = start_peer("rt-listener", "news", 4)
    assert listener.stdout.readline().strip() == "ready"
    talker = subprocess.Popen([sys.executable, script, "--ros-args", "-r", "chatter:=news", "-p", "count:=4",
                               "-r", "__node:=py_news"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = listener.communicate(timeout=20)
    assert listener.returncode == 0, err
    assert out.split() == ["ok", "4", "6"]
    assert talker.stdout.readline().strip() == "published 4 on /news as /py_news"
    talker.send_signal(signal.SIGTERM)  # as dmxp-launch stops nodes
    _, err = talker.communicate(timeout=10)
    assert talker.returncode == 0, err


def test_python_and_cpp_nodes_share_the_graph_registry(domain):
    node = dmxp.Node("py_graph", namespace="/robot", arguments=[])
    pub = node.create_publisher(Int64, "numbers", qos=64)  # noqa: F841
    srv = node.create_service(Int64, Int64, "echo", lambda rq, rs: None)  # noqa: F841
    listener = start_peer("rt-listener", "/robot/numbers", 1)
    assert listener.stdout.readline().strip() == "ready"
    g = dmxp.graph()
    nodes = {n["full_name"]: n["pid"] for n in g["nodes"]}
    assert nodes["/robot/py_graph"] == os.getpid() and nodes["/cpp_listener"] == listener.pid
    ours = {(e["kind"], e["name"], e["type_name"]) for e in g["endpoints"] if e["node"] == "/robot/py_graph"}
    assert ("publisher", "/robot/numbers", "std_msgs/Int64") in ours
    assert any(kind.startswith("service") and name == "/robot/echo" for kind, name, _ in ours), ours
    theirs = [e for e in g["endpoints"] if e["node"] == "/cpp_listener" and e["name"] == "/robot/numbers"]
    assert [e["kind"] for e in theirs] == ["subscription"]
    listener.kill()
    listener.wait()
