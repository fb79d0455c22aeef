"""Zero-copy, proven: received payloads and loans are addresses inside this process's
mapping of the channel segment, and reading a large message allocates nothing of its size."""

import tracemalloc

import numpy as np
import pytest

import dmxp


def mapping_of(domain, channel):
    """(start, end) of the mapping of the channel's segment in this process."""
    path = f"/dev/shm/dmxp.{domain}.ch.{channel}"
    ranges = []
    with open("/proc/self/maps") as f:
        for line in f:
            if line.rstrip().endswith(path):
                start, end = (int(x, 16) for x in line.split()[0].split("-"))
                ranges.append((start, end))
    assert ranges, f"{path} is not mapped"
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def test_received_views_point_into_the_mapped_slot(domain):
    prod = dmxp.Producer("zc", slot_size=1 << 20, capacity=4)
    cons = dmxp.Consumer("zc")
    prod.send(np.arange(1 << 18, dtype=np.uint32))
    msg = cons.receive(timeout=5)
    start, end = mapping_of(domain, "zc")
    arr = np.frombuffer(msg, dtype=np.uint32)
    assert start <= arr.ctypes.data and arr.ctypes.data + arr.nbytes <= end
    assert arr.ctypes.data == msg.address
    assert np.frombuffer(msg.data, np.uint8).ctypes.data == msg.address
    assert not arr.flags.writeable and arr[12345] == 12345


def test_reading_a_large_message_allocates_nothing_of_its_size(domain):
    size = 8 << 20
    prod = dmxp.Producer("alloc", slot_size=size, capacity=4)
    cons = dmxp.Consumer("alloc")
    prod.send(np.full(size, 3, np.uint8))
    prod.send(np.full(size, 5, np.uint8))
    tracemalloc.start()
    try:
        msg = cons.receive(timeout=5)
        total = int(np.frombuffer(msg, np.uint8).sum(dtype=np.uint64))
        _, peak_view = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        msg = cons.receive(timeout=5)
        copy = bytes(msg)  # the control: a copy is seen by the same measure
        _, peak_copy = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total == 3 * size and copy[:2] == b"\x05\x05"
    assert peak_view < size // 32, f"{peak_view} bytes allocated while reading through a view"
    assert peak_copy >= size


def test_loans_write_in_place(domain):
    prod = dmxp.Producer("loan", slot_size=4096, capacity=8)
    cons = dmxp.Consumer("loan")
    start, end = mapping_of(domain, "loan")
    loan = prod.loan(100)
    assert start <= loan.address < end
    with loan as buf:
        assert not buf.readonly and len(buf) == 100
        np.frombuffer(buf, np.uint8)[:] = 7
    assert not loan.open
    msg = cons.receive(timeout=5)
    assert bytes(msg) == b"\x07" * 100
    loan = prod.loan(64)
    loan.size = 3
    with loan as buf:
        buf[:3] = b"abc"
    assert bytes(cons.receive(timeout=5)) == b"abc"


def test_a_view_expires_at_the_next_receive(domain):
    prod = dmxp.Producer("life")
    cons = dmxp.Consumer("life")
    prod.send(b"first")
    prod.send(b"second")
    first = cons.receive(timeout=5)
    kept = np.frombuffer(first, np.uint8)  # taken while valid: stays mapped (documented rule)
    second = cons.receive(timeout=5)
    assert not first.valid and second.valid
    with pytest.raises(BufferError):
        memoryview(first)
    with pytest.raises(dmxp.InvalidArgumentError, match="the message view expired"):
        bytes(first)
    assert kept.size == 5  # no crash reading it; its bytes belong to the ring again
    assert bytes(second) == b"second"


def test_closing_a_consumer_keeps_views_mapped(domain):
    prod = dmxp.Producer("close")
    cons = dmxp.Consumer("close")
    prod.send(b"payload")
    arr = np.frombuffer(cons.receive(timeout=5), np.uint8)
    cons.close()
    assert bytes(arr) == b"payload"  # still mapped: the array keeps the consumer's mapping
    with pytest.raises(dmxp.InvalidArgumentError, match="the consumer is closed"):
        cons.receive()
