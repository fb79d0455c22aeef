"""Fixtures of the `dmxp pkg create` tests: the build tree under test, a DMXP domain per test
(removed afterwards), and the environment the user's shell would have."""

import itertools
import os
import pathlib

import pytest

from newuser import remove_domain

BUILD = pathlib.Path(os.environ["DMXP_BUILD_DIR"])
_counter = itertools.count()


@pytest.fixture
def build_dir():
    return BUILD


@pytest.fixture
def domain():
    name = f"{os.environ.get('DMXP_TEST_DOMAIN_PREFIX', 't')}pkg{os.getpid()}_{next(_counter)}"
    yield name
    remove_domain(name)


@pytest.fixture
def user_env(domain):
    """The environment of every process the test starts: its domain, nothing from a DMXP build
    that a user would not have (the tool finds its data files beside itself)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DMXP_")}
    env["DMXP_DOMAIN"] = domain
    return env
