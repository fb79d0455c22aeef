"""The Python analyser of the microservices example: watches the engine's results on
`ms.results` (wire format: ../wire.md) and reports, every second and when stopped, how many
results went by and their running mean."""

import signal
import struct
import sys
import time

stop = False


def on_signal(signum, frame):
    global stop
    stop = True


# Before the imports below (numpy takes a while): a stop during them is a clean stop too.
signal.signal(signal.SIGINT, on_signal)
signal.signal(signal.SIGTERM, on_signal)

import dmxp  # noqa: E402


def main():
    results = dmxp.create_consumer(channel="ms.results", start="newest")
    count, total, last_report = 0, 0.0, time.monotonic()
    try:
        count, total = watch(results, count, total, last_report)
    except KeyboardInterrupt:  # SIGINT before our handler was in place, or replaced
        pass
    print("analyser: stopped", flush=True)
    return 0


def watch(results, count, total, last_report):
    """Counts results until stopped; returns (count, total)."""
    while not stop:
        msg = results.receive(timeout=0.2)
        if msg is not None and len(msg) == 16:
            request_id, value = struct.unpack("<Qd", bytes(msg))
            if request_id:  # 0 is the front end's ping
                count += 1
                total += value
        if time.monotonic() - last_report >= 1.0:
            last_report = time.monotonic()
            print(f"analyser: {count} results, mean value {total / max(count, 1):.3f}", flush=True)
    return count, total


if __name__ == "__main__":
    sys.exit(main())
