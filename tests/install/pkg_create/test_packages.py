"""What tools/scripts/package.sh makes, as a user without a DMXP build gets it.

The Debian packages: their metadata (names, versions, Depends between them and on Debian's
libraries) and contents (every installed file in exactly one package); unpacked into a fresh
root with `dpkg -x` (no container, no root rights), a C++ package `dmxp pkg create` makes
there is built against them and run under their dmxp-launch, and so is a managed node on
their transform library (dmxp::tf) among their programs.

The wheel: its contents; unpacked (as pip would, without PyPI), its own `python -m dmxp pkg
create` makes a Python package with its own message type, which runs on the wheel alone
(dmxp.msg.load with the wheel's dmxp-msgc), launched by the wheel's dmxp-launch."""

import os
import pathlib
import shutil
import stat
import subprocess
import zipfile

import pytest

from conftest import BUILD
from newuser import cmake_build, run, run_package

SOURCE = pathlib.Path(__file__).resolve().parents[3]
VERSION = os.environ["DMXP_VERSION"]
ARCH = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()
PACKAGES = ["dmxp-dev", "dmxp-runtime", "dmxp-tools"]


def control(deb):
    fields, key = {}, None
    for line in run(["dpkg-deb", "-f", deb]).splitlines():
        if line.startswith(" "):
            fields[key] += "\n" + line
        else:
            key, _, value = line.partition(": ")
            fields[key] = value
    return fields


def contents(deb):
    """Paths of the non-directory entries, as /usr/..."""
    paths = []
    for line in run(["dpkg-deb", "-c", deb]).splitlines():
        if not line.startswith("d"):
            paths.append(line.split()[5].removeprefix("."))
    return set(paths)


def installed_files(prefix):
    return {"/usr/" + str(p.relative_to(prefix)) for p in prefix.rglob("*") if not p.is_dir()}


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    """package.sh's output folder (made once for the module)."""
    out = tmp_path_factory.mktemp("packages")
    run(["bash", SOURCE / "tools" / "scripts" / "package.sh", "--out", out, "--build", BUILD], timeout=900)
    return out


@pytest.fixture(scope="module")
def debs(packages):
    return {name: packages / f"{name}_{VERSION}-1_{ARCH}.deb" for name in PACKAGES}


@pytest.fixture(scope="module")
def root(debs, tmp_path_factory):
    """A fresh root holding only the Debian packages, unpacked."""
    r = tmp_path_factory.mktemp("root")
    for deb in debs.values():
        run(["dpkg", "-x", deb, r])
    return r


def test_package_sh_makes_three_debs_and_a_wheel(packages, debs):
    wheels = sorted(p.name for p in packages.glob("*.whl"))
    assert len(wheels) == 1 and wheels[0].startswith(f"dmxp-{VERSION}-"), wheels
    assert sorted(p.name for p in packages.iterdir()) == sorted([d.name for d in debs.values()] + wheels)


def test_debian_packages(debs, root, tmp_path, user_env):

    # Metadata: what each is, and what it needs.
    meta = {name: control(deb) for name, deb in debs.items()}
    for name, fields in meta.items():
        assert (fields["Package"], fields["Version"], fields["Architecture"]) == (name, f"{VERSION}-1", ARCH)
        assert fields["Maintainer"] and fields["Description"].startswith("DMXP "), fields
    depends = {name: [d.strip() for d in fields["Depends"].split(",")] for name, fields in meta.items()}
    exact = f"(= {VERSION}-1)"
    assert depends["dmxp-dev"] == [f"dmxp-tools {exact}", f"dmxp-runtime {exact}", "libspdlog-dev", "cmake (>= 3.25)"]
    assert depends["dmxp-tools"][0] == f"dmxp-runtime {exact}"
    for name in ("dmxp-runtime", "dmxp-tools"):  # from dpkg-shlibdeps: the libraries they link
        libs = {d.split()[0] for d in depends[name] if not d.startswith("dmxp-")}
        assert {"libc6", "libstdc++6", "libyaml-cpp0.7", "libfmt9"} <= libs, depends[name]
        assert any(lib.startswith("libspdlog") for lib in libs), depends[name]
    assert not any(d.startswith("dmxp-") for d in depends["dmxp-runtime"])
    assert meta["dmxp-runtime"]["Section"] == "libs" and meta["dmxp-dev"]["Section"] == "libdevel"

    # Contents: the whole `cmake --install`, each file in exactly one package, under /usr.
    files = {name: contents(deb) for name, deb in debs.items()}
    prefix = tmp_path / "prefix"
    run(["cmake", "--install", BUILD, "--prefix", prefix])
    everything = installed_files(prefix)
    assert files["dmxp-runtime"] | files["dmxp-dev"] | files["dmxp-tools"] == everything
    assert sum(len(f) for f in files.values()) == len(everything)  # no file in two packages
    assert {p for p in files["dmxp-runtime"]} == {
        "/usr/lib/libdmxp.so.0", f"/usr/lib/libdmxp.so.{VERSION}",
        "/usr/lib/libdmxp_rt.so.0", f"/usr/lib/libdmxp_rt.so.{VERSION}",
        "/usr/lib/libdmxp_wire.so.0", f"/usr/lib/libdmxp_wire.so.{VERSION}"}
    assert {"/usr/include/dmxp/dmxp.h", "/usr/include/dmxp/rt/rt.hpp", "/usr/lib/libdmxp.so", "/usr/lib/libdmxp_rt.so",
            "/usr/lib/cmake/dmxp/dmxpConfig.cmake", "/usr/lib/cmake/dmxp/DmxpMessages.cmake",
            "/usr/include/dmxp/tf/buffer.hpp", "/usr/lib/libdmxp_tf.a", "/usr/lib/cmake/dmxp/dmxpTfTargets.cmake",
            "/usr/lib/pkgconfig/dmxp.pc", "/usr/share/dmxp/msgs/std_msgs/msg/Header.msg",
            "/usr/share/dmxp/msgs/std_srvs/srv/Trigger.srv"} <= files["dmxp-dev"]
    assert {"/usr/bin/dmxp", "/usr/bin/dmxp-launch", "/usr/bin/dmxp-container", "/usr/bin/dmxp-msgc",
            "/usr/share/dmxp/templates/pkg/cpp/MANIFEST", "/usr/share/bash-completion/completions/dmxp"} <= files["dmxp-tools"]

    # In the root holding only the packages, the package and its graph come from their tools.
    usr = root / "usr"
    env = dict(user_env, PATH=f"{usr / 'bin'}:{os.environ['PATH']}", LD_LIBRARY_PATH=str(usr / "lib"),
               CMAKE_PREFIX_PATH=str(usr))
    work = tmp_path / "work"
    work.mkdir()
    run(["dmxp", "pkg", "create", "deb_pkg", "--cpp", "--msg"], cwd=work, env=env)
    package = work / "deb_pkg"
    cmake_build(package, package / "build", usr)
    run_package(usr / "bin" / "dmxp-launch", usr / "bin" / "dmxp", package / "graph.yaml", env, "robot3",
                "deb_pkg_node", gain=0.5, own_message=True, output_type="deb_pkg/Measurement")


def test_debian_packages_build_and_run_a_tf_node(root, tmp_path, user_env):
    """dmxp-dev is enough for find_package(dmxp COMPONENTS rt tf): the install test's managed
    tf node (tests/install/consumer_project/tf_main.cpp) builds against the unpacked packages
    and runs among their programs (tests/install/run_tf_user.sh checks the transform it looks
    up, exactly)."""
    usr = root / "usr"
    source = tmp_path / "consumer_project"
    shutil.copytree(SOURCE / "tests" / "install" / "consumer_project", source)
    build = tmp_path / "build"
    env = dict(os.environ, CCACHE_BASEDIR=str(tmp_path), CCACHE_NOHASHDIR="1")
    launcher = [f"-DCMAKE_CXX_COMPILER_LAUNCHER={shutil.which('ccache')}"] if shutil.which("ccache") else []
    run(["cmake", "-S", source, "-B", build, "-G", "Ninja", f"-DCMAKE_PREFIX_PATH={usr}", *launcher], env=env)
    run(["cmake", "--build", build, "--target", "downstream_tf"], env=env, timeout=600)
    env = dict(user_env, DMXP_TEST_DOMAIN_PREFIX=os.environ.get("DMXP_TEST_DOMAIN_PREFIX", "t"))
    assert run(["bash", SOURCE / "tests" / "install" / "run_tf_user.sh", usr, build / "downstream_tf"],
               env=env) == "downstream tf node: ok\n"


def unpack_wheel(wheel, site):
    """What pip puts into site-packages (zipfile drops the permission bits: set them back)."""
    with zipfile.ZipFile(wheel) as z:
        for info in z.infolist():
            path = pathlib.Path(z.extract(info, site))
            mode = info.external_attr >> 16
            if mode & stat.S_IXUSR:
                path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return {info.filename for info in zipfile.ZipFile(wheel).infolist()}


def test_wheel_alone_runs_a_python_package_with_its_own_message(packages, tmp_path, user_env):
    (wheel,) = packages.glob("*.whl")
    site = tmp_path / "site"
    names = unpack_wheel(wheel, site)
    assert {"dmxp/__init__.py", "dmxp/msg.py", "dmxp/bin/dmxp", "dmxp/bin/dmxp-msgc", "dmxp/bin/dmxp-launch",
            "dmxp/libdmxp.so.0",
            "dmxp/libdmxp_rt.so.0", "dmxp/share/dmxp/templates/pkg/python/MANIFEST",
            "dmxp/share/dmxp/msgs/geometry_msgs/msg/Point.msg", "std_msgs/msg/__init__.py",
            "geometry_msgs/msg/__init__.py", "dmxp/tf.py", "dmxp/_action.py", "dmxp/_lifecycle.py",
            "tf2_msgs/msg/__init__.py", "action_msgs/msg/__init__.py", "lifecycle_msgs/msg/__init__.py"} <= names, sorted(names)
    assert any(n.startswith("dmxp/_dmxp.") and n.endswith(".so") for n in names), sorted(names)

    # Nothing of a DMXP build on the paths: the wheel's package and programs, its dmxp-launch too.
    python = BUILD / "venv" / "bin" / "python"  # a Python with numpy, the wheel's one dependency
    env = dict(user_env, PYTHONPATH=str(site), PATH=f"{site / 'dmxp' / 'bin'}:{os.environ['PATH']}")
    work = tmp_path / "work"
    work.mkdir()
    run([python, "-m", "dmxp", "pkg", "create", "wheel_pkg", "--python", "--msg", "--node", "filter"],
        cwd=work, env=env)
    run_package(site / "dmxp" / "bin" / "dmxp-launch", site / "dmxp" / "bin" / "dmxp", work / "wheel_pkg" / "graph.yaml",
                env, "robot4", "filter", gain=-1.5, own_message=True, output_type="wheel_pkg/Measurement",
                extra_args=[f"python:={python}"])
