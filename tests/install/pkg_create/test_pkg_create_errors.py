"""`dmxp pkg create` refusing what it cannot make well, with the exact error line: names that
break ROS's rules or the generated code, an existing directory (left untouched), and a broken
template (nothing written). Also the exact set of files each kind of package gets."""

import os
import subprocess

import pytest

PACKAGE_RULE = (" (ROS package names, REP 144: lowercase letters, digits and single underscores, "
                "starting with a letter, at least 2 characters; e.g. my_robot_pkg)")
NODE_RULE = " (node names: letters, digits and '_', starting with a letter; e.g. obstacle_detector)"


def pkg_create(build_dir, cwd, *args, env=None):
    return subprocess.run([str(build_dir / "bin" / "dmxp"), "pkg", "create", *args], cwd=cwd,
                          capture_output=True, text=True, env=env)


@pytest.mark.parametrize("name, reason", [
    ("My_pkg", "it starts with 'M'" + PACKAGE_RULE),
    ("1pkg", "it starts with '1'" + PACKAGE_RULE),
    ("my-pkg", "'-' at position 3 is not allowed" + PACKAGE_RULE),
    ("my_Pkg", "'P' at position 4 is not allowed" + PACKAGE_RULE),
    ("my__pkg", "'__' at position 3 is not allowed" + PACKAGE_RULE),
    ("a", "too short" + PACKAGE_RULE),
    ("class", "it is a keyword in C++ and Python"),
    ("register", "it is a keyword in C++"),
    ("lambda", "it is a keyword in Python"),
    ("std", "it is a namespace the generated C++ uses"),
])
def test_bad_package_name(build_dir, tmp_path, name, reason):
    p = pkg_create(build_dir, tmp_path, name, "--cpp")
    assert (p.returncode, p.stdout, p.stderr) == (1, "", f"dmxp: invalid package name '{name}': {reason}\n")
    assert os.listdir(tmp_path) == []


def test_standard_message_package_name(build_dir, tmp_path):
    p = pkg_create(build_dir, tmp_path, "geometry_msgs", "--python")
    assert p.returncode == 1
    assert p.stderr.startswith("dmxp: invalid package name 'geometry_msgs': DMXP's standard message "
                               "package geometry_msgs (in "), p.stderr
    assert p.stderr.endswith("/msgs) has that name\n"), p.stderr
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("node, reason", [
    ("9lives", "it starts with '9'" + NODE_RULE),
    ("_hidden", "it starts with '_'" + NODE_RULE),
    ("my-node", "'-' at position 3 is not allowed" + NODE_RULE),
    ("import", "it is a keyword in Python"),
    ("dmxp", "it is a namespace the generated C++ uses"),
    ("test", "the package's CMakeLists.txt has a target of that name already"),
    ("demo_msgs", "the package's CMakeLists.txt has a target of that name already"),
])
def test_bad_node_name(build_dir, tmp_path, node, reason):
    p = pkg_create(build_dir, tmp_path, "demo", "--cpp", "--node", node)
    assert (p.returncode, p.stderr) == (1, f"dmxp: invalid node name '{node}': {reason}\n")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("args, message", [
    (["demo"], "pkg create needs --cpp or --python"),
    (["--cpp"], "pkg create needs a package name"),
    (["demo", "--cpp", "--python"], "pkg create takes --cpp or --python, not both"),
    (["demo", "other", "--cpp"], "pkg create takes one package name, got 'demo' and 'other'"),
    (["demo", "--cpp", "--node"], "--node takes a node name"),
    (["demo", "--cpp", "--force"], "unknown option '--force' of pkg create"),
])
def test_usage_errors(build_dir, tmp_path, args, message):
    p = pkg_create(build_dir, tmp_path, *args)
    assert (p.returncode, p.stderr) == (2, f"dmxp: {message} (try 'dmxp --help')\n")


@pytest.mark.parametrize("existing", ["directory", "file", "empty directory"])
def test_never_overwrites(build_dir, tmp_path, existing):
    target = tmp_path / "demo"
    if existing == "file":
        target.write_text("mine\n")
    else:
        target.mkdir()
        if existing == "directory":
            (target / "CMakeLists.txt").write_text("mine\n")
    p = pkg_create(build_dir, tmp_path, "demo", "--python", "--msg")
    assert (p.returncode, p.stdout, p.stderr) == (
        1, "", "dmxp: 'demo' exists already; dmxp pkg create never overwrites (choose another name, or move it away)\n")
    assert sorted(os.listdir(tmp_path)) == ["demo"]  # no staging directory left either
    if existing == "directory":
        assert os.listdir(target) == ["CMakeLists.txt"]
        assert (target / "CMakeLists.txt").read_text() == "mine\n"
    elif existing == "file":
        assert target.read_text() == "mine\n"
    else:
        assert os.listdir(target) == []


def files_under(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize("language, own_message, files", [
    ("--cpp", True, [".gitignore", "CMakeLists.txt", "README.md", "graph.yaml", "msg/Measurement.msg",
                     "package.xml", "src/scanner.cpp"]),
    ("--cpp", False, [".gitignore", "CMakeLists.txt", "README.md", "graph.yaml", "package.xml", "src/scanner.cpp"]),
    ("--python", True, [".gitignore", "README.md", "graph.yaml", "pyproject.toml", "robot_io/__init__.py",
                        "robot_io/msg/Measurement.msg", "robot_io/scanner.py"]),
    ("--python", False, [".gitignore", "README.md", "graph.yaml", "pyproject.toml", "robot_io/__init__.py",
                         "robot_io/scanner.py"]),
])
def test_files_of_a_package(build_dir, tmp_path, language, own_message, files):
    p = pkg_create(build_dir, tmp_path, "robot_io", language, "--node", "scanner", *(["--msg"] if own_message else []))
    assert p.returncode == 0, p.stderr
    package = tmp_path / "robot_io"
    assert files_under(package) == files
    lines = p.stdout.splitlines()
    kind = ("C++" if language == "--cpp" else "Python") + ", node scanner"
    kind += ", message robot_io/msg/Measurement" if own_message else ""
    assert lines[0] == f"created package robot_io ({kind}) in ./robot_io:"
    assert sorted(lines[1:-1]) == [f"  robot_io/{f}" for f in files]
    assert lines[-1] == "how to build and run it: robot_io/README.md"
    for f in files:
        text = (package / f).read_text()
        assert "{{" not in text and "}}" not in text, f  # every placeholder and section resolved
    node_source = (package / files[-1]).read_text()
    assert ("class Scanner" in node_source) and ("Measurement" in node_source) == own_message


def test_a_broken_template_names_its_line_and_writes_nothing(build_dir, tmp_path):
    templates = tmp_path / "templates"
    (templates / "pkg" / "cpp").mkdir(parents=True)
    (templates / "pkg" / "cpp" / "MANIFEST").write_text("good.in good.txt\nbad.in bad.txt\n")
    (templates / "pkg" / "cpp" / "good.in").write_text("{{package}}\n")
    (templates / "pkg" / "cpp" / "bad.in").write_text("first\n{{#msg}}\n{{packgae}}\n{{/msg}}\n")
    work = tmp_path / "work"
    work.mkdir()
    env = dict(os.environ, DMXP_TEMPLATES_DIR=str(templates))
    p = pkg_create(build_dir, work, "demo", "--cpp", "--msg", env=env)
    assert (p.returncode, p.stderr) == (1, f"dmxp: {templates}/pkg/cpp/bad.in:3: unknown variable '{{{{packgae}}}}'\n")
    assert os.listdir(work) == []
    # Without --msg the broken line is in a section that is left out: the package is made.
    p = pkg_create(build_dir, work, "demo", "--cpp", env=env)
    assert p.returncode == 0, p.stderr
    assert (work / "demo" / "bad.txt").read_text() == "first\n"
    assert (work / "demo" / "good.txt").read_text() == "demo\n"
