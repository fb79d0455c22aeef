"""Asynchronous service calls from Python (Client.call_async, dmxp.Future, docs/python.md
"Asynchronous service calls") against a Python server in another process
(nodes/doubler_server.py): 100 concurrent calls gathered in asyncio, each answered exactly
once and served exactly once; spin_until_future_complete; an await while an executor spins
the node on another thread; timeouts; no server; the server SIGKILLed mid-call; the client
destroyed mid-call."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

import dmxp
from conftest import expect_line, read_line
from std_msgs.msg import Int64

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nodes", "doubler_server.py")


@pytest.fixture
def server(domain):
    proc = subprocess.Popen([sys.executable, SERVER], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        expect_line(proc, "ready")
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def stop(proc):
    """SIGTERM, and the server's 'handled <n>'."""
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    return int(out.split()[-1])


def request(value):
    r = Int64.zeros()
    r["data"] = value
    return r


def client_of(name="caller"):
    node = dmxp.Node(name, arguments=[])
    client = node.create_client(Int64, Int64, "double", response_depth=128)
    assert client.wait_for_service(10.0)
    return node, client


def test_asyncio_gather_of_100_calls_answers_each_exactly_once(server):
    answered = [0] * 100

    async def main():
        node, client = client_of()
        futures = [client.call_async(request(i), timeout=10.0) for i in range(100)]
        for i, f in enumerate(futures):
            f.add_done_callback(lambda _, i=i: answered.__setitem__(i, answered[i] + 1))
        responses = await asyncio.gather(*futures)  # no executor: the loop reads the responses
        assert client.calls_in_flight == 0
        node.destroy_node()
        return [int(r["data"]) for r in responses]

    assert asyncio.run(main()) == [2 * i for i in range(100)]
    assert answered == [1] * 100
    assert stop(server) == 100


def test_spin_until_future_complete_and_await_beside_a_spinning_executor(server):
    node, client = client_of()
    future = client.call_async(request(21))
    assert isinstance(future, dmxp.Future)
    assert int(dmxp.spin_until_future_complete(node, future, timeout=10.0)["data"]) == 42
    assert future.done() and client.calls_in_flight == 0

    executor = dmxp.Executor()  # the executor completes the futures; the loop only waits
    executor.add_node(node)
    spinner = threading.Thread(target=executor.spin)
    spinner.start()
    try:
        async def ten():
            return await asyncio.gather(*(client.call_async(request(i)) for i in range(10)))

        assert [int(r["data"]) for r in asyncio.run(ten())] == [2 * i for i in range(10)]
    finally:
        executor.cancel()
        spinner.join(timeout=10)
    node.destroy_node()
    assert stop(server) == 11


def test_timeouts_and_no_server(server):
    node, client = client_of()
    started = time.monotonic()
    with pytest.raises(dmxp.TimeoutError, match="^service '/double': no response within 300 ms$"):
        dmxp.spin_until_future_complete(node, client.call_async(request(-1), timeout=0.3), timeout=10.0)
    assert 0.3 <= time.monotonic() - started < 2.0
    lonely = node.create_client(Int64, Int64, "nobody")

    async def call_nobody():
        return await lonely.call_async(request(1))

    with pytest.raises(dmxp.NotFoundError, match="^service '/nobody' has no server"):
        asyncio.run(call_nobody())
    node.destroy_node()


def test_server_sigkilled_mid_call_fails_the_future(server):
    async def main():
        node, client = client_of()
        future = client.call_async(request(-1), timeout=None)  # no time limit: only the death ends it
        loop = asyncio.get_running_loop()
        assert (await loop.run_in_executor(None, server.stdout.readline)).strip() == "stuck"
        server.kill()  # SIGKILL: no goodbye
        started = time.monotonic()
        with pytest.raises(dmxp.NotFoundError) as raised:
            await future
        elapsed = time.monotonic() - started
        node.destroy_node()
        return str(raised.value), elapsed

    text, elapsed = asyncio.run(main())
    assert text == "service '/double': the server went away before it answered"
    assert elapsed < 2.0, elapsed


def test_client_destroyed_mid_call(server):
    node, client = client_of()
    future = client.call_async(request(-1), timeout=None)
    assert read_line(server).strip() == "stuck"
    node.destroy_client(client)
    with pytest.raises(dmxp.InterruptedError,
                       match="^service '/double': the client was destroyed before the call was answered$"):
        future.result(timeout=5)

    async def awaited_while_destroyed():  # the loop reads the client's responses meanwhile
        other = node.create_client(Int64, Int64, "double")
        waiting = asyncio.ensure_future(other.call_async(request(-1), timeout=None))
        await asyncio.sleep(0.1)
        assert not waiting.done() and other._driver is not None
        node.destroy_client(other)
        with pytest.raises(dmxp.InterruptedError, match="the client was destroyed before the call was answered"):
            await waiting
        assert other._driver is None

    asyncio.run(awaited_while_destroyed())
    node.destroy_node()
