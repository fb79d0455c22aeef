"""dmxp.tf: the transform tree (tf2) in Python with numpy (docs/tf.md).

    import dmxp, dmxp.tf
    node = dmxp.Node("watcher")
    buffer = dmxp.tf.Buffer()
    listener = dmxp.tf.TransformListener(buffer, node)     # /tf and /tf_static
    ... spin ...
    t = buffer.lookup_transform("odom", "laser", 0, timeout=0.5)  # time 0: latest common time
    t.translation, t.rotation, t.matrix(), t.apply([1, 0, 0])

    tf = dmxp.tf.TransformBroadcaster(node)
    tf.send_transform(dmxp.tf.TransformStamped(stamp_ns, "odom", "base_link", [x, y, 0], [0, 0, qz, qw]))

Interoperable with the C++ dmxp::tf classes (same topics, QoS and tf2_msgs/TFMessage).
"""

from ._tf_buffer import (Buffer, ConnectivityException, ExtrapolationException, InvalidArgumentException,
                         LookupException, TransformException, TransformStamped, format_time, quaternion_multiply,
                         quaternion_rotate, quaternion_slerp)
from ._tf_topics import (TF_STATIC_TOPIC, TF_TOPIC, StaticTransformBroadcaster, TransformBroadcaster,
                         TransformListener, tf_qos, tf_static_qos)

__all__ = ["Buffer", "ConnectivityException", "ExtrapolationException", "InvalidArgumentException", "LookupException",
           "TransformException", "TransformStamped", "format_time", "quaternion_multiply", "quaternion_rotate",
           "quaternion_slerp", "TF_STATIC_TOPIC", "TF_TOPIC", "StaticTransformBroadcaster", "TransformBroadcaster",
           "TransformListener", "tf_qos", "tf_static_qos"]
