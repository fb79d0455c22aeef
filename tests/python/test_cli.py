"""python -m dmxp: the dmxp CLI's introspection from Python (forwarded to the program, or
the binding's own channel verbs when there is none)."""

import json
import os
import subprocess
import sys

import dmxp


def run_module(*args, cli=True):
    env = dict(os.environ)
    if not cli:
        env["DMXP_CLI"] = "/nonexistent"
        env["PATH"] = "/usr/bin:/bin"
    return subprocess.run([sys.executable, "-m", "dmxp", *args], capture_output=True, text=True, env=env, timeout=30)


def test_forwards_to_the_dmxp_program(domain):
    prod = dmxp.Producer("cli_chan", capacity=8)  # noqa: F841 - a live producer for the listing
    out = run_module("--json", "channel", "info", "cli_chan")
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    assert (info["name"], info["domain"], info["capacity"], info["producers"]) == ("cli_chan", domain, 8, 1)
    listed = run_module("channel", "list")
    assert listed.returncode == 0 and "cli_chan" in listed.stdout


def test_builtin_channel_verbs_without_the_program(domain):
    prod = dmxp.Producer("solo", capacity=16)
    out = run_module("channel", "list", cli=False)
    assert out.returncode == 0, out.stderr
    assert [c["name"] for c in json.loads(out.stdout)["channels"]] == ["solo"]
    info = json.loads(run_module("channel", "info", "solo", cli=False).stdout)
    assert info["capacity"] == 16 and info["producers"] == 1
    missing = run_module("channel", "info", "nope", cli=False)
    assert missing.returncode == 1
    assert missing.stderr == ("dmxp: channel not found: cannot open segment "
                              f"/dev/shm/dmxp.{domain}.ch.nope: No such file or directory\n")
    bad = run_module("node", "list", cli=False)
    assert bad.returncode == 2 and "usage: python -m dmxp" in bad.stderr
    prod.close()
    assert run_module("channel", "rm", "solo", cli=False).returncode == 0
    assert dmxp.list_channels() == []
