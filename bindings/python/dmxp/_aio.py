"""asyncio for subscriptions made without a callback: `msg = await sub.receive()` and
`async for msg in sub:` on the running event loop, no thread of the program's own; and for
service calls: `response = await client.call_async(request)` (dmxp/_futures.py).

A message that is there already is taken at once. Otherwise the subscription's notifier (a
C++ thread asleep in a futex, ready_notifier.hpp) makes a file descriptor readable when data
arrives, and the loop (loop.add_reader) resumes the coroutine, which takes it. Messages are
copies (0-d arrays of the type's DTYPE), valid as long as Python keeps them.
"""

import asyncio

from ._errors import BusyError


async def receive(sub):
    sub._await(True)  # BusyError if another receive() of this subscription waits already
    try:
        msg = sub._take()
        if msg is not None:
            return msg
        loop = asyncio.get_running_loop()
        fd = sub._ready_fd()
        while True:
            woken = loop.create_future()
            loop.add_reader(fd, _wake, woken)
            sub._arm()
            try:
                await woken
            finally:
                loop.remove_reader(fd)
                sub._disarm()  # also when cancelled: the notifier lets go of the consumer
            sub._clear()
            msg = sub._take()
            if msg is not None:
                return msg
    finally:
        sub._await(False)


def _wake(future):
    if not future.done():
        future.set_result(None)


async def await_future(future):
    """The result of a dmxp.Future on the running loop. A call_async future whose node no
    executor has is completed by this loop: it drives the client while calls are in flight."""
    client = future._client
    if client is not None and not future.done() and not client.destroyed and not client._has_executor():
        ClientDriver.ensure(client, asyncio.get_running_loop())
    return await asyncio.wrap_future(future)


class ClientDriver:
    """Reads a client's async responses on an asyncio loop, in place of an executor: the
    client's notifier (ready_notifier.hpp) makes a file descriptor readable when a response
    arrives, and a tick every TICK seconds fails calls past their timeout or whose server
    died (ClientBase::check_events). It stops once no call is in flight, the client is
    destroyed, or an executor takes the node (which then completes the calls). Everything
    runs on the loop's thread; the notifier is disarmed whenever the loop reads the consumer,
    so the two never read it at once."""

    TICK = 0.02  # as the C++ executor's tick for async calls (client_async.cpp)

    @classmethod
    def ensure(cls, client, loop):
        driver = getattr(client, "_driver", None)
        if driver is not None and driver._loop.is_closed():  # its asyncio.run() ended mid-call
            client._disarm()
            driver = client._driver = None
        if driver is not None:
            if driver._loop is not loop:
                raise BusyError(f"client of '{client.service_name}': another event loop is reading its "
                                "responses (await its calls on one loop, or spin its node in an executor)")
            return driver
        driver = cls(client, loop)
        if not driver._stopped:
            client._driver = driver
        return driver

    def __init__(self, client, loop):
        self._client = client
        self._loop = loop
        self._stopped = False
        self._fd = client._ready_fd()
        loop.add_reader(self._fd, self._on_ready)
        self._tick = loop.call_later(self.TICK, self._on_tick)
        self._step(lambda: None)

    def _on_ready(self):
        self._client._clear()
        self._step(self._client._drain)

    def _on_tick(self):
        self._tick = None
        self._step(self._client._check_events)

    def _step(self, work):
        client = self._client
        if client.destroyed or client._has_executor():
            self._stop()
            return
        client._disarm()
        work()  # completes futures: their awaiting coroutines resume on this loop
        if client.destroyed or client.calls_in_flight == 0:
            self._stop()
            return
        client._arm()
        if self._tick is None:
            self._tick = self._loop.call_later(self.TICK, self._on_tick)

    def _stop(self):
        self._stopped = True
        self._loop.remove_reader(self._fd)
        if self._tick is not None:
            self._tick.cancel()
            self._tick = None
        if not self._client.destroyed:
            self._client._disarm()
        if getattr(self._client, "_driver", None) is self:
            self._client._driver = None
