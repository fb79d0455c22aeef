"""Two DMXP hosts, one DDS network: two network namespaces joined by a veth pair, each with its
own DMXP domain and a dmxp-bridge (examples/two_hosts). Host A runs the sensors and odometry,
host B the planner and controller; the robot still drives: host A receives the commands that
host B computed from host A's scan and odometry. And two bridges that both export and import
the same topic do not echo each other's messages."""
import json
import re
import subprocess

import pytest

import netns
from conftest import SOURCE, host_env, program

EXAMPLE = f"{SOURCE}/examples/two_hosts"


@pytest.fixture
def hosts(domain_factory):
    with netns.two_hosts() as (a, b):
        a.env = host_env(domain_factory("a"))
        b.env = host_env(domain_factory("b"))
        yield a, b


def dmxp(host, *args, timeout=20):
    return host.run([program("dmxp"), *args], host.env, timeout=timeout)


def routes(host, topic):
    r = dmxp(host, "--json", "topic", "info", topic)
    return json.loads(r.stdout)["bridges"] if r.returncode == 0 else []


def test_robot_graph_split_over_two_hosts_still_drives(hosts):
    a, b = hosts
    for host, graph in ((a, "host_a.yaml"), (b, "host_b.yaml")):
        host.spawn([program("dmxp-launch"), "--no-color", "--run-time", "40", f"{EXAMPLE}/{graph}"], host.env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for host in (a, b):
        netns.wait_for(lambda: dmxp(host, "topic", "type", "/robot/cmd_vel").returncode == 0, 10,
                       "dmxp-launch to create the topics")
    # Host B plans on host A's scan and odometry...
    path = dmxp(b, "--json", "topic", "echo", "/robot/path", "--once", "--timeout", "20", "--no-arr")
    assert path.returncode == 0, path.stderr
    assert json.loads(path.stdout)["header"]["frame_id"] == "odom"
    # ...and host A receives the commands: moving forward (toward the goal 8 m ahead) needs
    # the path, which needs the scan and the odometry: the loop closed over the network.
    cmd = dmxp(a, "--json", "topic", "echo", "/robot/cmd_vel", "--once", "--timeout", "15",
               "--filter", "linear.x > 0.1")
    assert cmd.returncode == 0, cmd.stderr
    assert 0.1 < json.loads(cmd.stdout)["linear"]["x"] <= 1.0  # max_speed 1.0
    a_cmd = netns.wait_for(lambda: [r for r in routes(a, "/robot/cmd_vel") if r["forwarded"] > 0], 5,
                           "host A's bridge to report commands imported")
    assert [r["direction"] for r in a_cmd] == ["import"]
    # What each side imported is never exported back.
    assert [r["direction"] for r in routes(b, "/robot/scan")] == ["import"]
    assert [r["direction"] for r in routes(b, "/robot/odom")] == ["import"]
    assert [r["direction"] for r in routes(a, "/robot/scan")] == ["export"]


def test_two_bridges_on_one_topic_do_not_echo(hosts):
    a, b = hosts
    for host, word in ((a, "from-a"), (b, "from-b")):
        host.spawn([program("dmxp-bridge"), "--ros-args", "-p", "export:=['/chat']", "-p", "import:=['/chat']",
                    "-p", "stats_period:=0.2"], host.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        host.spawn([program("dmxp"), "topic", "pub", "/chat", "std_msgs/String", f"{{data: {word}}}", "-r", "20"],
                   host.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The publishers start in the background: echo names an unknown topic an error, so wait
    # until each host's /chat exists before echoing it.
    for host in (a, b):
        netns.wait_for(lambda: dmxp(host, "topic", "type", "/chat").returncode == 0, 10,
                       "dmxp topic pub to create /chat")
    # Each host gets the other's messages...
    for host, other in ((a, "from-b"), (b, "from-a")):
        r = dmxp(host, "topic", "echo", "/chat", "--once", "--timeout", "15", "--filter", f"data == '{other}'")
        assert r.returncode == 0, r.stderr
    # ...the bridges skip what they imported when they export (counted as looped)...
    for host in (a, b):
        netns.wait_for(lambda: any(r["direction"] == "export" and r["looped"] > 20 for r in routes(host, "/chat")),
                       10, "an export route counting looped messages")
    # ...so each channel carries its own 20 Hz plus the other host's 20 Hz, not an echo storm.
    for host in (a, b):
        hz = dmxp(host, "topic", "hz", "/chat", "--duration", "3")
        rates = [float(x) for x in re.findall(r"average rate: ([0-9.]+)", hz.stdout)]
        assert rates, hz.stdout + hz.stderr
        assert 34 < rates[-1] < 46, hz.stdout
