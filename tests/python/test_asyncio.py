"""asyncio: subscriptions without a callback are consumed with `await sub.receive()` and
`async for` on the event loop (no thread of the test's own), from a C++ node in another
process and from Python; a cancelled receive lets go cleanly; take() never waits."""

import asyncio

import pytest

import dmxp
from conftest import start_peer
from std_msgs.msg import Int64


def test_await_receive_gets_every_message_of_a_cpp_node_in_order(domain):
    node = dmxp.Node("aio_listener", arguments=[])
    sub = node.create_subscription(Int64, "numbers", qos=64)
    peer = start_peer("rt-talker", "numbers", 400)

    async def consume():
        got = []
        async for msg in sub:
            got.append(int(msg["data"]))
            if len(got) == 400:
                return got

    got = asyncio.run(asyncio.wait_for(consume(), timeout=20))
    assert peer.wait(timeout=10) == 0
    assert got == list(range(400))
    assert sub.received == 400 and sub.take() is None


def test_await_receive_wakes_when_a_message_arrives_later(domain):
    node = dmxp.Node("aio", arguments=[])
    sub = node.create_subscription(Int64, "later")
    pub = node.create_publisher(Int64, "later")

    async def main():
        loop = asyncio.get_running_loop()
        loop.call_later(0.05, lambda: pub.publish(data=7))
        started = loop.time()
        msg = await sub.receive()
        return int(msg["data"]), loop.time() - started

    value, waited = asyncio.run(asyncio.wait_for(main(), timeout=10))
    assert value == 7 and waited >= 0.04
    assert msg_is_copy(sub, pub)


def msg_is_copy(sub, pub):
    pub.publish(data=1)
    first = sub.take()
    pub.publish(data=2)
    second = sub.take()
    return int(first["data"]) == 1 and int(second["data"]) == 2 and first.flags.owndata


def test_cancelled_receive_then_receive_again(domain):
    node = dmxp.Node("aio", arguments=[])
    sub = node.create_subscription(Int64, "t")
    pub = node.create_publisher(Int64, "t")

    async def main():
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(sub.receive(), timeout=0.05)
        pub.publish(data=3)
        return int((await asyncio.wait_for(sub.receive(), timeout=5))["data"])

    assert asyncio.run(main()) == 3


def test_one_receive_at_a_time_and_callback_subscriptions_refuse(domain):
    node = dmxp.Node("aio", arguments=[])
    sub = node.create_subscription(Int64, "t")
    pub = node.create_publisher(Int64, "t")

    async def main():
        first = asyncio.ensure_future(sub.receive())
        await asyncio.sleep(0.01)
        with pytest.raises(dmxp.BusyError) as e:
            await sub.receive()
        assert str(e.value) == "subscription on '/t': another receive() is waiting on it (one at a time)"
        pub.publish(data=9)
        return int((await asyncio.wait_for(first, timeout=5))["data"])

    assert asyncio.run(main()) == 9
    pushed = node.create_subscription(Int64, "t", lambda msg: None)
    with pytest.raises(dmxp.InvalidArgumentError) as e:
        pushed.take()
    assert str(e.value) == ("subscription on '/t': take() is for subscriptions made without a callback "
                            "(this one delivers to its callback)")
