"""The recording format: chunked, indexed, compressed MCAP (zstd, lz4 or none), checked with
independent readers: the `mcap` package (CRCs validated, its seeking reader using the summary's
chunk indexes), and the Message Index records resolved by this test itself after decompressing
each chunk with the `zstandard` and `lz4` packages. `dmxp play` plays every compression and
recordings made before chunking."""
import io
import json
import os
import struct

import lz4.frame
import pytest
import zstandard
from mcap.reader import make_reader
from mcap.records import Chunk, MessageIndex
from mcap.stream_reader import StreamReader

import expected
from cli_harness import domain, finish  # noqa: F401  (fixture)

N = 150  # messages per topic
COMPRESSIONS = ("zstd", "lz4", "none")
FIXTURE = os.path.join(os.path.dirname(__file__), "..", "data", "unchunked_x-dmxp.mcap")


def chunk_records(chunk):
    """A chunk's records, decompressed by this test (not by the mcap package)."""
    if chunk.compression == "zstd":
        return zstandard.ZstdDecompressor().decompress(chunk.data, max_output_size=chunk.uncompressed_size)
    if chunk.compression == "lz4":
        return lz4.frame.decompress(chunk.data)
    assert chunk.compression == ""
    return chunk.data


def check_message_indexes(path):
    """Every Message Index entry points at a Message record of its channel with its log time,
    and every message of every chunk is indexed exactly once. Returns the chunk compressions."""
    compressions, pending, indexed, messages = [], None, 0, 0
    with open(path, "rb") as f:
        for r in StreamReader(f, emit_chunks=True, validate_crcs=True).records:
            if isinstance(r, Chunk):
                pending = chunk_records(r)
                assert len(pending) == r.uncompressed_size
                compressions.append(r.compression)
                at = 0
                while at < len(pending):  # count the chunk's messages
                    opcode, length = struct.unpack_from("<BQ", pending, at)
                    messages += opcode == 0x05
                    at += 9 + length
            elif isinstance(r, MessageIndex):
                for log_time, offset in r.records:
                    opcode, _, channel, _, stamp = struct.unpack_from("<BQHIQ", pending, offset)
                    assert (opcode, channel, stamp) == (0x05, r.channel_id, log_time)
                    indexed += 1
    assert indexed == messages
    return compressions


def test_every_compression_is_chunked_indexed_and_read_independently(domain, tmp_path):
    paths = {c: str(tmp_path / f"{c}.mcap") for c in COMPRESSIONS}
    # Three recorders of the same messages at once: the files differ only in their chunks.
    # Native profile: the fixed layouts, mostly zeros, are what compression is for.
    recs = [domain.background("record", "-o", paths[c], "--compression", c, "--chunk-size", "32768",
                              "--profile", "native", "/pose", "/scan", "-n", str(2 * N)) for c in COMPRESSIONS]
    domain.talker("/pose", "pose", N, 500, "--wait-consumers", "3")
    domain.talker("/scan", "scan", N, 500, "--wait-consumers", "3")
    for rec in recs:
        rc, _, err = finish(rec, 60)
        assert rc == 0, err

    contents = {}
    for c, path in paths.items():
        with open(path, "rb") as f:
            reader = make_reader(f, validate_crcs=True)
            summary = reader.get_summary()
            assert summary.statistics.message_count == 2 * N
            assert summary.statistics.chunk_count == len(summary.chunk_indexes) > 3
            assert {i.compression for i in summary.chunk_indexes} == {"" if c == "none" else c}
            msgs = [(ch.topic, m.sequence, m.log_time, bytes(m.data)) for _, ch, m in reader.iter_messages()]
            assert len(msgs) == 2 * N
            # The seeking reader goes straight to the chunks that hold the time asked for...
            mid = sorted(m[2] for m in msgs)[N]
            later = [(ch.topic, m.sequence, m.log_time, bytes(m.data)) for _, ch, m in reader.iter_messages(starting_at=mid)]
            assert later and later == [m for m in msgs if m[2] >= mid]
            # ...and to the chunks of the topic asked for (their Message Index offsets).
            assert [(m.sequence, bytes(m.data)) for _, _, m in reader.iter_messages(topics=["/scan"])] == \
                [(m[1], m[3]) for m in msgs if m[0] == "/scan"]
        assert set(check_message_indexes(path)) == {"" if c == "none" else c}
        info = domain.dmxp_json("bag", "info", path)
        assert info["messages"] == 2 * N and info["chunks"] == {c: len(summary.chunk_indexes)}
        contents[c] = (sorted((t, s, d) for t, s, _, d in msgs), os.path.getsize(path))
        poses = [d for t, _, _, d in sorted(msgs, key=lambda m: m[2]) if t == "/pose"]
        descriptor = summary.schemas[next(ch.schema_id for ch in summary.channels.values() if ch.topic == "/pose")].data
        assert [expected.scalar_at(descriptor.decode(), d, "header.stamp.sec") for d in poses] == list(range(N))
    # The same messages in every file; fixed layouts are mostly zeros, so they compress well.
    assert contents["zstd"][0] == contents["lz4"][0] == contents["none"][0]
    assert contents["zstd"][1] * 10 < contents["none"][1]
    assert contents["lz4"][1] * 5 < contents["none"][1]


@pytest.mark.parametrize("source", ["lz4", "fixture"])
def test_play_reads_lz4_and_recordings_made_before_chunking(domain, tmp_path, source):
    if source == "fixture":
        path = FIXTURE
        info = domain.dmxp_json("bag", "info", path)
        assert info["chunks"] == {} and info["messages"] == 10
        assert sorted((t["topic"], t["messages"], "dropped" in t) for t in info["topics"]) == [
            ("/count", 5, False), ("/text", 5, False)]
    else:
        path = str(tmp_path / "lz4.mcap")
        rec = domain.background("record", "-o", path, "--compression", "lz4", "--profile", "native",
                                "/count", "/text", "-n", "10")
        domain.talker("/count", "int32", 5, 200, "--wait-consumers", "1")
        domain.talker("/text", "string", 5, 200, "--wait-consumers", "1")
        rc, _, err = finish(rec, 30)
        assert rc == 0, err
    with open(path, "rb") as f:
        original = [(c.topic, bytes(m.data)) for _, c, m in make_reader(f, validate_crcs=True).iter_messages()]
    assert len(original) == 10
    replay = type(domain)()
    try:
        again = str(tmp_path / "again.mcap")
        rec = replay.background("record", "-o", again, "--profile", "native", "-a", "-n", "10")
        play = replay.dmxp("play", path, "--delay", "0.5", "--rate", "0", timeout=60)
        assert play.returncode == 0 and play.stderr == f"dmxp: played 10 messages from {path}\n", play.stderr
        rc, _, err = finish(rec, 30)
        assert rc == 0, err
    finally:
        replay.close()
    with open(again, "rb") as f:
        replayed = [(c.topic, bytes(m.data)) for _, c, m in make_reader(f, validate_crcs=True).iter_messages()]
    assert sorted(replayed) == sorted(original)
    counts = [struct.unpack_from("<i", d)[0] for t, d in replayed if t == "/count"]
    assert counts == [0, 1, 2, 3, 4]
