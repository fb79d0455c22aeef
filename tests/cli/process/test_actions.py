"""dmxp action list/info/send_goal against the Fibonacci example server (examples/actions) in
its own process: listing and info (text and JSON), a goal with and without --feedback, the
exact output, rejection, Ctrl-C canceling a running goal, and bad input."""
import os
import signal
import subprocess
import time

from cli_harness import domain, finish  # noqa: F401  (fixture)

FIB_SERVER = os.environ["CLI_FIB_SERVER"]
FIBONACCI = "example_interfaces/action/Fibonacci"


def start_server(domain, step_ms=1):
    p = domain.start([FIB_SERVER, "--ros-args", "-p", f"step_ms:={step_ms}"])
    deadline = time.time() + 10
    while "/fibonacci" not in domain.dmxp("action", "list").stdout.split():
        assert time.time() < deadline, "the Fibonacci server never appeared"
        time.sleep(0.02)
    return p


def block(numbers):
    return "".join(f"      - {n}\n" for n in numbers)


def test_list_and_info(domain):
    assert domain.dmxp("action", "list", check=0).stdout == ""
    server = start_server(domain)
    assert domain.dmxp("action", "list", check=0).stdout == "/fibonacci\n"
    assert domain.dmxp("action", "list", "-t", check=0).stdout == f"/fibonacci [{FIBONACCI}]\n"
    assert domain.dmxp_json("action", "list") == [{"action": "/fibonacci", "type": FIBONACCI}]
    assert domain.dmxp("action", "info", "fibonacci", check=0).stdout == (
        f"Action: /fibonacci\nType: {FIBONACCI}\nAction clients: 0\nAction servers: 1\n    /fibonacci_server\n")
    assert domain.dmxp_json("action", "info", "/fibonacci") == {
        "action": "/fibonacci", "type": FIBONACCI, "servers": ["/fibonacci_server"], "clients": []}
    r = domain.dmxp("action", "info", "/nope", check=1)
    assert r.stderr == f"dmxp: unknown action '/nope' in domain '{domain.name}' (see 'dmxp action list')\n"
    assert server.poll() is None


def test_send_goal_prints_feedback_and_result(domain):
    start_server(domain)
    r = domain.dmxp("action", "send_goal", "/fibonacci", FIBONACCI, "{order: 4}", "--feedback", check=0)
    lines = r.stdout.split("\n\n")
    assert lines[0] == "Sending goal:\n    order: 4"
    assert lines[1].startswith("Goal accepted with ID: ") and len(lines[1]) == len("Goal accepted with ID: ") + 36
    assert r.stdout.endswith(
        "Feedback:\n    sequence:\n" + block([0, 1, 1]) + "\n"
        "Feedback:\n    sequence:\n" + block([0, 1, 1, 2]) + "\n"
        "Feedback:\n    sequence:\n" + block([0, 1, 1, 2, 3]) + "\n"
        "Result:\n    sequence:\n" + block([0, 1, 1, 2, 3]) + "\n"
        "Goal finished with status: SUCCEEDED\n")
    # Without --feedback, and with the short type spelling: the result only.
    r = domain.dmxp("action", "send_goal", "fibonacci", "example_interfaces/Fibonacci", "order: 2", check=0)
    assert "Feedback" not in r.stdout
    assert r.stdout.endswith("Result:\n    sequence:\n" + block([0, 1, 1]) + "\nGoal finished with status: SUCCEEDED\n")


def test_rejected_goal_and_bad_input(domain):
    start_server(domain)
    r = domain.dmxp("action", "send_goal", "/fibonacci", FIBONACCI, "{order: 47}", check=1)
    assert r.stdout == "Sending goal:\n    order: 47\n\nGoal was rejected.\n"
    r = domain.dmxp("action", "send_goal", "/fibonacci", "example_interfaces/action/Other", "{}", check=1)
    assert r.stderr == f"dmxp: action send_goal: action '/fibonacci' is {FIBONACCI}, not example_interfaces/action/Other\n"
    r = domain.dmxp("action", "send_goal", "/fibonacci", FIBONACCI, "{ordr: 1}", check=1)
    assert r.stderr == (f"dmxp: action send_goal: {FIBONACCI}_Goal: line 1, column 2: field 'ordr' is not in "
                        f"{FIBONACCI}_Goal (fields: order)\n")
    r = domain.dmxp("action", "send_goal", "/elsewhere", FIBONACCI, "{}", check=1)
    assert r.stderr == (f"dmxp: action send_goal: action '/elsewhere' has no server in domain '{domain.name}' "
                        "(no channel q.elsewhere._action.send_goal; see 'dmxp action list')\n")
    r = domain.dmxp("action", "send_goal", "/fibonacci", FIBONACCI, check=2)
    assert r.stderr == "dmxp: action send_goal takes <action> <type> '<yaml>' (try 'dmxp --help')\n"
    assert "usage: dmxp action send_goal <action> <type> '<yaml>' [--feedback]" in domain.dmxp(
        "action", "send_goal", "--help", check=0).stdout


def test_ctrl_c_cancels_the_running_goal(domain):
    start_server(domain, step_ms=50)
    p = domain.background("action", "send_goal", "/fibonacci", FIBONACCI, "{order: 46}", "--feedback")
    seen = ""
    while "Feedback:" not in seen:
        line = p.stdout.readline()
        assert line, p.stderr.read()
        seen += line
    p.send_signal(signal.SIGINT)
    code, out, err = finish(p)
    assert code == 1, err
    assert "Canceling goal...\n" in out
    assert out.endswith("Goal finished with status: CANCELED\n")
