"""The Debian packages of tools/scripts/package.sh, as a user without a DMXP build gets them:
their metadata (names, versions, Depends between them and on Debian's libraries) and
contents (every installed file in exactly one package), then, unpacked into a fresh root
with `dpkg -x` (no container, no root rights), a package `dmxp pkg create` makes there is
built against them and run under their dmxp-launch."""

import os
import pathlib
import subprocess

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


def test_debian_packages(tmp_path, user_env):
    out = tmp_path / "packages"
    run(["bash", SOURCE / "tools" / "scripts" / "package.sh", "--no-wheel", "--out", out, "--build", BUILD],
        timeout=900)
    debs = {name: out / f"{name}_{VERSION}-1_{ARCH}.deb" for name in PACKAGES}
    assert sorted(p.name for p in out.iterdir()) == sorted(d.name for d in debs.values())

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
        "/usr/lib/libdmxp_rt.so.0", f"/usr/lib/libdmxp_rt.so.{VERSION}"}
    assert {"/usr/include/dmxp/dmxp.h", "/usr/include/dmxp/rt/rt.hpp", "/usr/lib/libdmxp.so", "/usr/lib/libdmxp_rt.so",
            "/usr/lib/cmake/dmxp/dmxpConfig.cmake", "/usr/lib/cmake/dmxp/DmxpMessages.cmake",
            "/usr/lib/pkgconfig/dmxp.pc", "/usr/share/dmxp/msgs/std_msgs/msg/Header.msg",
            "/usr/share/dmxp/msgs/std_srvs/srv/Trigger.srv"} <= files["dmxp-dev"]
    assert {"/usr/bin/dmxp", "/usr/bin/dmxp-launch", "/usr/bin/dmxp-container", "/usr/bin/dmxp-msgc",
            "/usr/share/dmxp/templates/pkg/cpp/MANIFEST", "/usr/share/bash-completion/completions/dmxp"} <= files["dmxp-tools"]

    # A fresh root holding only the packages; the package and its graph come from their tools.
    root = tmp_path / "root"
    for deb in debs.values():
        run(["dpkg", "-x", deb, root])
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
