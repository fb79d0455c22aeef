"""Shared fixtures of the bridge tests: skip (exit 77) unless network namespaces work, the
DMXP programs, and a DMXP domain per "host" whose segments are removed afterwards."""
import glob
import os

import pytest

import netns

BIN = os.environ.get("DMXP_BIN_DIR", "")
SOURCE = os.environ.get("DMXP_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))


def pytest_sessionstart(session):
    ok, why = netns.permitted()
    if not ok:
        print(f"SKIPPED: {why}")
        pytest.exit(f"SKIPPED: {why}", returncode=77)


def program(name):
    return os.path.join(BIN, name)


_domains = 0


@pytest.fixture
def domain_factory():
    """Makes DMXP domain names unique to this run; removes their segments afterwards."""
    made = []

    def make(tag):
        global _domains
        _domains += 1
        d = f"{os.environ.get('DMXP_TEST_DOMAIN_PREFIX', 't')}br{os.getpid()}{tag}{_domains}"
        made.append(d)
        return d

    yield make
    for d in made:
        for f in glob.glob(f"/dev/shm/dmxp.{d}.*"):
            os.unlink(f)


def host_env(domain, **extra):
    """The environment of one "host": its DMXP domain, ROS 2 on Fast DDS, domain 0."""
    env = dict(os.environ)
    env.update({"DMXP_DOMAIN": domain, "ROS_DOMAIN_ID": "0", "RMW_IMPLEMENTATION": "rmw_fastrtps_cpp",
                "DMXP_LOG_LEVEL": "info"})
    env.pop("CYCLONEDDS_URI", None)
    env.update(extra)
    return env
