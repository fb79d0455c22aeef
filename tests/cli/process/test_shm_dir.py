"""$DMXP_SHM_DIR: `dmxp channel list`, `topic list` and `node list` look in that directory (where
a talker started with the same variable put its channels and graph), never in /dev/shm; a bad
value is refused with a message naming the variable."""
import glob
import os
import subprocess

import pytest

from cli_harness import DMXP, TALKER, domain  # noqa: F401  (fixture)

ADVICE = "; set it to the absolute path of an existing directory, or unset it to use /dev/shm"


def run(args, env):
    return subprocess.run([DMXP, *args], env=env, capture_output=True, text=True, timeout=30)


def test_list_verbs_look_in_the_directory(domain, tmp_path):
    shm = tmp_path / "shm"
    shm.mkdir()
    env = dict(domain.env(), DMXP_SHM_DIR=str(shm))
    talker = subprocess.Popen([TALKER, "--topic", "/pose", "--type", "pose", "--count", "3", "--rate", "200",
                               "--linger"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    domain.procs.append(talker)
    assert talker.stdout.readline().strip() == "ready"
    assert talker.stdout.readline().strip() == "done 3"

    names = sorted(os.listdir(shm))
    assert f"dmxp.{domain.name}.ch.t.pose" in names
    assert f"dmxp.{domain.name}.keys" in names
    assert f"dmxp.{domain.name}.graph" in names
    assert glob.glob(f"/dev/shm/dmxp.{domain.name}.*") == []

    channels = run(["channel", "list"], env)
    assert channels.returncode == 0, channels.stderr
    assert "t.pose" in channels.stdout
    topics = run(["topic", "list", "-t"], env)
    assert topics.returncode == 0, topics.stderr
    assert "/pose [geometry_msgs/PoseStamped]" in topics.stdout.splitlines()
    assert "/cli_talker" in run(["node", "list"], env).stdout.splitlines()

    # Without the variable the tools look in /dev/shm, where this domain has nothing.
    assert "t.pose" not in domain.dmxp("channel", "list", check=0).stdout
    assert domain.dmxp("topic", "list", check=0).stdout == ""
    assert glob.glob(f"/dev/shm/dmxp.{domain.name}.*") == []

    talker.terminate()
    talker.wait(10)
    removed = run(["channel", "gc"], env)
    assert removed.returncode == 0, removed.stderr
    assert f"dmxp.{domain.name}.ch.t.pose" not in os.listdir(shm)
    for f in os.listdir(shm):
        os.unlink(shm / f)


@pytest.mark.parametrize("value, message", [
    ("", "DMXP_SHM_DIR is set but empty" + ADVICE),
    ("relative/dir", "DMXP_SHM_DIR 'relative/dir' is not an absolute path" + ADVICE),
    ("/nonexistent/dmxp-shm", "DMXP_SHM_DIR '/nonexistent/dmxp-shm' is not a directory "
                              "(No such file or directory)" + ADVICE),
])
def test_a_bad_value_is_refused(domain, value, message):
    env = dict(domain.env(), DMXP_SHM_DIR=value)
    r = run(["channel", "list"], env)
    assert r.returncode == 1
    assert r.stderr == f"dmxp: list: invalid argument: {message}\n"
    r = run(["topic", "list"], env)
    assert r.returncode == 1
    assert r.stderr == f"dmxp: topic list: invalid argument: {message}\n"
    assert glob.glob(f"/dev/shm/dmxp.{domain.name}.*") == []
