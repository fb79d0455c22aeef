"""dmxp component list/load/unload/types against a running dmxp-container, with the exact
output of `ros2 component`: components (tests/rt/components) loaded into the container while it
runs, their topics publishing, unloaded and gone; load errors; a constructor that throws (the
container lives on) or aborts (the container dies, as in ROS 2); SIGKILL during a load."""
import os
import signal
import time

from cli_harness import domain, finish, interrupt  # noqa: F401  (fixture)

CONTAINER = os.environ["CLI_CONTAINER"]
COMPONENTS = os.environ["CLI_COMPONENTS"]


def start_container(domain, name):
    p = domain.start([CONTAINER, "--ros-args", "-r", f"__node:={name}"])
    deadline = time.time() + 20
    while f"/{name}\n" not in domain.dmxp("component", "list").stdout:
        assert p.poll() is None, p.stderr.read()
        assert time.time() < deadline, f"{name} never served its services"
        time.sleep(0.02)
    return p


def test_load_see_it_publish_unload_see_it_gone(domain):
    box = start_container(domain, "box")
    assert domain.dmxp("component", "list", check=0).stdout == "/box\n"
    r = domain.dmxp("component", "load", "/box", COMPONENTS, "rt_test::Talker", check=0)
    assert r.stdout == "Loaded component 1 into '/box' container node as '/talker'\n"
    r = domain.dmxp("component", "load", "box", COMPONENTS, "rt_test::Talker", "-n", "second",
                    "--node-namespace", "/ns", "-r", "chatter:=/other", check=0)
    assert r.stdout == "Loaded component 2 into '/box' container node as '/ns/second'\n"
    assert domain.dmxp("component", "list", check=0).stdout == "/box\n  1  /talker\n  2  /ns/second\n"
    assert domain.dmxp("component", "list", "/box", check=0).stdout == "1  /talker\n2  /ns/second\n"
    assert domain.dmxp_json("component", "list") == [
        {"container": "/box", "components": [{"id": 1, "name": "/talker"}, {"id": 2, "name": "/ns/second"}]}]
    # Its topic publishes, read by another process.
    echo = domain.dmxp("topic", "echo", "/chatter", "--once", "--json", "--timeout", "10", check=0)
    assert '"seq"' in echo.stdout
    assert "/other" in domain.dmxp("topic", "list", check=0).stdout.split()
    r = domain.dmxp("component", "unload", "/box", "1", "2", check=0)
    assert r.stdout == ("Unloaded component 1 from '/box' container node\n"
                        "Unloaded component 2 from '/box' container node\n")
    assert domain.dmxp("component", "list", "/box", check=0).stdout == ""
    nodes = domain.dmxp("node", "list", check=0).stdout.split()
    assert "/talker" not in nodes and "/ns/second" not in nodes and "/box" in nodes
    assert domain.dmxp_json("node", "info", "/box") is not None
    assert interrupt(box)[0] == 0


def test_load_and_unload_errors(domain):
    box = start_container(domain, "box")
    r = domain.dmxp("component", "load", "/box", COMPONENTS, "rt_test::Nope")
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == ("dmxp: component load /box: Failed to load component: Failed to find class with the requested "
                        f"plugin name 'rt_test::Nope' in library '{COMPONENTS}' (it registers: rt_test::Faulty, "
                        "rt_test::Listener, rt_test::Talker)\n")
    r = domain.dmxp("component", "load", "/box", "no_such_library", "x::Y")
    assert r.returncode == 1
    assert r.stderr.startswith("dmxp: component load /box: Failed to load component: Component library "
                               "'no_such_library' not found; tried /"), r.stderr
    domain.dmxp("component", "load", "/box", COMPONENTS, "rt_test::Talker", check=0)
    r = domain.dmxp("component", "load", "/box", COMPONENTS, "rt_test::Talker")
    assert r.returncode == 1
    assert r.stderr == (f"dmxp: component load /box: Failed to load component: A node named '/talker' already exists "
                        f"in domain '{domain.name}'\n")
    r = domain.dmxp("component", "unload", "/box", "7")
    assert r.returncode == 1
    assert r.stderr == ("dmxp: component unload /box: Failed to unload component 7 from '/box' container node: "
                        "No node found with unique_id: 7\n")
    r = domain.dmxp("component", "load", "/ghost", COMPONENTS, "rt_test::Talker")
    assert r.returncode == 1
    assert r.stderr == (f"dmxp: component load /ghost: Unable to find container node '/ghost' in domain "
                        f"'{domain.name}' (see 'dmxp component list')\n")
    for args in (["component"], ["component", "load", "/box"], ["component", "unload", "/box"],
                 ["component", "fly"]):
        r = domain.dmxp(*args)
        assert r.returncode == 2, args
        assert r.stderr.startswith("dmxp: component takes list [<container>] | load <container>"), r.stderr
    assert domain.dmxp("component", "types", COMPONENTS, check=0).stdout == (
        f"{COMPONENTS}\n  rt_test::Faulty\n  rt_test::Listener\n  rt_test::Talker\n")
    assert interrupt(box)[0] == 0


def test_a_throwing_constructor_leaves_the_container_running_an_aborting_one_ends_it(domain):
    box = start_container(domain, "box")
    domain.dmxp("component", "load", "/box", COMPONENTS, "rt_test::Talker", check=0)
    r = domain.dmxp("component", "load", "/box", COMPONENTS, "rt_test::Faulty", "-p", "mode:=throw")
    assert r.returncode == 1
    assert r.stderr == ("dmxp: component load /box: Failed to load component: Component constructor threw an "
                        "exception: component 'rt_test::Faulty': no camera at /dev/video9\n")
    # The container and its other component go on; the failed one left nothing behind.
    assert domain.dmxp("component", "list", "/box", check=0).stdout == "1  /talker\n"
    assert "/faulty" not in domain.dmxp("node", "list", check=0).stdout.split()
    domain.dmxp("topic", "echo", "/chatter", "--once", "--json", "--timeout", "10", check=0)
    # abort() in a constructor ends the process, as in ROS 2; the call says so instead of hanging.
    started = time.time()
    r = domain.dmxp("component", "load", "/box", COMPONENTS, "rt_test::Faulty", "-p", "mode:=abort")
    assert r.returncode == 1
    assert r.stderr == ("dmxp: component load /box: service '/box/_container/load_node': the server went away "
                        "before it answered\n")
    assert time.time() - started < 8
    assert finish(box)[0] == -signal.SIGABRT


def test_sigkill_during_a_load(domain):
    box = start_container(domain, "box")
    loading = domain.background("component", "load", "/box", COMPONENTS, "rt_test::Faulty", "-p", "mode:=sleep")
    deadline = time.time() + 10
    while "/faulty" not in domain.dmxp("node", "list", check=0).stdout.split():  # inside the constructor
        assert time.time() < deadline
        time.sleep(0.02)
    box.kill()
    assert finish(box)[0] == -signal.SIGKILL
    rc, out, err = finish(loading)
    assert (rc, out) == (1, "")
    assert err == "dmxp: component load /box: service '/box/_container/load_node': the server went away before it answered\n"
    # A new container of the same name starts clean.
    box2 = start_container(domain, "box")
    assert domain.dmxp("component", "list", "/box", check=0).stdout == ""
    assert interrupt(box2)[0] == 0
