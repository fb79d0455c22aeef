#!/usr/bin/env python3
"""The service server of test_service_async.py, in a process of its own:

    doubler_server.py [service name]

Serves std_msgs/Int64 -> Int64 "double" (response = 2 * request) with request and response
rings of 128 (room for 100 calls in flight). A request of -1 is never answered: the server
prints "stuck" and sleeps in its handler (the test kills it, or the caller times out).
Prints "ready" once it serves; on SIGINT/SIGTERM prints "handled <n>" and exits 0."""

import sys
import time

import dmxp
from std_msgs.msg import Int64


def main():
    node = dmxp.Node("doubler", arguments=[])

    def double(request, response):
        if int(request["data"]) == -1:
            print("stuck", flush=True)
            time.sleep(60)
        response["data"] = 2 * int(request["data"])

    service = node.create_service(Int64, Int64, sys.argv[1] if len(sys.argv) > 1 else "double", double,
                                  queue_depth=128, response_depth=128)
    print("ready", flush=True)
    dmxp.spin(node)
    print(f"handled {service.handled}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
