"""What the core offers, from Python: delivery modes, backpressure, named consumers, batches,
seek, merged scans, waitsets."""

import numpy as np

import dmxp
from conftest import run_python


def test_queue_mode_gives_each_message_to_exactly_one_consumer(domain):
    prod = dmxp.Producer("jobs", mode="queue")
    a, b = dmxp.Consumer("jobs"), dmxp.Consumer("jobs")
    for i in range(200):
        prod.send(i.to_bytes(4, "little"))
    seen = []
    for turn in range(400):
        msg = (a if turn % 2 else b).try_receive()
        if msg is not None:
            seen.append(int.from_bytes(bytes(msg), "little"))
    assert sorted(seen) == list(range(200))


def test_keep_last_overwrites_and_counts_the_loss(domain):
    prod = dmxp.Producer("latest", backpressure="keep_last", capacity=8)
    cons = dmxp.Consumer("latest")
    for i in range(20):
        prod.send(bytes([i]))  # never blocks: the oldest is overwritten
    got = []
    while (msg := cons.receive(timeout=0.2)) is not None:
        got.append(bytes(msg)[0])
    # The newest messages, in order, and every other one counted as lost.
    assert 1 <= len(got) <= 8 and got == list(range(20 - len(got), 20))
    assert cons.lost == 20 - len(got)


def test_named_consumer_resumes_where_it_stopped(domain):
    prod = dmxp.Producer("durable")
    cons = dmxp.Consumer("durable", name="worker")
    for i in range(10):
        prod.send(bytes([i]))
    assert [bytes(cons.receive())[0] for _ in range(3)] == [0, 1, 2]
    cons.close()
    again = dmxp.Consumer("durable", name="worker")
    assert [bytes(again.receive())[0] for _ in range(7)] == list(range(3, 10))
    assert dmxp.channel_info("durable")["consumers"] == 1


def test_start_newest_skips_history(domain):
    prod = dmxp.Producer("hist")
    prod.send(b"old")
    cons = dmxp.Consumer("hist", start="newest")
    assert cons.try_receive() is None
    prod.send(b"new")
    assert bytes(cons.receive(timeout=1)) == b"new"


def test_batches_are_atomic_and_numbered(domain):
    prod = dmxp.Producer("batch", slot_size=64)
    cons = dmxp.Consumer("batch")
    first = prod.send_batch([b"a", b"bb", b"ccc"])
    batch = prod.loan_batch(2)
    batch[0][:1] = b"x"
    batch[1][:2] = b"yz"
    second = batch.commit([1, 2])
    msgs = cons.receive_batch(max=16, timeout=1)
    assert [bytes(m) for m in msgs] == [b"a", b"bb", b"ccc", b"x", b"yz"]
    assert [m.key for m in msgs[:3]] == [first, first + 1, first + 2] and msgs[3].key == second
    assert [(m.batch_index, m.batch_count) for m in msgs] == [(0, 3), (1, 3), (2, 3), (0, 2), (1, 2)]
    assert all(m.valid for m in msgs)
    assert cons.release() is True and not any(m.valid for m in msgs)


def test_seek_by_key(domain):
    prod = dmxp.Producer("seek")
    keys = [prod.send(bytes([i])) for i in range(10)]
    cons = dmxp.Consumer("seek")
    cons.seek(keys[6])
    assert bytes(cons.receive(timeout=1)) == bytes([6])
    cons.seek(0)
    assert bytes(cons.receive(timeout=1)) == bytes([0])


def test_merged_scan_in_key_order(domain):
    left, right = dmxp.Producer("left"), dmxp.Producer("right")
    order = []
    for i in range(10):
        p = left if i % 3 else right
        order.append(p.send(bytes([i])))
    merge = dmxp.Merge([dmxp.Consumer("left"), dmxp.Consumer("right")])
    got = [(src, msg.key, bytes(msg)[0]) for src, msg in merge]
    assert [k for _, k, _ in got] == order
    assert [v for _, _, v in got] == list(range(10))
    assert [s for s, _, _ in got] == [0 if i % 3 else 1 for i in range(10)]


def test_waitset_reports_the_ready_consumer(domain):
    a, b = dmxp.Consumer("wa"), dmxp.Consumer("wb")
    ws = dmxp.WaitSet()
    ws.add(a)
    ws.add(b)
    assert ws.wait(timeout=0.05) == []
    dmxp.Producer("wb").send(b"!")
    assert ws.wait(timeout=5) == [1]
    assert bytes(b.try_receive()) == b"!"


def test_iteration_and_typed_arrays(domain):
    prod = dmxp.Producer("it")
    for i in range(5):
        prod.send(np.array([i, i * i], np.int64))
    cons = dmxp.Consumer("it")
    out = []
    for msg in cons:
        out.append(msg.array(np.int64).tolist())
        if len(out) == 5:
            break
    assert out == [[i, i * i] for i in range(5)]


def test_channel_admin(domain):
    dmxp.Producer("adm", capacity=16, slot_size=128)
    info = dmxp.channel_info("adm")
    assert (info["capacity"], info["slot_size"], info["mode"], info["backpressure"]) == (16, 128, "broadcast",
                                                                                           "reliable")
    assert [c["name"] for c in dmxp.list_channels()] == ["adm"]
    dmxp.remove_channel("adm")
    assert dmxp.list_channels() == []


def test_named_consumer_close_never_repeats_what_was_received(domain):
    # A received message is the user's: close() (and leaving a `with` block) must not hand it
    # out again to the next owner of the name, even while a Message object of it lives on.
    prod = dmxp.Producer("resume")
    for i in range(30):
        prod.send(bytes([i]))
    got = []
    kept = []
    for cycle in range(6):
        cons = dmxp.Consumer("resume", name="worker")
        for _ in range(3):
            msg = cons.receive(timeout=1)
            got.append(bytes(msg)[0])
        kept.append(msg)  # the last view outlives close()
        if cycle % 2:
            cons.close()
        else:
            with cons:
                pass
        assert not msg.valid
    assert got == list(range(18))


def test_named_consumer_of_a_process_that_exits_without_close(domain):
    # A process that exits normally while still holding a view (no close()) releases it at
    # interpreter exit: the next process resumes after it.
    prod = dmxp.Producer("exit")
    for i in range(10):
        prod.send(bytes([i]))
    code = (
        "import dmxp\n"
        "c = dmxp.Consumer('exit', name='w')\n"
        "m = [c.receive(timeout=1) for _ in range(3)][-1]\n"
        "print(bytes(m)[0])\n"
    )
    out = run_python(code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "2"
    again = dmxp.Consumer("exit", name="w")
    assert bytes(again.receive(timeout=1))[0] == 3
