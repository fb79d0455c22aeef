"""dmxp.set_image and dmxp.image_array: an Image's layout written into a loan and read back by
the C++ CLI (an independent decoder) and by image_array; the errors both give."""

import os
import subprocess
import time

import numpy as np
import pytest

import dmxp
from sensor_msgs.msg import Image, set_text


def test_set_image_writes_what_the_cpp_cli_decodes(domain):
    node = dmxp.Node("camera", arguments=[])
    pub = node.create_publisher(Image, "image", qos=2)
    reader = subprocess.Popen([os.environ["DMXP_CLI"], "topic", "echo", "/image", "--once", "--max-array", "24",
                               "--timeout", "10"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    until = time.monotonic() + 10
    while pub.subscription_count == 0 and time.monotonic() < until:
        time.sleep(0.01)
    with pub.loan() as img:
        img["header"]["stamp"]["sec"] = 7
        set_text(img["header"]["frame_id"], "cam")
        pixels = dmxp.set_image(img, 2, 3, "bgr8", step=12)  # rows padded to 12 bytes
        assert pixels.shape == (2, 3, 3) and pixels.dtype == np.uint8 and pixels.flags.writeable
        pixels[:] = np.arange(18, dtype=np.uint8).reshape(2, 3, 3)
    out, err = reader.communicate(timeout=20)
    assert reader.returncode == 0, err
    fields, data = out.split("data:\n")
    assert fields == ("header:\n  stamp:\n    sec: 7\n    nanosec: 0\n  frame_id: cam\n"
                      "height: 2\nwidth: 3\nencoding: bgr8\nis_bigendian: 0\nstep: 12\n")
    stored = [int(line.split("- ")[1]) for line in data.splitlines() if line.startswith("  - ")]
    assert len(stored) == 24  # height * step bytes in use
    assert stored[0:9] == list(range(0, 9)) and stored[12:21] == list(range(9, 18))  # row 0, row 1
    node.destroy_node()


def test_image_array_reads_what_set_image_wrote():
    img = Image.zeros()
    written = dmxp.set_image(img, 10, 20, "mono16", step=64)
    assert written.shape == (10, 20, 1) and written.dtype == np.dtype("<u2") and written.strides == (64, 2, 2)
    written[3, 4, 0] = 65000
    read = dmxp.image_array(img)
    assert read.shape == (10, 20, 1) and read.strides == (64, 2, 2) and int(read[3, 4, 0]) == 65000
    assert read.ctypes.data == written.ctypes.data  # the same memory, no copy
    assert (int(img["height"]), int(img["width"]), int(img["step"]), int(img["data"]["size"])) == (10, 20, 64, 640)
    assert bytes(img["encoding"]["data"][: int(img["encoding"]["size"])]) == b"mono16"
    dmxp.set_image(img, 1080, 1920, b"rgb8")  # bytes work as well as str; the default step: no padding
    assert (int(img["step"]), int(img["data"]["size"])) == (5760, 1080 * 5760)
    assert dmxp.image_array(img).shape == (1080, 1920, 3)


def test_set_image_errors_name_the_problem():
    img = Image.zeros()
    with pytest.raises(ValueError) as e:
        dmxp.set_image(img, 2, 2, "yuv9")
    assert str(e.value).startswith("set_image: unsupported encoding 'yuv9' (known: 16uc1, 32fc1,")
    with pytest.raises(ValueError) as e:
        dmxp.set_image(img, 2, 20, "rgb8", step=59)
    assert str(e.value) == "set_image: step 59 is shorter than a row of 20 rgb8 pixels (60 bytes)"
    with pytest.raises(ValueError) as e:
        dmxp.set_image(img, 4000, 4000, "rgb8")
    assert str(e.value) == ("set_image: 4000x4000 rgb8 with step 12000 needs 48000000 bytes, "
                            "the data field holds 24883200")
    received = img.copy()
    received.flags.writeable = False
    with pytest.raises(ValueError) as e:
        dmxp.set_image(received, 2, 2, "rgb8")
    assert str(e.value) == "set_image: the view is read-only (a received message); write into a loan"
    assert int(img["height"]) == 0  # nothing was written by the refused calls


def test_image_array_refuses_a_layout_larger_than_its_data():
    img = Image.zeros()
    dmxp.set_image(img, 4, 4, "rgb8")
    img["data"]["size"] = 47  # one byte short of 4 rows of 12
    with pytest.raises(ValueError) as e:
        dmxp.image_array(img)
    assert str(e.value) == "image_array: 4x4 rgb8 with step 12 needs 48 bytes, the message holds 47"
