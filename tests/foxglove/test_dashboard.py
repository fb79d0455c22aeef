"""dmxp-foxglove's web dashboard in a real headless browser (Debian's /usr/bin/chromium, driven
by Playwright; its own browser download is never used), on the robot graph under dmxp-launch:
the page and its files come from the node itself, the tables fill (processes, topics with
publishers and subscribers, nodes), the counts and rates update between two samples, and both
plots (the latency probe's percentiles and a chosen Odometry field) draw on their canvas. A
screenshot is saved under the build tree and its path printed."""

import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from playwright.sync_api import sync_playwright

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get("DMXP_BIN_DIR", "")
SHOTS = os.environ.get("DMXP_FOXGLOVE_SCREENSHOT_DIR", "")
PREFIX = os.environ.get("DMXP_TEST_DOMAIN_PREFIX", "t")
CHROMIUM = "/usr/bin/chromium"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def state(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/state", timeout=5) as r:
        return json.load(r)


@pytest.fixture(scope="module")
def robot():
    if not BIN or not SHOTS:
        pytest.fail("DMXP_BIN_DIR and DMXP_FOXGLOVE_SCREENSHOT_DIR are not set: run through ctest (ctest -L foxglove)")
    port = free_port()
    domain = f"{PREFIX}foxdash{os.getpid()}"
    launch = subprocess.Popen([os.path.join(BIN, "dmxp-launch"), os.path.join(HERE, "robot_with_foxglove.yaml"),
                               f"port:={port}"], env=dict(os.environ, DMXP_DOMAIN=domain),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 30
        while True:
            try:
                s = state(port)
                if s["latency"] and s["latency"][0]["series"]["p50"]["v"] and s["processes"]:
                    break
            except OSError:
                pass
            assert time.time() < deadline and launch.poll() is None, "the robot graph did not come up"
            time.sleep(0.25)
        yield port
    finally:
        launch.send_signal(signal.SIGINT)
        try:
            launch.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            launch.kill()
            launch.communicate()
        for f in os.listdir("/dev/shm"):
            if f.startswith(f"dmxp.{domain}."):
                os.unlink(os.path.join("/dev/shm", f))


def row_cells(page, table, first_cell):
    """The text of each cell of the row of table whose first cell is first_cell."""
    return page.evaluate("""([table, first]) => {
        for (const tr of document.querySelectorAll('#' + table + ' tbody tr'))
          if (tr.cells[0].textContent === first) return [...tr.cells].map((c) => c.textContent);
        return null; }""", [table, first_cell])


def painted_pixels(page, selector):
    """Pixels of the plot's canvas that are not blank (uPlot draws the lines there)."""
    return page.evaluate("""(sel) => {
        const c = document.querySelector(sel + ' canvas');
        if (!c || !c.width || !c.height) return 0;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) ++n;
        return n; }""", selector)


def test_dashboard_fills_updates_and_plots(robot):
    port = robot
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        browser = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu"], viewport={"width": 1400, "height": 1300})
        try:
            page = browser.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"http://127.0.0.1:{port}/")
            assert page.title() == "DMXP dashboard"

            # Tables fill.
            page.wait_for_function("document.querySelectorAll('#topics tbody tr').length >= 6", timeout=15000)
            page.wait_for_function("document.querySelectorAll('#processes tbody tr').length >= 5", timeout=15000)
            odometry = row_cells(page, "processes", "/robot/odometry")
            assert odometry[1] == "running", odometry
            odom = row_cells(page, "topics", "/robot/odom")
            assert odom[1] == "nav_msgs/Odometry"
            assert odom[5] == "/robot/odometry", odom  # publishers
            assert "/robot/controller" in odom[6] and "/robot/planner" in odom[6], odom  # subscribers
            nodes = page.eval_on_selector_all("#nodes tbody tr", "rows => rows.map((r) => r.cells[0].textContent)")
            for n in ("/robot/odometry", "/robot/planner", "/robot/controller", "/latency_probe", "/foxglove"):
                assert n in nodes, nodes

            # Counts and rates update: two samples a few refreshes apart differ, at a live rate.
            first = row_cells(page, "topics", "/robot/imu")
            time.sleep(2.5)
            second = row_cells(page, "topics", "/robot/imu")
            assert int(second[2]) > int(first[2]), (first, second)
            for sample in (first, second):
                hz = float(sample[3].split()[0])
                assert 150 <= hz <= 250, sample  # the IMU publishes at 200 Hz

            # Plots draw: the latency percentiles, and a chosen field.
            page.wait_for_function("document.querySelector('#latency-plot canvas') !== null", timeout=10000)
            page.select_option("#field-topic", "/robot/odom")
            page.fill("#field-path", "pose.pose.position.x")
            time.sleep(3)
            assert painted_pixels(page, "#latency-plot") > 200
            assert painted_pixels(page, "#field-plot") > 200
            assert page.text_content("#field-error") == ""
            # A field that is not a number is refused with the server's reason.
            page.fill("#field-path", "header.frame_id")
            page.wait_for_function("document.querySelector('#field-error').textContent !== ''", timeout=5000)
            assert page.text_content("#field-error") == \
                "field 'header.frame_id' of nav_msgs/Odometry: 'frame_id' is a string, not a number"
            page.fill("#field-path", "pose.pose.position.x")
            time.sleep(1.5)
            assert errors == []

            os.makedirs(SHOTS, exist_ok=True)
            shot = os.path.join(SHOTS, "dashboard.png")
            page.screenshot(path=shot, full_page=True)
            assert os.path.getsize(shot) > 10000
            print(f"dashboard screenshot: {shot}")
        finally:
            browser.close()
