"""dmxp lifecycle nodes/get/list/set against live managed nodes (rt_test_lifecycle_node,
tests/rt/lifecycle/managed_node.cpp), with the exact output of `ros2 lifecycle`."""
import os
import time

from cli_harness import complete, domain, interrupt  # noqa: F401  (fixture)

MANAGED = os.environ["CLI_LIFECYCLE_NODE"]


def start_managed(domain, name):
    p = domain.start([MANAGED, "--ros-args", "-r", f"__node:={name}"])
    deadline = time.time() + 20
    while domain.dmxp("lifecycle", "get", name).returncode != 0:
        assert time.time() < deadline, f"{name} never answered"
        time.sleep(0.02)
    return p


def test_get_list_set_through_a_whole_life(domain):
    camera = start_managed(domain, "camera")
    assert domain.dmxp("lifecycle", "get", "/camera", check=0).stdout == "unconfigured [1]\n"
    assert domain.dmxp("lifecycle", "list", "camera", check=0).stdout == (
        "- configure [1]\n\tStart: unconfigured\n\tGoal: configuring\n"
        "- shutdown [5]\n\tStart: unconfigured\n\tGoal: shuttingdown\n")
    assert domain.dmxp("lifecycle", "set", "/camera", "configure", check=0).stdout == "Transitioning successful\n"
    assert domain.dmxp("lifecycle", "get", "camera", check=0).stdout == "inactive [2]\n"
    assert domain.dmxp_json("lifecycle", "list", "/camera") == [
        {"id": 2, "label": "cleanup", "start": "inactive", "goal": "cleaningup"},
        {"id": 3, "label": "activate", "start": "inactive", "goal": "activating"},
        {"id": 6, "label": "shutdown", "start": "inactive", "goal": "shuttingdown"}]
    assert domain.dmxp("lifecycle", "set", "/camera", "3", check=0).stdout == "Transitioning successful\n"  # by id
    assert domain.dmxp_json("lifecycle", "get", "/camera") == [{"node": "/camera", "state": "active", "id": 3}]
    r = domain.dmxp("lifecycle", "set", "/camera", "configure")
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == ("dmxp: lifecycle set /camera configure: unknown transition from state 'active', available "
                        "ones are: deactivate [4], shutdown [7]\n")
    assert domain.dmxp("lifecycle", "set", "/camera", "shutdown", check=0).stdout == "Transitioning successful\n"
    assert domain.dmxp("lifecycle", "get", "/camera", check=0).stdout == "finalized [4]\n"
    assert domain.dmxp("lifecycle", "list", "/camera", check=0).stdout == ""
    graph = domain.dmxp("lifecycle", "list", "/camera", "--all", check=0).stdout
    assert graph.count("- ") == 25
    assert graph.startswith("- configure [1]\n\tStart: unconfigured\n\tGoal: configuring\n"
                            "- transition_success [10]\n\tStart: configuring\n\tGoal: inactive\n")
    assert graph.endswith("- transition_error [62]\n\tStart: errorprocessing\n\tGoal: finalized\n")
    assert interrupt(camera)[0] == 0


def test_a_failing_callback_and_every_managed_node(domain):
    start_managed(domain, "lidar")
    start_managed(domain, "arm")
    assert domain.dmxp("lifecycle", "nodes", check=0).stdout == "/arm\n/lidar\n"
    assert domain.dmxp_json("lifecycle", "nodes") == ["/arm", "/lidar"]
    domain.dmxp("param", "set", "/arm", "on_configure_returns", "FAILURE", check=0)
    r = domain.dmxp("lifecycle", "set", "/arm", "configure")
    assert r.returncode == 1
    assert r.stderr == "dmxp: lifecycle set /arm configure: Transitioning failed (the node is now unconfigured [1])\n"
    domain.dmxp("lifecycle", "set", "/lidar", "configure", check=0)
    assert domain.dmxp("lifecycle", "get", check=0).stdout == "/arm: unconfigured [1]\n/lidar: inactive [2]\n"


def test_errors_and_usage(domain):
    r = domain.dmxp("lifecycle", "get", "/ghost")
    assert r.returncode == 1
    assert r.stderr == (f"dmxp: lifecycle get /ghost: no managed node '/ghost' in domain '{domain.name}' "
                        "(see 'dmxp lifecycle nodes')\n")
    # A plain node is not managed.
    talker = domain.talker("/count", "int32", 1, 200, "--linger")
    assert talker.stdout.readline().strip() == "done 1"
    r = domain.dmxp("lifecycle", "set", "/cli_talker", "configure")
    assert r.returncode == 1 and "no managed node '/cli_talker'" in r.stderr
    assert domain.dmxp("lifecycle", "nodes", check=0).stdout == ""
    for args in (["lifecycle"], ["lifecycle", "set", "/x"], ["lifecycle", "list"], ["lifecycle", "fly", "/x"]):
        r = domain.dmxp(*args)
        assert r.returncode == 2, args
        assert r.stderr.startswith("dmxp: lifecycle takes nodes | get [<node>] | list <node> [-a] | set <node> "
                                   "<transition>"), r.stderr
    for verb in ("nodes", "get", "list", "set"):
        assert domain.dmxp("lifecycle", verb, "--help", check=0).stdout.startswith(f"usage: dmxp")


def test_bash_completion_offers_managed_nodes_and_their_transitions(domain):
    start_managed(domain, "gripper")
    assert complete(domain, "dmxp", "li") == ["lifecycle"]
    assert complete(domain, "dmxp", "lifecycle", "") == ["nodes", "get", "list", "set"]
    assert complete(domain, "dmxp", "lifecycle", "set", "/gr") == ["/gripper"]
    assert complete(domain, "dmxp", "lifecycle", "set", "/gripper", "") == ["configure", "shutdown"]
    assert complete(domain, "dmxp", "lifecycle", "list", "/gripper", "-") == ["-a", "--all"]
