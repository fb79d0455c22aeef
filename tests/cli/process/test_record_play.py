"""dmxp record / play / bag info, checked with the independent `mcap` reader from PyPI:
every message with its channel, schema, order and bytes (native profile); record -> play ->
record is identical (the default ros2 profile: CDR decoded and encoded again); damaged files
play up to the damage."""
import json
import os

from mcap.reader import make_reader

import expected
from cli_harness import domain, finish  # noqa: F401  (fixture)

N = 60  # messages per topic


def read_mcap(path):
    """[(topic, schema name, schema encoding, schema data, message encoding, bytes, publish, log)]"""
    with open(path, "rb") as f:
        return [(c.topic, s.name if s else None, s.encoding if s else None, s.data if s else None,
                 c.message_encoding, bytes(m.data), m.publish_time, m.log_time)
                for s, c, m in make_reader(f, validate_crcs=True).iter_messages()]


def record_talkers(domain, path, *options):
    rec = domain.background("record", "-o", path, "/pose", "/scan", "-n", str(2 * N), *options)
    domain.talker("/pose", "pose", N, 300, "--wait-consumers", "1")
    domain.talker("/scan", "scan", N, 300, "--wait-consumers", "1")
    rc, out, err = finish(rec, 60)
    assert rc == 0, err
    assert f"recorded {2 * N} messages on 2 topics" in err
    return read_mcap(path)


def test_native_recording_read_by_the_mcap_package(domain, tmp_path):
    msgs = record_talkers(domain, str(tmp_path / "run.mcap"), "--profile", "native")
    assert len(msgs) == 2 * N
    by_topic = {t: [m for m in msgs if m[0] == t] for t in ("/pose", "/scan")}
    for topic, typ, make in (("/pose", "geometry_msgs/PoseStamped", expected.pose),
                             ("/scan", "sensor_msgs/LaserScan", expected.scan)):
        ms = by_topic[topic]
        assert len(ms) == N
        for i, (_, schema, schema_enc, schema_data, msg_enc, data, pub, log) in enumerate(ms):
            assert (schema, schema_enc, msg_enc) == (typ, "x-dmxp-layout", "x-dmxp")
            descriptor = schema_data.decode()
            assert json.loads(descriptor)["type"] == typ
            # The bytes, decoded by this test's own reader from the schema: message i in order.
            want = make(i)
            assert expected.scalar_at(descriptor, data, "header.stamp.sec") == i
            if topic == "/pose":
                assert expected.scalar_at(descriptor, data, "pose.position.x") == want["pose"]["position"]["x"]
                assert expected.scalar_at(descriptor, data, "pose.position.y") == want["pose"]["position"]["y"]
            else:
                assert expected.scalar_at(descriptor, data, "angle_max") == 1.5
            assert pub <= log
        assert [m[6] for m in ms] == sorted(m[6] for m in ms)
    # Merged across topics in key order: publish stamps never go back by more than a
    # commit's own latency (keys are taken at claim, stamps at commit).
    pubs = [m[6] for m in msgs]
    assert all(b >= a - 50_000_000 for a, b in zip(pubs, pubs[1:]))
    info = json.loads(domain.dmxp("--json", "bag", "info", str(tmp_path / "run.mcap"), check=0).stdout)
    assert info["messages"] == 2 * N and info["profile"] == "x-dmxp"
    assert sorted((t["topic"], t["type"], t["messages"]) for t in info["topics"]) == [
        ("/pose", "geometry_msgs/PoseStamped", N), ("/scan", "sensor_msgs/LaserScan", N)]


def test_record_play_record_round_trip_is_identical(domain, tmp_path):
    first = str(tmp_path / "first.mcap")
    msgs1 = record_talkers(domain, first)
    replay = type(domain)()  # a second, empty domain
    try:
        second = str(tmp_path / "second.mcap")
        rec = replay.background("record", "-o", second, "-a", "-n", str(2 * N))  # -a: topics as they appear
        play = replay.dmxp("play", first, "--delay", "0.5", "--rate", "4", timeout=60)
        assert play.returncode == 0, play.stderr
        assert play.stderr == f"dmxp: played {2 * N} messages from {first}\n"
        rc, out, err = finish(rec, 60)
        assert rc == 0, err
        msgs2 = read_mcap(second)
    finally:
        replay.close()
    strip = lambda ms: [m[:6] for m in ms]  # everything but the times
    assert strip(msgs2) == strip(msgs1)
    # Timing is kept: gaps between log times scale with --rate (here 4x faster).
    span1 = msgs1[-1][7] - msgs1[0][7]
    span2 = msgs2[-1][7] - msgs2[0][7]
    assert span2 < span1


def test_damaged_files_play_up_to_the_damage(domain, tmp_path):
    good = str(tmp_path / "good.mcap")
    record_talkers(domain, good, "--chunk-size", "4096")  # many chunks: half the file holds some
    data = open(good, "rb").read()
    cut = str(tmp_path / "cut.mcap")
    with open(cut, "wb") as f:
        f.write(data[: len(data) // 2])
    replay = type(domain)()
    try:
        r = replay.dmxp("play", cut, "--rate", "0")
        assert r.returncode == 1
        assert r.stderr.count("\n") == 1 and r.stderr.startswith(f"dmxp: play: {cut}: corrupt at byte ")
        played = int(r.stderr.split("; played ")[1].split()[0])
        assert 0 < played < 2 * N
        # The messages it played are the ones before the damage, in order.
        got = replay.dmxp("--json", "topic", "echo", "/pose", "--from-key", "1", "-n", "1", "--field", "header.stamp.sec")
        assert got.returncode == 0 and got.stdout == "0\n"
    finally:
        replay.close()
    garbage = str(tmp_path / "garbage.mcap")
    with open(garbage, "wb") as f:
        f.write(b"\x89MCAP0\r\n" + os.urandom(500))
    r = domain.dmxp("play", garbage)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "corrupt at byte 8" in r.stderr
    r = domain.dmxp("bag", "info", garbage)
    assert r.returncode == 1 and r.stderr.count("\n") == 1


def test_play_selected_topics_in_a_loop(domain, tmp_path):
    first = str(tmp_path / "first.mcap")
    msgs1 = record_talkers(domain, first)
    replay = type(domain)()
    try:
        looped = str(tmp_path / "looped.mcap")
        rec = replay.background("record", "-o", looped, "/pose", "-n", str(2 * N))
        play = replay.background("play", first, "--topics", "/pose", "--loop", "--rate", "0", "--delay", "0.5")
        rc, out, err = finish(rec, 60)
        assert rc == 0, err
        play.terminate()
        play.wait(10)
        msgs2 = read_mcap(looped)
    finally:
        replay.close()
    poses = [m[5] for m in msgs1 if m[0] == "/pose"]
    assert [m[0] for m in msgs2] == ["/pose"] * (2 * N)
    assert [m[5] for m in msgs2] == poses + poses
