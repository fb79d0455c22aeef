"""dmxp.msg.load: message types from .msg files at run time are the generator's types (every
standard type compared with the build's generated classes), work with every API that takes a
generated class, reach C++ (obstacle_reader, generated from the same .msg) and `dmxp topic
echo`, reload when a file changes, and fail with the compiler's diagnostics."""

import glob
import importlib
import os
import shutil
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import dmxp
from conftest import run_python

HERE = os.path.dirname(os.path.abspath(__file__))
OBSTACLE_MSGS = os.path.join(HERE, "data", "obstacle_msgs")
STANDARD = os.environ["DMXP_MSGS_DIR"]  # the compiler's standard root, set by ctest
READER = os.environ["DMXP_OBSTACLE_READER"]


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("DMXP_MSG_CACHE", str(tmp_path_factory.getbasetemp() / "msg-cache"))


def layout(dtype):
    """The item size and every field's name, offset and layout, recursively (what numpy's ==
    compares, spelled out so that a failure shows where)."""
    if dtype.subdtype is not None:
        base, shape = dtype.subdtype
        return (shape, layout(base))
    if dtype.names is None:
        return dtype.str
    return (dtype.itemsize, [(n, dtype.fields[n][1], layout(dtype.fields[n][0])) for n in dtype.names])


def constants(cls):
    return {k: v for k, v in vars(cls).items() if k.isupper() and k not in ("DTYPE",)}


def type_names_in(package_dir):
    names = [os.path.basename(f)[:-4] for f in glob.glob(os.path.join(package_dir, "msg", "*.msg"))]
    for f in glob.glob(os.path.join(package_dir, "srv", "*.srv")):
        names += [os.path.basename(f)[:-4] + "_Request", os.path.basename(f)[:-4] + "_Response"]
    for f in glob.glob(os.path.join(package_dir, "action", "*.action")):
        names += [os.path.basename(f)[:-7] + part for part in (
            "_Goal", "_Result", "_Feedback", "_SendGoal_Request", "_SendGoal_Response", "_GetResult_Request",
            "_GetResult_Response", "_FeedbackMessage")]
    return sorted(names)


STANDARD_PACKAGES = sorted(os.path.basename(p) for p in glob.glob(os.path.join(STANDARD, "*")) if os.path.isdir(p))


def test_the_standard_packages_are_all_there():
    assert STANDARD_PACKAGES == ["action_msgs", "builtin_interfaces", "composition_interfaces", "example_interfaces",
                                 "geometry_msgs", "lifecycle_msgs", "nav_msgs", "rcl_interfaces", "sensor_msgs",
                                 "std_msgs", "std_srvs", "tf2_msgs", "unique_identifier_msgs"]


@pytest.mark.parametrize("package", STANDARD_PACKAGES)
def test_every_standard_type_is_the_generated_one(package):
    loaded = dmxp.msg.load(os.path.join(STANDARD, package))
    generated = importlib.import_module(f"{package}.msg")
    assert sorted(loaded.types) == type_names_in(os.path.join(STANDARD, package))
    for name, cls in loaded.types.items():
        gen = getattr(generated, name)
        assert cls is not gen  # executed from the compiler's fresh output, not imported
        assert layout(cls.DTYPE) == layout(gen.DTYPE), name
        assert cls.DTYPE == gen.DTYPE and cls.DTYPE.itemsize == gen.DTYPE.itemsize, name
        assert (cls.TYPE_NAME, cls.FINGERPRINT, cls.SCHEMA) == (gen.TYPE_NAME, gen.FINGERPRINT, gen.SCHEMA), name
        assert cls.DESCRIPTOR.encode() == gen.DESCRIPTOR.encode(), name
        assert constants(cls) == constants(gen), name
        assert cls.__doc__ == gen.__doc__, name


def test_a_custom_type_using_std_msgs_and_geometry_msgs():
    msgs = dmxp.msg.load(OBSTACLE_MSGS)
    Obstacle = msgs.Obstacle
    from geometry_msgs.msg import Point, Point32
    from std_msgs.msg import Header

    assert msgs.package == "obstacle_msgs" and sorted(msgs.types) == ["Obstacle"]
    assert Obstacle.TYPE_NAME == "obstacle_msgs/Obstacle"
    assert (Obstacle.KIND_UNKNOWN, Obstacle.KIND_PERSON, Obstacle.KIND_CONE) == (0, 1, 2)
    # The layout rules: Header is 140 bytes (align 4); Point is 8-aligned; the bounded string
    # (4 + 32) and sequence (4 + 8 * 12) start 4-aligned after the one-byte kind.
    fields = {n: Obstacle.DTYPE.fields[n][1] for n in Obstacle.DTYPE.names}
    assert fields == {"header": 0, "position": 144, "radius": 168, "kind": 172, "label": 176, "outline": 212}
    assert Obstacle.DTYPE.itemsize == 312
    assert Obstacle.DTYPE["header"] == Header.DTYPE and Obstacle.DTYPE["position"] == Point.DTYPE
    assert Obstacle.DTYPE["outline"]["data"] == np.dtype((Point32.DTYPE, (8,)))
    # The build generated the same .msg for C++ and Python (py_test_obstacle_msgs).
    sys.path.insert(0, os.environ["DMXP_OBSTACLE_MSGS_PYTHON"])
    try:
        from obstacle_msgs.msg import Obstacle as Generated
    finally:
        sys.path.pop(0)
    assert layout(Obstacle.DTYPE) == layout(Generated.DTYPE)
    assert (Obstacle.FINGERPRINT, Obstacle.DESCRIPTOR) == (Generated.FINGERPRINT, Generated.DESCRIPTOR)


def fill(msgs, o, i):
    """Obstacle number i, as obstacle_reader prints it back (see expected_line)."""
    msgs.set_text(o["header"]["frame_id"], "base_link")
    o["header"]["stamp"]["sec"] = 1700000000 + i
    o["header"]["stamp"]["nanosec"] = 250
    o["position"]["x"], o["position"]["y"], o["position"]["z"] = 1.5 + i, -2.25, 0.125
    o["radius"] = 0.75
    o["kind"] = msgs.Obstacle.KIND_CONE
    msgs.set_text(o["label"], f"cone {i}")
    msgs.set_items(o["outline"], np.array([(1, 2, 0), (3, 4.5, 0)][: i + 1], dtype=o["outline"]["data"].dtype))


def expected_line(i):
    corners = ["1,2,0", "3,4.5,0"][: i + 1]
    return f"base_link {1700000000 + i} 250 {1.5 + i:g} -2.25 0.125 0.75 2 cone {i} {len(corners)} " + " ".join(corners)


def test_loaded_type_reaches_a_cpp_node_and_topic_echo(domain):
    msgs = dmxp.msg.load(OBSTACLE_MSGS)
    node = dmxp.Node("detector", arguments=[])
    pub = node.create_publisher(msgs.Obstacle, "obstacles", 10)
    reader = subprocess.Popen([READER, "obstacles", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "ready"
    until = time.monotonic() + 10
    while pub.subscription_count == 0:
        assert time.monotonic() < until
        time.sleep(0.01)
    with pub.loan() as o:  # into the slot
        fill(msgs, o, 0)
    value = msgs.Obstacle.zeros()  # copied in
    fill(msgs, value, 1)
    pub.publish(value)
    out, err = reader.communicate(timeout=15)
    assert reader.returncode == 0, err
    assert out.splitlines() == [expected_line(0), expected_line(1)]
    # The CLI decodes them from the descriptor the loaded type stored in the channel.
    echo = subprocess.run([os.environ["DMXP_CLI"], "topic", "echo", "/obstacles", "-n", "2", "--from-key", "1",
                           "--timeout", "5"], capture_output=True, text=True, timeout=30)
    assert echo.returncode == 0, echo.stderr
    assert echo.stdout == (
        "header:\n  stamp:\n    sec: 1700000000\n    nanosec: 250\n  frame_id: base_link\n"
        "position:\n  x: 1.5\n  y: -2.25\n  z: 0.125\nradius: 0.75\nkind: 2\nlabel: 'cone 0'\n"
        "outline:\n  - x: 1.0\n    y: 2.0\n    z: 0.0\n---\n"
        "header:\n  stamp:\n    sec: 1700000001\n    nanosec: 250\n  frame_id: base_link\n"
        "position:\n  x: 2.5\n  y: -2.25\n  z: 0.125\nradius: 0.75\nkind: 2\nlabel: 'cone 1'\n"
        "outline:\n  - x: 1.0\n    y: 2.0\n    z: 0.0\n  - x: 3.0\n    y: 4.5\n    z: 0.0\n---\n")


def test_loaded_and_generated_types_share_channels_and_topics(domain):
    msgs = dmxp.msg.load(OBSTACLE_MSGS)
    sys.path.insert(0, os.environ["DMXP_OBSTACLE_MSGS_PYTHON"])
    try:
        from obstacle_msgs.msg import Obstacle as Generated
    finally:
        sys.path.pop(0)
    # The raw channel API: a producer of the loaded type, a consumer of the generated one.
    prod = dmxp.Producer("obstacles_raw", msg_type=msgs.Obstacle)
    cons = dmxp.Consumer("obstacles_raw", msg_type=Generated)
    with prod.loan(msgs.Obstacle.DTYPE.itemsize) as buf:
        fill(msgs, msgs.Obstacle.view(buf), 0)
    got = cons.receive(timeout=5).view(Generated)
    assert msgs.text(got["label"]) == "cone 0" and float(got["position"]["x"]) == 1.5
    # Nodes: a subscription of the loaded type gets a generated publisher's messages.
    node = dmxp.Node("mixed", arguments=[])
    received = []
    sub = node.create_subscription(msgs.Obstacle, "obstacles", lambda m: received.append(msgs.text(m["label"])))
    pub = node.create_publisher(Generated, "obstacles")
    with pub.loan() as o:
        fill(msgs, o, 1)
    dmxp.spin(node, duration=0.5)
    assert received == ["cone 1"] and sub.received == 1
    # A type of the same name but another definition is refused, naming the topic.
    with pytest.raises(dmxp.TypeMismatchError) as e:
        node.create_subscription(dmxp.msg.load(os.path.join(STANDARD, "std_msgs")).Header, "obstacles", print)
    assert "obstacle_msgs/Obstacle" in str(e.value) and "std_msgs/Header" in str(e.value)


def test_a_service_of_loaded_types(domain, tmp_path):
    (tmp_path / "calc_srvs" / "srv").mkdir(parents=True)
    (tmp_path / "calc_srvs" / "srv" / "Scale.srv").write_text("float64 value\nfloat64 factor\n---\nfloat64 result\n")
    srvs = dmxp.msg.load(tmp_path / "calc_srvs")
    assert sorted(srvs.types) == ["Scale_Request", "Scale_Response"]
    assert srvs.Scale_Request.TYPE_NAME == "calc_srvs/srv/Scale_Request"
    node = dmxp.Node("scaler", arguments=[])

    def scale(request, response):
        response["result"] = request["value"] * request["factor"]

    service = node.create_service(srvs.Scale_Request, srvs.Scale_Response, "scale", scale)
    executor = dmxp.Executor()
    executor.add_node(node)
    thread = threading.Thread(target=executor.spin)
    thread.start()
    try:
        asker = dmxp.Node("asker", arguments=[])
        client = asker.create_client(srvs.Scale_Request, srvs.Scale_Response, "scale")
        assert client.wait_for_service(5.0)
        request = srvs.Scale_Request.zeros()
        request["value"], request["factor"] = 2.5, 4.0
        assert float(client.call(request, timeout=5)["result"]) == 10.0
        assert service.handled == 1
    finally:
        executor.cancel()
        thread.join(timeout=10)


def test_loading_again_gives_the_same_types_and_a_change_reloads(tmp_path):
    shutil.copytree(OBSTACLE_MSGS, tmp_path / "obstacle_msgs")
    msg_file = tmp_path / "obstacle_msgs" / "msg" / "Obstacle.msg"
    first = dmxp.msg.load(tmp_path / "obstacle_msgs")
    assert dmxp.msg.load(str(tmp_path / "obstacle_msgs")) is first
    assert dmxp.msg.load(msg_file).Obstacle is first.Obstacle  # the file alone: the same output
    original = msg_file.read_text()
    msg_file.write_text(original + "float32 confidence\n")
    changed = dmxp.msg.load(tmp_path / "obstacle_msgs")
    assert changed is not first and changed.Obstacle.FINGERPRINT != first.Obstacle.FINGERPRINT
    assert changed.Obstacle.DTYPE.names[-1] == "confidence" and "confidence" not in first.Obstacle.DTYPE.names
    msg_file.write_text(original)
    assert dmxp.msg.load(tmp_path / "obstacle_msgs") is first


def test_a_change_in_a_package_it_uses_reloads(tmp_path):
    (tmp_path / "shape_msgs" / "msg").mkdir(parents=True)
    (tmp_path / "scene_msgs" / "msg").mkdir(parents=True)
    (tmp_path / "shape_msgs" / "msg" / "Box.msg").write_text("float32 width\nfloat32 depth\n")
    (tmp_path / "scene_msgs" / "msg" / "Scene.msg").write_text("shape_msgs/Box[4] boxes\n")
    before = dmxp.msg.load(tmp_path / "scene_msgs")  # its sibling package resolves by itself
    assert before.Scene.DTYPE.itemsize == 32
    (tmp_path / "shape_msgs" / "msg" / "Box.msg").write_text("float32 width\nfloat32 depth\nfloat32 height\n")
    after = dmxp.msg.load(tmp_path / "scene_msgs")
    assert after.Scene.DTYPE.itemsize == 48 and after.Scene.FINGERPRINT != before.Scene.FINGERPRINT


def test_include_roots_single_files_and_loose_folders(tmp_path):
    (tmp_path / "elsewhere" / "shape_msgs" / "msg").mkdir(parents=True)
    (tmp_path / "elsewhere" / "shape_msgs" / "msg" / "Box.msg").write_text("float32 width\nfloat32 depth\n")
    (tmp_path / "loose").mkdir()
    (tmp_path / "loose" / "Crate.msg").write_text("shape_msgs/Box box\nCrateLabel label\n")
    (tmp_path / "loose" / "CrateLabel.msg").write_text("string<=16 text\n")
    crates = dmxp.msg.load(tmp_path / "loose", package="crate_msgs", include=[tmp_path / "elsewhere"])
    assert sorted(crates.types) == ["Crate", "CrateLabel"]
    assert crates.Crate.TYPE_NAME == "crate_msgs/Crate" and crates.Crate.DTYPE.itemsize == 28
    one = dmxp.msg.load(tmp_path / "loose" / "Crate.msg", package="crate_msgs", include=[tmp_path / "elsewhere"])
    assert one.Crate is crates.Crate  # Crate uses CrateLabel: both generated, the same output
    label = dmxp.msg.load(tmp_path / "loose" / "CrateLabel.msg", package="crate_msgs")
    assert sorted(label.types) == ["CrateLabel"] and label.CrateLabel.DTYPE == crates.CrateLabel.DTYPE
    renamed = dmxp.msg.load(OBSTACLE_MSGS, package="hazard_msgs")
    assert renamed.Obstacle.TYPE_NAME == "hazard_msgs/Obstacle"
    with pytest.raises(AttributeError) as e:
        renamed.Obstacles
    assert str(e.value) == (f"message package 'hazard_msgs' (loaded from {OBSTACLE_MSGS}) has no type "
                            "'Obstacles', expected one of: Obstacle")


def test_an_installed_package_of_the_same_name_is_not_used(tmp_path):
    """A ROS 2 environment has its own std_msgs on sys.path: load() never imports it."""
    (tmp_path / "std_msgs").mkdir()
    (tmp_path / "std_msgs" / "__init__.py").write_text("raise ImportError('the ROS 2 std_msgs was imported')\n")
    code = ("import sys, dmxp; sys.path.insert(0, sys.argv[1]); m = dmxp.msg.load(sys.argv[2]); "
            "print(m.Obstacle.DTYPE['header'].itemsize, *sorted(n for n in sys.modules if n.endswith('_msgs') "
            "or '_msgs.' in n or n.startswith('builtin_interfaces')))")
    out = run_python(code, tmp_path, OBSTACLE_MSGS)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["140"]  # and no message package was added to sys.modules


def load_error(*args, **kwargs):
    with pytest.raises(dmxp.msg.MessageLoadError) as e:
        dmxp.msg.load(*args, **kwargs)
    assert isinstance(e.value, dmxp.Error)
    return str(e.value)


def test_errors_carry_the_compilers_diagnostics(tmp_path):
    pkg = tmp_path / "bad_msgs" / "msg"
    pkg.mkdir(parents=True)
    (pkg / "Syntax.msg").write_text("std_msgs/Header header\nfloat32 a b\n")
    assert load_error(pkg / "Syntax.msg") == (
        f"cannot load messages from {pkg / 'Syntax.msg'}:\n"
        f"{pkg / 'Syntax.msg'}:2:11: error: invalid value 'b' for float32, expected a finite number such as 1.5 "
        "or -2e-3\nfloat32 a b\n          ^")
    (pkg / "Syntax.msg").unlink()
    (pkg / "Unknown.msg").write_text("# a typo in a dependency\ngeometry_msgs/Pointt p\n")
    assert load_error(tmp_path / "bad_msgs") == (
        f"cannot load messages from {tmp_path / 'bad_msgs'}:\n"
        f"{pkg / 'Unknown.msg'}:2:1: error: unknown type 'geometry_msgs/Pointt', expected a primitive (bool byte "
        "char int8..int64 uint8..uint64 float32 float64 string time duration) or a message type; looked for "
        f"geometry_msgs/msg/Pointt.msg under: {tmp_path}, {STANDARD}\ngeometry_msgs/Pointt p\n^~~~~~~~~~~~~~~~~~~~")
    (pkg / "Unknown.msg").unlink()
    (pkg / "NoCapacity.msg").write_text("string name\n")
    assert load_error(tmp_path / "bad_msgs") == (
        f"cannot load messages from {tmp_path / 'bad_msgs'}:\n"
        f"{pkg / 'NoCapacity.msg'}:1:1: error: field 'name' of type 'string' has no string capacity, expected "
        f"'# @capacity N' in its trailing comment, default_string_capacity in {tmp_path / 'bad_msgs'}/"
        "dmxp_package.yaml, or --default-string-capacity N\nstring name\n^~~~~~")
    assert dmxp.msg.load(tmp_path / "bad_msgs", default_string_capacity=16).NoCapacity.DTYPE.itemsize == 20


def test_errors_in_staged_files_name_the_users_files(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "Note.msg").write_text("int32 x\nNoSuchType y\n")
    assert load_error(tmp_path / "notes" / "Note.msg") == (
        f"cannot load messages from {tmp_path / 'notes' / 'Note.msg'}:\n"
        f"{tmp_path / 'notes' / 'Note.msg'}:2:1: error: unknown type 'NoSuchType', expected a primitive (bool "
        "byte char int8..int64 uint8..uint64 float32 float64 string time duration) or a message type; looked for "
        f"notes/msg/NoSuchType.msg under: {STANDARD}\nNoSuchType y\n^~~~~~~~~~")


def test_errors_about_the_path(tmp_path):
    missing = tmp_path / "nowhere"
    expected = ("expected a package folder (holding msg/<Type>.msg, srv/<Service>.srv or action/<Action>.action "
                "files), a folder of .msg files, or one .msg, .srv or .action file")
    assert load_error(missing) == f"cannot load messages from {missing}: no such file or folder, {expected}"
    (tmp_path / "empty_msgs").mkdir()
    assert load_error(tmp_path / "empty_msgs") == (
        f"cannot load messages from {tmp_path / 'empty_msgs'}: no .msg, .srv or .action files in it, {expected}")
    (tmp_path / "Readme.txt").write_text("")
    assert load_error(tmp_path / "Readme.txt") == (
        f"cannot load messages from {tmp_path / 'Readme.txt'}: not a .msg, .srv or .action file, {expected}")
    (tmp_path / "My-Msgs").mkdir()
    (tmp_path / "My-Msgs" / "A.msg").write_text("int32 x\n")
    assert load_error(tmp_path / "My-Msgs") == (
        f"cannot load messages from {tmp_path / 'My-Msgs'}: package name 'My-Msgs' (from the folder's name) is "
        "invalid, expected [a-z][a-z0-9_]* (pass package='...')")
    assert dmxp.msg.load(tmp_path / "My-Msgs", package="my_msgs").A.TYPE_NAME == "my_msgs/A"
    with pytest.raises(ValueError, match="default_capacity must be a positive int, got 0"):
        dmxp.msg.load(OBSTACLE_MSGS, default_capacity=0)


def test_python_m_dmxp_msgc_runs_the_compiler(tmp_path):
    out = subprocess.run([sys.executable, "-m", "dmxp.msgc", "--lang", "python", "-o", tmp_path, OBSTACLE_MSGS],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "python" / "obstacle_msgs" / "msg" / "_Obstacle.py").read_text().startswith(
        "# Generated by dmxp-msgc from obstacle_msgs/msg/Obstacle.msg. Do not edit.\n")
    bad = subprocess.run([sys.executable, "-m", "dmxp.msgc", "--check", "nowhere.msg"], capture_output=True, text=True)
    assert bad.returncode == 1 and "nowhere.msg: error: cannot tell the package" in bad.stderr
    env = dict(os.environ, DMXP_MSGC=__file__)
    missing = subprocess.run([sys.executable, "-m", "dmxp.msgc", "--help"], capture_output=True, text=True, env=env)
    assert missing.returncode == 127
    assert missing.stderr == f"dmxp-msgc: $DMXP_MSGC is {__file__!r}, which is not an executable dmxp-msgc program\n"
