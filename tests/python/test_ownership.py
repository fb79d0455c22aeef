"""The node owns what it creates (as in rclpy): entities whose handles the program dropped keep
working; node.destroy_*() and handle.destroy() end one, after which nothing of it runs; the
busy-poll executor delivers every message exactly once and runs timers too."""

import gc
import threading
import time

import pytest

import dmxp
from conftest import start_peer
from std_msgs.msg import Int64


def spin_until(executor, done, timeout=10):
    until = time.monotonic() + timeout
    while not done() and time.monotonic() < until:
        executor.spin(0.02)
    return done()


def test_handleless_entities_keep_working(domain):
    node = dmxp.Node("rclpy_style", arguments=[])
    got, ticks, served = [], [], []
    node.create_subscription(Int64, "numbers", lambda msg: got.append(int(msg["data"])), qos=64)
    node.create_timer(0.01, lambda: ticks.append(1))

    def double(request, response):
        served.append(int(request["data"]))
        response["data"] = 2 * int(request["data"])

    node.create_service(Int64, Int64, "double", double)
    gc.collect()  # nothing of the above is referenced by the program any more
    executor = dmxp.Executor()
    executor.add_node(node)
    peer = start_peer("rt-talker", "numbers", 300)
    assert spin_until(executor, lambda: len(got) == 300 and len(ticks) >= 3)
    assert peer.wait(timeout=10) == 0
    assert got == list(range(300))
    client_node = dmxp.Node("caller", arguments=[])
    client_node.create_client(Int64, Int64, "double")
    gc.collect()
    (client,) = client_node.clients
    executor.spin(0.01)
    request = Int64.zeros()
    request["data"] = 21
    result = {}
    caller = threading.Thread(target=lambda: result.update(r=client.call(request, timeout=5.0)))
    caller.start()
    assert spin_until(executor, lambda: "r" in result)
    caller.join()
    assert int(result["r"]["data"]) == 42 and served == [21]
    assert [type(e).__name__ for e in node.subscriptions + node.timers + node.services] == [
        "Subscription", "Timer", "Service"]


def test_destroy_subscription_stops_delivery(domain):
    node = dmxp.Node("listener", arguments=[])
    got = []
    sub = node.create_subscription(Int64, "numbers", lambda msg: got.append(int(msg["data"])), qos=64)
    pub = node.create_publisher(Int64, "numbers", qos=64)
    executor = dmxp.Executor()
    executor.add_node(node)
    pub.publish(data=1)
    assert spin_until(executor, lambda: got == [1])
    assert sub.publisher_count == 1
    assert node.destroy_subscription(sub) is True
    assert sub.destroyed and node.subscriptions == []
    pub.publish(data=2)
    executor.spin(0.2)
    assert got == [1]
    assert pub.subscription_count == 0  # its consumer left the channel
    assert node.destroy_subscription(sub) is False  # once only
    with pytest.raises(dmxp.InvalidArgumentError) as e:
        sub.received
    assert str(e.value) == "the subscription was destroyed"


def test_destroy_timer_service_client_publisher(domain):
    node = dmxp.Node("many", arguments=[])
    ticks = []
    timer = node.create_timer(0.005, lambda: ticks.append(1))
    srv = node.create_service(Int64, Int64, "svc", lambda rq, rs: None)
    client = node.create_client(Int64, Int64, "svc")
    pub = node.create_publisher(Int64, "out")
    executor = dmxp.Executor()
    executor.add_node(node)
    assert spin_until(executor, lambda: len(ticks) >= 2)
    assert client.service_is_ready()
    for destroy, entity in ((node.destroy_timer, timer), (node.destroy_service, srv),
                            (node.destroy_client, client), (node.destroy_publisher, pub)):
        assert destroy(entity) is True and entity.destroyed
    seen = len(ticks)
    executor.spin(0.1)
    assert len(ticks) == seen
    other = dmxp.Node("other", arguments=[])
    probe = other.create_client(Int64, Int64, "svc")
    assert not probe.service_is_ready()  # the service left the graph
    with pytest.raises(dmxp.InvalidArgumentError) as e:
        pub.publish(data=1)
    assert str(e.value) == "the publisher was destroyed"
    assert node.publishers == node.timers == node.services == node.clients == []


def test_handle_destroy_and_destroy_node(domain):
    node = dmxp.Node("ender", arguments=[])
    got = []
    sub = node.create_subscription(Int64, "t", lambda msg: got.append(1))
    sub.destroy()
    assert sub.destroyed
    node.create_subscription(Int64, "t", lambda msg: got.append(2))
    pub = node.create_publisher(Int64, "t")
    node.destroy_node()
    assert pub.destroyed and node.subscriptions == []


def test_busy_poll_executor_delivers_each_message_once(domain):
    node = dmxp.Node("busy", arguments=[])
    got, ticks = [], []
    node.create_subscription(Int64, "numbers", lambda msg: got.append(int(msg["data"])), qos=64)
    node.create_timer(0.01, lambda: ticks.append(1))
    executor = dmxp.SingleThreadedExecutor(busy_poll=True)
    executor.add_node(node)
    peer = start_peer("rt-talker", "numbers", 500)
    assert spin_until(executor, lambda: len(got) == 500 and len(ticks) >= 3)
    assert peer.wait(timeout=10) == 0
    assert got == list(range(500))
