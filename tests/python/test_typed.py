"""Typed messages between C++ and Python, field by field, through numpy structured views of
the generated classes; a 4K image without copying."""

import numpy as np
import pytest

import dmxp
from conftest import run_peer
from geometry_msgs.msg import PoseStamped
from sensor_msgs.msg import Image, Imu, set_text, text
from std_msgs.msg import Float64


def test_imu_from_cpp_field_by_field(domain):
    cons = dmxp.Consumer("imu", msg_type=Imu)
    run_peer("imu-produce", "imu")
    msg = cons.receive(timeout=5)
    assert len(msg) == Imu.DTYPE.itemsize
    imu = msg.view(Imu)
    assert int(imu["header"]["stamp"]["sec"]) == 1700000000
    assert int(imu["header"]["stamp"]["nanosec"]) == 123456789
    assert text(imu["header"]["frame_id"]) == "imu_link"
    o = imu["orientation"]
    assert (float(o["x"]), float(o["y"]), float(o["z"]), float(o["w"])) == (0.1, -0.2, 0.3, 0.9)
    assert list(imu["angular_velocity_covariance"]) == [i * 0.5 for i in range(9)]
    assert float(imu["linear_acceleration"]["z"]) == 9.81
    assert float(imu["linear_acceleration"]["x"]) == 0.0
    assert not imu.flags.writeable


def test_pose_from_python_read_by_cpp(domain):
    prod = dmxp.Producer("pose", msg_type=PoseStamped)
    loan = prod.loan(PoseStamped.DTYPE.itemsize)
    with loan as buf:
        pose = PoseStamped.view(buf)
        pose[()] = np.zeros((), PoseStamped.DTYPE)
        set_text(pose["header"]["frame_id"], "map")
        pose["header"]["stamp"]["sec"] = 42
        pose["header"]["stamp"]["nanosec"] = 7
        pose["pose"]["position"]["x"] = 1.25
        pose["pose"]["position"]["y"] = -2.5
        pose["pose"]["position"]["z"] = 1e-3
        pose["pose"]["orientation"]["w"] = 1.0
    out = run_peer("pose-consume", "pose").split()
    assert out == ["map", "42", "7", "1.25", "-2.5", "0.001", "1"]


def test_4k_image_is_a_zero_copy_array(domain):
    cons = dmxp.Consumer("camera", msg_type=Image, capacity=2)  # 2 x 25 MB slots
    run_peer("image-produce", "camera", 3840, 2160)
    msg = cons.receive(timeout=10)
    img = msg.view(Image)
    pixels = dmxp.image_array(img)
    assert pixels.shape == (2160, 3840, 3) and pixels.dtype == np.uint8
    assert not pixels.flags.writeable
    # The array's memory is the slot's: inside the message, at the data field's offset.
    data_offset = Image.DTYPE.fields["data"][1] + Image.DTYPE.fields["data"][0].fields["data"][1]
    assert pixels.ctypes.data == msg.address + data_offset
    y, x = np.mgrid[0:2160, 0:3840]
    for c in range(3):
        assert (pixels[:, :, c] == ((x + 3 * y + 7 * c) & 0xFF)).all()
    assert text(img["header"]["frame_id"]) == "camera"


def test_typed_channel_refuses_another_type(domain):
    dmxp.Producer("typed", msg_type=Imu)
    with pytest.raises(dmxp.TypeMismatchError) as e:
        dmxp.Consumer("typed", msg_type=Float64)
    assert "sensor_msgs/Imu" in str(e.value) and "std_msgs/Float64" in str(e.value)
    assert isinstance(e.value, TypeError) and e.value.status == -6


def test_descriptor_is_stored_for_tools(domain):
    dmxp.Producer("desc", msg_type=Imu)
    import json

    assert json.loads(dmxp.channel_descriptor("desc"))["type"] == "sensor_msgs/Imu"
    assert dmxp.channel_info("desc")["type_name"] == "sensor_msgs/Imu"
    dmxp.Producer("raw")
    assert dmxp.channel_descriptor("raw") is None
