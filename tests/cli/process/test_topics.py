"""dmxp topic list/info/type/find, node, param, hz/bw/delay, doctor, help and bad input,
against live publisher processes."""
import json
import os

from cli_harness import complete, domain, finish  # noqa: F401  (fixture)


def test_list_info_type_find_with_live_publisher(domain):
    talker = domain.talker("/pose", "pose", 5, 200, "--linger")
    assert talker.stdout.readline().strip() == "done 5"
    assert "/pose [geometry_msgs/PoseStamped]" in domain.dmxp("topic", "list", "-t", check=0).stdout.splitlines()
    assert {"topic": "/pose", "channel": "t.pose", "type": "geometry_msgs/PoseStamped"} in domain.dmxp_json("topic", "list")
    assert domain.dmxp("topic", "type", "/pose", check=0).stdout == "geometry_msgs/PoseStamped\n"
    assert domain.dmxp("topic", "find", "geometry_msgs/PoseStamped", check=0).stdout == "/pose\n"
    info = domain.dmxp_json("topic", "info", "/pose")
    assert info["channel"]["type"] == "geometry_msgs/PoseStamped"
    assert info["channel"]["published"] == 5
    assert info["channel"]["backpressure"] == "reliable"
    assert info["channel"]["capacity"] == 64
    assert [(p["node"], p["pid"]) for p in info["publishers"]] == [("/cli_talker", talker.pid)]
    text = domain.dmxp("topic", "info", "pose", check=0).stdout
    assert "type:          geometry_msgs/PoseStamped" in text
    assert f"/cli_talker" in text and f"pid {talker.pid}" in text


def test_info_shows_each_consumer_lag_and_losses(domain):
    talker = domain.talker("/count", "int32", 3, 200, "--linger")
    assert talker.stdout.readline().strip() == "done 3"
    echo = domain.background("topic", "echo", "/count", "--from-key", "1", "-n", "100")
    domain.wait_consumers("t.count", 1)
    consumers = domain.dmxp_json("topic", "info", "/count")["consumers"]
    assert len(consumers) == 1
    assert consumers[0]["pid"] == echo.pid and consumers[0]["passive"] and consumers[0]["live"]
    assert consumers[0]["lost"] == 0


def test_node_list_info_and_params(domain):
    talker = domain.talker("/count", "int32", 1, 200, "--linger")
    assert talker.stdout.readline().strip() == "done 1"
    assert "/cli_talker" in domain.dmxp("node", "list", check=0).stdout.splitlines()
    assert {"node": "/cli_talker", "pid": talker.pid} in domain.dmxp_json("node", "list")
    info = domain.dmxp_json("node", "info", "/cli_talker")
    assert {"name": "/count", "type": "std_msgs/Int32"} in info["publishers"]
    assert domain.dmxp("param", "get", "/cli_talker", "gain", check=0).stdout == "1.5\n"
    domain.dmxp("param", "set", "/cli_talker", "gain", "2.25", check=0)
    assert domain.dmxp("param", "get", "cli_talker", "gain", check=0).stdout == "2.25\n"
    names = [p["name"] for p in domain.dmxp_json("param", "list", "/cli_talker")]
    assert "gain" in names
    r = domain.dmxp("param", "get", "/cli_talker", "nope")
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "nope" in r.stderr
    r = domain.dmxp("node", "info", "/ghost")
    assert r.returncode == 1
    assert r.stderr == f"dmxp: unknown node '/ghost' in domain '{domain.name}' (see 'dmxp node list')\n"


def test_hz_and_bw_from_slot_headers(domain):
    domain.talker("/count", "int32", 400, 200)
    hz = domain.background("--json", "topic", "hz", "/count", "-n", "300")
    rc, out, err = finish(hz)
    assert rc == 0, err
    last = json.loads(out.strip().splitlines()[-1])
    # The talker sleeps until 5 ms ticks: the commit stamps say 200 Hz whatever the reader does.
    assert 150 < last["rate"] < 260, last
    assert last["min"] <= 0.005 <= last["max"] and last["lost"] == 0
    bw = domain.background("--json", "topic", "bw", "/count", "-n", "50")
    rc, out, err = finish(bw)
    assert rc == 0, err
    last = json.loads(out.strip().splitlines()[-1])
    assert last["min_size"] == last["max_size"] == last["mean_size"] == 4  # sizeof(std_msgs::msg::Int32)


def test_delay_uses_header_stamps(domain):
    domain.talker("/pose", "pose", 100, 200)
    rc, out, err = finish(domain.background("--json", "topic", "delay", "/pose", "-n", "20"))
    assert rc == 0, err
    last = json.loads(out.strip().splitlines()[-1])
    # The talker stamps message i with i seconds after the epoch: the delay is about "now".
    assert last["from"] == "header.stamp" and last["mean"] > 1e9


def test_pub_then_echo_round_trips_yaml(domain):
    domain.dmxp("topic", "pub", "/greet", "std_msgs/String", "{data: 'hi there'}", "--once", check=0)
    domain.dmxp("topic", "pub", "greet", "std_msgs/msg/String", "data: again", "-n", "2", "-r", "100", check=0)
    r = domain.dmxp("topic", "echo", "/greet", "--from-key", "1", "-n", "3", check=0)
    assert r.stdout == "data: 'hi there'\n---\ndata: again\n---\ndata: again\n---\n"


def test_bad_input_gives_one_line_and_nonzero_exit(domain):
    domain.dmxp("topic", "pub", "/num", "std_msgs/Int32", "{data: 1}", "--once", check=0)
    cases = [
        (("topic", "echo", "/ghost"), 1, f"dmxp: unknown topic '/ghost' in domain '{domain.name}' (see 'dmxp topic list')\n"),
        (("topic", "info", "/ghost"), 1, f"dmxp: unknown topic '/ghost' in domain '{domain.name}' (see 'dmxp topic list')\n"),
        (("topic", "pub", "/num", "std_msgs/String", "{data: x}"), 1,
         "dmxp: topic pub: topic '/num' carries std_msgs/Int32, not std_msgs/String\n"),
        (("topic", "pub", "/other", "std_msgs/Int32", "{data: 1e10}"), 1,
         "dmxp: topic pub: std_msgs/Int32: line 1, column 8: field 'data': 1e10 is not a int32 (-2147483648 .. 2147483647)\n"),
        (("topic", "echo", "/num", "--field", "dat", "--from-key", "1"), 1, "dmxp: topic echo: '/num' has no field 'dat'\n"),
        (("topic", "echo", "/num", "--filter", "data >"), 2,
         "dmxp: bad filter 'data >' at column 7: expected a number, 'text', true or false (try 'dmxp --help')\n"),
        (("topic", "echo", "/num", "-n", "x"), 2, "dmxp: -n takes a whole number, not 'x' (try 'dmxp --help')\n"),
        (("topic", "frobnicate"), 2, "dmxp: unknown verb 'topic frobnicate' (try 'dmxp --help')\n"),
        (("bag", "info", "/nonexistent.mcap"), 1, "dmxp: bag info: /nonexistent.mcap: cannot open: No such file or directory\n"),
    ]
    for args, code, err in cases:
        r = domain.dmxp(*args)
        assert (r.returncode, r.stderr) == (code, err), args


def test_corrupt_channel_is_an_error_not_a_crash(domain):
    path = f"/dev/shm/dmxp.{domain.name}.ch.t.broken"
    with open(path, "wb") as f:
        f.write(b"DMXPCHN1" + os.urandom(8000))
    for args in (("topic", "echo", "/broken"), ("topic", "info", "/broken"), ("topic", "hz", "/broken")):
        r = domain.dmxp(*args)
        assert r.returncode == 1, (args, r.stderr)
        assert r.stderr.startswith("dmxp: ") and r.stderr.count("\n") == 1, r.stderr
        assert "broken" in r.stderr
    listing = domain.dmxp("channel", "list", check=0).stdout
    assert "t.broken" in listing and "UNREADABLE" in listing


def test_every_verb_has_help(domain):
    for verb in (["topic", "list"], ["topic", "info"], ["topic", "echo"], ["topic", "hz"], ["topic", "bw"],
                 ["topic", "delay"], ["topic", "pub"], ["topic", "type"], ["topic", "find"], ["node", "list"],
                 ["node", "info"], ["param"], ["channel"], ["doctor"], ["record"], ["play"], ["bag", "info"]):
        r = domain.dmxp(*verb, "--help", check=0)
        assert r.stdout.startswith("usage: dmxp"), verb


def test_doctor_reports_each_check(domain):
    checks = domain.dmxp_json("doctor")
    assert [c["check"] for c in checks] == ["shm", "permissions", "segments", "clock", "governor"]
    assert all(c["level"] in ("ok", "warn", "fail") for c in checks)


def test_bash_completion_offers_verbs_and_live_topics(domain):
    domain.dmxp("topic", "pub", "/chatter", "std_msgs/String", "{data: x}", "--once", check=0)
    assert complete(domain, "dmxp", "to") == ["topic"]
    assert set(complete(domain, "dmxp", "topic", "")) == {"list", "info", "type", "find", "echo", "hz", "bw", "delay", "pub"}
    assert complete(domain, "dmxp", "topic", "echo", "/ch") == ["/chatter"]
