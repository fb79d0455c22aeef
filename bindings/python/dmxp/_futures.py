"""dmxp.Future and Client.call_async: a service call that does not wait.

    future = client.call_async(request, timeout=5.0)
    response = dmxp.spin_until_future_complete(node, future)   # rclpy's way, or
    response = await client.call_async(request)                # in asyncio code

A dmxp.Future is a concurrent.futures.Future (done(), result(), exception(),
add_done_callback(), thread-safe) that can also be awaited on an asyncio loop. The C++
client (framework/rt, service.hpp) completes it exactly once: with the response (a copy), or
with the error as a dmxp exception. Who reads the response:
  - the executor that has the client's node (spin_until_future_complete, dmxp.spin, an
    Executor spinning on any thread), or
  - when no executor has the node, the asyncio loop that awaits the future: it waits on a file
    descriptor for the response (as `await sub.receive()` does) and checks timeouts and the
    server's life every 20 ms while calls are in flight (_aio.ClientDriver).
"""

import concurrent.futures

from ._errors import error_class


class Future(concurrent.futures.Future):
    """A concurrent.futures.Future that `await` accepts in asyncio code (see the module)."""

    _client = None  # set for a call_async future: the client an awaiting loop may drive

    def __await__(self):
        from . import _aio  # asyncio is imported only by programs that await

        return _aio.await_future(self).__await__()


def call_async(client, request, timeout):
    future = Future()
    future.set_running_or_notify_cancel()  # a sent request cannot be taken back
    future._client = client

    def done(response, status, text):
        if status:
            future.set_exception(error_class(status)(text, status))
        else:
            future.set_result(response)

    client._call_async(request, None if timeout is None else float(timeout), done)
    return future
