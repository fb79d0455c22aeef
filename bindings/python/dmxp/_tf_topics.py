"""Transforms on /tf and /tf_static from Python, as tf2_ros's TransformListener,
TransformBroadcaster and StaticTransformBroadcaster, and interoperable with DMXP's C++ ones
(same topics, QoS and tf2_msgs/TFMessage; docs/tf.md)."""

import numpy as np

from . import _dmxp
from ._tf_buffer import TransformException, TransformStamped

TF_TOPIC = "/tf"
TF_STATIC_TOPIC = "/tf_static"


def tf_qos():
    """/tf: best effort, depth 128 (as framework/tf/include/dmxp/tf/topics.hpp says why)."""
    return _dmxp.QoS(128, reliability="best_effort")


def tf_static_qos():
    """/tf_static: reliable, transient local, depth 64."""
    return _dmxp.QoS(64, reliability="reliable", durability="transient_local")


def _msgs():
    # Imported on first use: the message packages are on PYTHONPATH beside dmxp, not in it.
    from tf2_msgs import msg
    return msg


def _from_view(v):
    msg = _msgs()
    stamp = v["header"]["stamp"]
    tr, rot = v["transform"]["translation"], v["transform"]["rotation"]
    return TransformStamped(int(stamp["sec"]) * 1_000_000_000 + int(stamp["nanosec"]), msg.text(v["header"]["frame_id"]),
                            msg.text(v["child_frame_id"]), np.array([tr["x"], tr["y"], tr["z"]], dtype=float),
                            np.array([rot["x"], rot["y"], rot["z"], rot["w"]], dtype=float))


def _to_view(t, v):
    msg = _msgs()
    sec, nanosec = divmod(int(t.stamp), 1_000_000_000)
    v["header"]["stamp"]["sec"], v["header"]["stamp"]["nanosec"] = sec, nanosec
    msg.set_text(v["header"]["frame_id"], t.frame_id)
    msg.set_text(v["child_frame_id"], t.child_frame_id)
    tr, rot = v["transform"]["translation"], v["transform"]["rotation"]
    tr["x"], tr["y"], tr["z"] = (float(x) for x in t.translation)
    rot["x"], rot["y"], rot["z"], rot["w"] = (float(x) for x in t.rotation)


def _publish(pub, transforms):
    with pub.loan() as m:
        seq = m["transforms"]
        if len(transforms) > seq["data"].shape[0]:
            raise ValueError(f"{len(transforms)} transforms do not fit one TFMessage (at most {seq['data'].shape[0]})")
        for i, t in enumerate(transforms):
            _to_view(t, seq["data"][i])
        seq["size"] = len(transforms)


class TransformBroadcaster:
    """Publishes dynamic transforms on /tf: send_transform(t) or send_transform([t, ...])."""

    def __init__(self, node):
        self._pub = node.create_publisher(_msgs().TFMessage, TF_TOPIC, qos=tf_qos())

    def send_transform(self, transforms):
        _publish(self._pub, [transforms] if isinstance(transforms, TransformStamped) else list(transforms))


class StaticTransformBroadcaster:
    """Publishes static transforms on /tf_static (latched). It remembers every frame sent and
    each call publishes all of them, as tf2_ros's does."""

    def __init__(self, node):
        self._pub = node.create_publisher(_msgs().TFMessage, TF_STATIC_TOPIC, qos=tf_static_qos())
        self._frames = {}

    def send_transform(self, transforms):
        frames = dict(self._frames)
        for t in [transforms] if isinstance(transforms, TransformStamped) else transforms:
            frames[t.child_frame_id] = t
        _publish(self._pub, list(frames.values()))
        self._frames = frames


class TransformListener:
    """Fills a Buffer from /tf and /tf_static through node (spin the node to receive).
    A transform the buffer rejects is logged as a warning with tf2's text."""

    def __init__(self, buffer, node):
        self.buffer, self._node = buffer, node
        tf_msg = _msgs().TFMessage
        node.create_subscription(tf_msg, TF_TOPIC, lambda m, info: self._on(m, info, False), qos=tf_qos())
        node.create_subscription(tf_msg, TF_STATIC_TOPIC, lambda m, info: self._on(m, info, True), qos=tf_static_qos())

    def _on(self, m, info, is_static):
        authority = f"pid {info.publisher_pid}"
        for v in _msgs().items(m["transforms"]):
            try:
                self.buffer.set_transform(_from_view(v), authority, is_static)
            except TransformException as e:
                self._node.get_logger().warning(f"{TF_STATIC_TOPIC if is_static else TF_TOPIC}: {e}")
