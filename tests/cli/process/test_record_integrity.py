"""dmxp record under pressure: a recorder that is preempted while it copies a big KEEP_LAST
message never writes the torn bytes (it drops and counts them), and a disk slower than a big
topic never costs a small topic a message (the big one's drops are counted with their reason).
Files are checked with the independent `mcap` reader (CRCs validated) and every payload with
its own built-in pattern (frames.py)."""
import json
import os
import re
import signal
import threading
import time

from mcap.reader import make_reader
from mcap.stream_reader import StreamReader

import frames
from cli_harness import domain, finish, interrupt  # noqa: F401  (fixture)

REASONS = {"changed while being copied": "changed", "overwritten before being read": "overwritten",
           "queue full (disk too slow)": "queue_full"}


def read_messages(path):
    """[(topic, bytes, log_time)] in file order, every CRC checked by the mcap package."""
    with open(path, "rb") as f:
        # The streaming reader checks the data-section and chunk CRCs record by record...
        records = list(StreamReader(f, validate_crcs=True).records)
        assert records, path
        f.seek(0)
        # ...and the indexed reader reads the same messages through the summary.
        return [(c.topic, bytes(m.data), m.log_time) for _, c, m in make_reader(f, validate_crcs=True).iter_messages()]


def drops_reported(stderr, topic):
    """(recorded, {reason: count}) from the recorder's per-topic line; (None, {}) without one."""
    m = re.search(rf"^dmxp: record: {re.escape(topic)}: (\d+) recorded, (\d+) dropped: (.*)$", stderr, re.M)
    if not m:
        return None, {}
    reasons = {REASONS[r]: int(n) for n, r in re.findall(r"(\d+) ([a-z ]+(?: \(disk too slow\))?)(?:, |$)", m.group(3))}
    assert sum(reasons.values()) == int(m.group(2)), m.group(0)
    return int(m.group(1)), reasons


def bag_info_drops(domain, path, topic):
    info = domain.dmxp_json("bag", "info", path)
    t = next(t for t in info["topics"] if t["topic"] == topic)
    return t["messages"], t["dropped"]


def test_a_preempted_recorder_never_writes_a_torn_frame(domain, tmp_path):
    path = str(tmp_path / "frames.mcap")
    size = 2 << 20
    producer = domain.frames("--channel", "t.frames", "--size", str(size), "--capacity", "2",
                             "--rate", "300", "--seconds", "3", "--wait-consumers", "1")
    rec = domain.background("record", "-o", path, "/frames")
    # The preemption a loaded machine inflicts, on purpose: the recorder is stopped for 10 ms
    # every 20 ms, so stops land in the middle of its copies while the producer, two slots
    # ahead, rewrites the slot being copied.
    while producer.poll() is None:
        rec.send_signal(signal.SIGSTOP)
        time.sleep(0.010)
        rec.send_signal(signal.SIGCONT)
        time.sleep(0.010)
    published = int(producer.stdout.readline().split()[1])
    time.sleep(0.5)  # the recorder reads what the ring still holds
    rc, _, err = interrupt(rec, 30)
    assert rc == 0, err

    msgs = read_messages(path)
    indexes = [frames.index_of(data) for _, data, _ in msgs]  # every written frame is intact
    assert indexes == sorted(set(indexes)), "frames out of order or twice"
    recorded, reasons = drops_reported(err, "/frames")
    assert recorded == len(msgs), err
    assert reasons.get("changed", 0) > 0, f"no copy was ever interrupted by an overwrite:\n{err}"
    # Every published frame is accounted for: written, or dropped with its reason.
    assert recorded + sum(reasons.values()) == published, err
    assert f"recorded {recorded} messages on 1 topic to {path}" in err
    # The counts are kept in the file for `bag info`.
    assert bag_info_drops(domain, path, "/frames") == (recorded, {
        "changed": reasons.get("changed", 0), "overwritten": reasons.get("overwritten", 0),
        "queue_full": reasons.get("queue_full", 0), "unconvertible": 0})


class SlowDisk:
    """A named pipe the recorder writes its file into, drained into a regular file at
    bytes_per_s by a thread: a disk slower than the topics."""

    def __init__(self, tmp_path, bytes_per_s):
        self.pipe = str(tmp_path / "slow.fifo")
        self.path = str(tmp_path / "slow.mcap")
        os.mkfifo(self.pipe)
        self.rate = bytes_per_s
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self):
        start, total = time.monotonic(), 0
        with open(self.pipe, "rb") as src, open(self.path, "wb") as dst:
            while block := src.read(64 << 10):
                dst.write(block)
                total += len(block)
                ahead = total / self.rate - (time.monotonic() - start)
                if ahead > 0:
                    time.sleep(ahead)

    def wait(self, timeout):
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "the recorder never closed its file"


def test_a_slow_disk_drops_the_big_topic_never_the_small_one(domain, tmp_path):
    disk = SlowDisk(tmp_path, 4 << 20)  # 4 MB/s against 200 MB/s of frames
    producer = domain.frames("--channel", "t.frames", "--size", str(2 << 20), "--capacity", "2",
                             "--rate", "100", "--seconds", "3", "--wait-consumers", "1")
    n_small = 600  # 3 s at 200 Hz, best effort, 8 deep: like /robot/cmd_vel
    talker = domain.talker("/cmd", "pose", n_small, 200, "--best-effort", "--depth", "8", "--wait-consumers", "1")
    rec = domain.background("record", "-o", disk.pipe, "--compression", "none", "--queue-size", "16",
                            "/frames", "/cmd")
    published = int(producer.stdout.readline().split()[1])
    assert talker.stdout.readline().strip() == f"done {n_small}"
    time.sleep(0.3)
    rc, _, err = interrupt(rec, 60)  # then it writes what it queued (16 MiB at most)
    assert rc == 0, err
    disk.wait(30)

    msgs = read_messages(disk.path)
    cmd = [data for topic, data, _ in msgs if topic == "/cmd"]
    big = [data for topic, data, _ in msgs if topic == "/frames"]
    # The small topic: every message, once, in order (header.stamp.sec = i, the first field
    # after CDR's 4-byte header: the default profile records typed topics as ROS 2 does).
    assert [int.from_bytes(d[4:8], "little", signed=True) for d in cmd] == list(range(n_small))
    assert drops_reported(err, "/cmd") == (None, {}), err
    # The big one lost frames to the disk, and says so; what it wrote is intact.
    indexes = [frames.index_of(d) for d in big]
    assert indexes == sorted(set(indexes))
    recorded, reasons = drops_reported(err, "/frames")
    assert recorded == len(big) and reasons.get("queue_full", 0) > 0, err
    assert recorded + sum(reasons.values()) == published, err
    messages, dropped = bag_info_drops(domain, disk.path, "/frames")
    assert messages == recorded and dropped["queue_full"] == reasons["queue_full"]
    assert bag_info_drops(domain, disk.path, "/cmd") == (n_small, {"changed": 0, "overwritten": 0, "queue_full": 0,
                                                                   "unconvertible": 0})
    text = domain.dmxp("bag", "info", disk.path, check=0).stdout
    assert re.search(rf"/frames .* {recorded} msgs, {sum(reasons.values())} dropped \(.*{reasons['queue_full']} "
                     r"queue full \(disk too slow\)", text), text
