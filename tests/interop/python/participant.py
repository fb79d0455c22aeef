"""The Python participant of the interop matrix (tests/interop/matrix.py has the contract):
the dmxp Python binding, JointState through the numpy dtype dmxp-msgc generates, raw bytes on
a numeric channel."""

import argparse
import sys

import numpy as np

import dmxp
from sensor_msgs.msg import JointState, items, set_items, set_text, text

FNV_START = 14695981039346656037
MASK = (1 << 64) - 1
WAIT = 10.0


def fnv(h, data):
    for b in bytes(data):
        h = ((h ^ b) * 1099511628211) & MASK
    return h


def die(what):
    sys.stderr.write(f"python participant: {what}\n")
    sys.exit(1)


def fill(v, i, s):
    k = (i + s) % 4 + 1
    v["header"]["stamp"]["sec"] = i
    v["header"]["stamp"]["nanosec"] = s
    set_text(v["header"]["frame_id"], f"frame-{i}")
    v["name"]["size"] = k
    for j in range(k):
        set_text(v["name"]["data"][j], f"joint-{j}-{i}")
    set_items(v["position"], [i + j * 0.25 for j in range(k)])
    set_items(v["velocity"], [-(i + j * 0.5) for j in range(k)])
    set_items(v["effort"], [j * 1.5 for j in range(k)] if i % 2 == 0 else [])


def raw(i, s):
    n = (i * 13 + s) % 120 + 1
    p = bytes((i * 31 + j * 7 + s) & 0xFF for j in range(n))
    return fnv(FNV_START, p).to_bytes(8, "little") + p


def fields(v):
    return {
        "header.stamp": (int(v["header"]["stamp"]["sec"]), int(v["header"]["stamp"]["nanosec"])),
        "header.frame_id": text(v["header"]["frame_id"]),
        "name": [text(n) for n in items(v["name"])],
        "position": list(items(v["position"])),
        "velocity": list(items(v["velocity"])),
        "effort": list(items(v["effort"])),
    }


def typed_options(a):
    return dict(channel=a.channel, domain=a.domain, msg_type=JointState, slot_size=8192, capacity=16)


def queue_options(a):
    return dict(channel=a.channel, domain=a.domain, mode="queue", capacity=256)


def produce(a):
    typed = dmxp.create_producer(**typed_options(a))
    rawp = dmxp.create_producer(a.raw_id, domain=a.domain)
    total = FNV_START
    for i in range(a.count):
        m = JointState.zeros()
        fill(m, i, a.seed)
        data = m.tobytes()
        total = fnv(total, data)
        typed.send(data)
    for i in range(a.count):
        data = raw(i, a.seed)
        total = fnv(total, data)
        rawp.send(data)
    print(f"sum {total:016x}")


def consume(a):
    typed = dmxp.create_consumer(**typed_options(a))
    rawc = dmxp.create_consumer(a.raw_id, domain=a.domain)
    print("ready", flush=True)
    total = FNV_START
    for i in range(a.count):
        msg = typed.receive(timeout=WAIT)
        if msg is None:
            die(f"typed message {i} did not come")
        data = bytes(msg)
        if len(data) != JointState.DTYPE.itemsize:
            die(f"typed message {i}: {len(data)} bytes")
        want = JointState.zeros()
        fill(want, i, a.seed)
        got, expected = fields(JointState.view(data)), fields(want)
        for name in expected:
            if got[name] != expected[name]:
                die(f"typed message {i}: {name} differs")
        total = fnv(total, data)
    for i in range(a.count):
        msg = rawc.receive(timeout=WAIT)
        if msg is None:
            die(f"raw message {i} did not come")
        data = bytes(msg)
        if data != raw(i, a.seed) or int.from_bytes(data[:8], "little") != fnv(FNV_START, data[8:]):
            die(f"raw message {i}: wrong size, bytes or checksum")
        total = fnv(total, data)
    print(f"sum {total:016x}")


def queue_produce(a):
    p = dmxp.create_producer(**queue_options(a))
    for i in range(a.count):
        p.send(np.uint32(i).tobytes())
    for _ in range(a.consumers):
        p.send(b"")


def queue_consume(a):
    c = dmxp.create_consumer(**queue_options(a))
    print("ready", flush=True)
    took = []
    while True:
        msg = c.receive(timeout=WAIT)
        if msg is None:
            die("no end marker came")
        data = bytes(msg)
        if not data:
            break
        took.append(str(int.from_bytes(data[:4], "little")))
    print(f"took {len(took)} {','.join(took)}")


def bench(a):
    """bench/lang: busy-polls count 64-byte messages (sequence, CLOCK_MONOTONIC at send)."""
    import time

    c = dmxp.create_consumer(channel=a.channel, domain=a.domain, capacity=4096, slot_size=64)
    print("ready", flush=True)
    lat = []
    first = last = 0
    while len(lat) < a.count:
        msg = c.receive(timeout=0)
        if msg is None:
            continue
        last = time.monotonic_ns()
        lat.append(last - int.from_bytes(bytes(msg)[8:16], "little"))
        if len(lat) == 1:
            first = last
    lat.sort()
    n = len(lat)
    print(f"bench {n} {last - first} {lat[n // 2]} {lat[n * 99 // 100]}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["produce", "consume", "queue-produce", "queue-consume", "bench"])
    for name in ("--domain", "--channel"):
        parser.add_argument(name, default="")
    for name in ("--raw-id", "--count", "--seed", "--consumers"):
        parser.add_argument(name, type=int, default=0)
    a = parser.parse_args()
    {"produce": produce, "consume": consume, "queue-produce": queue_produce, "queue-consume": queue_consume, "bench": bench}[a.mode](a)


if __name__ == "__main__":
    main()
