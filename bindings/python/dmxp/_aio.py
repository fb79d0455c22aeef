"""asyncio for subscriptions made without a callback: `msg = await sub.receive()` and
`async for msg in sub:` on the running event loop, no thread of the program's own.

A message that is there already is taken at once. Otherwise the subscription's notifier (a
C++ thread asleep in a futex, ready_notifier.hpp) makes a file descriptor readable when data
arrives, and the loop (loop.add_reader) resumes the coroutine, which takes it. Messages are
copies (0-d arrays of the type's DTYPE), valid as long as Python keeps them.
"""

import asyncio


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
