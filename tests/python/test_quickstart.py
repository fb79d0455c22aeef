"""The product sheet's Python Quick Start, exactly as written, and its interplay with C++."""

import dmxp
from conftest import fnv1a, payload, run_peer


def test_quick_start_as_written(domain):
    import dmxp
    # Producer
    prod = dmxp.create_producer(channel_id=100)
    prod.send(b"Hello from Python")

    # Consumer
    cons = dmxp.create_consumer(channel_id=100)
    msg = cons.receive()

    assert bytes(msg) == b"Hello from Python"
    assert msg.data.readonly and msg.data.tobytes() == b"Hello from Python"
    assert msg.key > 0 and msg.batch_count == 1 and msg.batch_index == 0
    assert dmxp.channel_info(100)["name"] == "100"


def test_quick_start_channel_is_the_cpp_one(domain):
    # A C++ producer on channel id 100 (the name "100") reaches the Quick Start consumer.
    cons = dmxp.create_consumer(channel_id=100)
    run_peer("produce", 100, 3, 40)
    got = [bytes(cons.receive(timeout=5)) for _ in range(3)]
    assert got == [payload(i, 40) for i in range(3)]


def test_quick_start_producer_reaches_cpp(domain):
    prod = dmxp.create_producer(channel_id=100)
    for i in range(5):
        prod.send(payload(i, 100))
    out = run_peer("consume", 100, 5).split()
    h = 0xCBF29CE484222325
    for i in range(5):
        h = fnv1a(payload(i, 100), h)
    assert out == ["ok", "5", str(h)]
