"""dmxp topic echo against live publishers: every field of every message, the output forms,
replay from a key, and that echo never holds a reliable publisher back."""
import json
import struct

import expected
from cli_harness import PROBE, domain, finish, interrupt  # noqa: F401  (fixture)


def test_echo_json_decodes_every_field_of_every_message(domain):
    domain.talker("/pose", "pose", 40, 400, "--wait-consumers", "1")
    rc, out, err = finish(domain.background("topic", "echo", "/pose", "--json", "-n", "40"))
    assert rc == 0, err
    assert [json.loads(line) for line in out.splitlines()] == [expected.pose(i) for i in range(40)]


def test_echo_yaml_documents(domain):
    domain.talker("/scan", "scan", 3, 400, "--wait-consumers", "1")
    rc, out, err = finish(domain.background("topic", "echo", "/scan", "-n", "3", "--max-array", "3"))
    assert rc == 0, err
    docs = out.split("---\n")
    assert len(docs) == 4 and docs[3] == ""
    assert docs[2] == ("header:\n  stamp:\n    sec: 2\n    nanosec: 0\n  frame_id: laser\n"
                       "angle_min: -1.5\nangle_max: 1.5\nangle_increment: 0.0\ntime_increment: 0.0\n"
                       "scan_time: 0.0\nrange_min: 0.0\nrange_max: 0.0\n"
                       "ranges:\n  - 2.0\n  - 2.25\n  - 2.5\n  - '... (5 more)'\nintensities: []\n")


def test_echo_field_filter_csv_and_array_summaries(domain):
    talker = domain.talker("/scan", "scan", 20, 400, "--linger")
    assert talker.stdout.readline().strip() == "done 20"
    r = domain.dmxp("topic", "echo", "/scan", "--from-key", "1", "-n", "20", "--field", "ranges[2]", check=0)
    assert r.stdout == "".join(f"{i + 0.5}\n---\n" for i in range(20))
    r = domain.dmxp("topic", "echo", "/scan", "--from-key", "1", "-n", "2", "--filter",
                    "header.stamp.sec >= 17 && header.frame_id == 'laser'", "--field", "header.stamp.sec", check=0)
    assert r.stdout == "17\n---\n18\n---\n"
    r = domain.dmxp("topic", "echo", "/scan", "--from-key", "1", "-n", "2", "--csv", "--field", "header", check=0)
    assert r.stdout == "stamp.sec,stamp.nanosec,frame_id\n0,0,laser\n1,0,laser\n"
    r = domain.dmxp("topic", "echo", "/scan", "--from-key", "1", "--once", "--json", "--no-arr", check=0)
    msg = json.loads(r.stdout)
    assert msg["ranges"] == "<array of 8>" and msg["header"]["stamp"]["sec"] == 0


def test_from_key_replays_what_the_ring_holds(domain):
    talker = domain.talker("/count", "int32", 30, 1000, "--linger")
    assert talker.stdout.readline().strip() == "done 30"
    r = domain.dmxp("--json", "topic", "echo", "/count", "--from-key", "1", "-n", "30", check=0)
    assert [json.loads(line)["data"] for line in r.stdout.splitlines()] == list(range(30))
    # Nothing new is published: without --from-key echo waits, and says so when it gives up.
    r = domain.dmxp("topic", "echo", "/count", "--timeout", "0.3")
    assert r.returncode == 1 and r.stderr.startswith("dmxp: topic echo: no message on '/count' within 0.3")


def _probe(domain, channel, count, gating):
    args = [PROBE, channel, str(count), "8", "1"] + (["--gating-reader"] if gating else [])
    return domain.start(args, ready="ready")


def test_echo_never_blocks_a_reliable_publisher(domain):
    # The probe sends into an 8-slot reliable ring with timeout 0 and counts "ring full".
    # With echo as the only reader, the ring must never be full.
    probe = _probe(domain, "probe", 20000, gating=False)
    echo = domain.background("topic", "echo", "probe", "--json")
    rc, out, err = finish(probe)
    assert rc == 0, err
    assert out.strip() == "sent 20000 full 0"
    rc, out, err = interrupt(echo)
    assert rc == 0, err
    values = [struct.unpack("<Q", bytes(json.loads(line)["bytes"]))[0] for line in out.splitlines()]
    assert values == sorted(set(values)), "echo shows messages in order, each once"
    if len(values) < 20000:  # what it skipped it said it could not keep up with
        assert "could not keep up" in err


def test_control_an_ordinary_reader_does_block_it(domain):
    # The same measurement fails when a consumer that gates the publisher is attached: the
    # probe's count is not a test that cannot fail.
    probe = _probe(domain, "probe", 20000, gating=True)
    echo = domain.background("topic", "echo", "probe", "--json")
    rc, out, err = finish(probe)
    interrupt(echo)
    assert rc == 0, err
    assert int(out.split()[-1]) > 0
