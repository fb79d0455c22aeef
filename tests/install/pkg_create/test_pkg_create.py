"""`dmxp pkg create` end to end, as a new user: generate a C++ package, build it against an
installed DMXP (`cmake --install` into a fresh prefix) and run its graph.yaml with the
installed dmxp-launch; generate a Python package and run it with the build tree's dmxp
package; check what the node publishes with `dmxp topic echo`, value by value."""

import os
import tomllib

import pytest

from newuser import cmake_build, run, run_package


@pytest.fixture(scope="module")
def prefix(tmp_path_factory):
    """DMXP installed into a fresh prefix, as `cmake --install` gives it to a user."""
    from conftest import BUILD

    p = tmp_path_factory.mktemp("prefix")
    run(["cmake", "--install", BUILD, "--prefix", p])
    return p


@pytest.mark.parametrize("own_message", [True, False], ids=["msg", "no_msg"])
def test_cpp_package_builds_against_an_installed_prefix_and_runs(prefix, tmp_path, user_env, own_message):
    dmxp = prefix / "bin" / "dmxp"
    run([dmxp, "pkg", "create", "demo_pkg", "--cpp", "--node", "detector", *(["--msg"] if own_message else [])],
        cwd=tmp_path, env=user_env)
    package = tmp_path / "demo_pkg"
    cmake_build(package, package / "build", prefix)
    output_type = "demo_pkg/Measurement" if own_message else "geometry_msgs/PointStamped"
    run_package(prefix / "bin" / "dmxp-launch", dmxp, package / "graph.yaml", user_env, "robot1", "detector",
                gain=2.5, own_message=own_message, output_type=output_type)


@pytest.mark.parametrize("own_message", [True, False], ids=["msg", "no_msg"])
def test_python_package_runs_under_dmxp_launch(build_dir, tmp_path, user_env, own_message):
    dmxp = build_dir / "bin" / "dmxp"
    run([dmxp, "pkg", "create", "py_pkg", "--python", *(["--msg"] if own_message else [])],
        cwd=tmp_path, env=user_env)
    package = tmp_path / "py_pkg"
    # `pip install -e .` would make the console script py_pkg_node from this entry point.
    project = tomllib.loads((package / "pyproject.toml").read_text())["project"]
    assert (project["name"], project["scripts"]) == ("py_pkg", {"py_pkg_node": "py_pkg.py_pkg_node:main"})
    # ...which is the main() that `python -m py_pkg.py_pkg_node` (graph.yaml) runs below.
    # The build tree's dmxp package and standard message types, as the wheel would provide,
    # and its programs on PATH (dmxp.msg.load runs dmxp-msgc) as a developer of DMXP has them.
    python_path = [str(build_dir / "python")] + sorted(str(p) for p in build_dir.glob("msgs/*_gen/python"))
    env = dict(user_env, PYTHONPATH=os.pathsep.join(python_path), PATH=f"{build_dir / 'bin'}:{user_env['PATH']}")
    output_type = "py_pkg/Measurement" if own_message else "geometry_msgs/PointStamped"
    run_package(build_dir / "bin" / "dmxp-launch", dmxp, package / "graph.yaml", env, "robot2", "py_pkg_node",
                gain=3, own_message=own_message, output_type=output_type,
                extra_args=[f"python:={build_dir / 'venv' / 'bin' / 'python'}"])
