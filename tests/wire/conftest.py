"""Fixtures of the wire tests (pytest in build/ros2-venv, see tests/wire/CMakeLists.txt):
the descriptors of every standard type, the codec as a filter program, rosbags' store."""

import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

import dmxp_layout  # noqa: E402
import rosbags_oracle  # noqa: E402

_DIRS = os.environ.get("DMXP_DESCRIPTOR_DIRS", "")
# {DMXP type name: (descriptor, file)} of every standard type, for parametrizing.
DESCRIPTORS = dmxp_layout.load_descriptors(_DIRS.split(os.pathsep) if _DIRS else [])
ROS2_SHARE = os.path.join(sys.prefix, "share")  # the ROS 2 wheels' share/ in this venv


def env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run these tests through ctest (ctest -L wire)")
    return value


@pytest.fixture(scope="session")
def descriptors():
    env("DMXP_DESCRIPTOR_DIRS")
    return DESCRIPTORS


@pytest.fixture(scope="session")
def ts():
    return rosbags_oracle.typestore(ROS2_SHARE)


class CodecTool:
    """wire_cdr_tool (cdr_tool.cpp): the C++ codec on one message per call."""

    def __init__(self, path):
        self.path = path

    def run(self, mode, descriptor_file, data=b""):
        p = subprocess.run([self.path, mode, descriptor_file], input=data, capture_output=True, timeout=60)
        return p.returncode, p.stdout, p.stderr.decode()

    def ok(self, mode, descriptor_file, data=b""):
        rc, out, err = self.run(mode, descriptor_file, data)
        assert rc == 0, f"wire_cdr_tool {mode} {descriptor_file}: exit {rc}: {err}"
        return out


@pytest.fixture(scope="session")
def codec():
    return CodecTool(env("WIRE_CDR_TOOL"))
