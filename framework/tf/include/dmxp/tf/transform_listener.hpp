// transform_listener.hpp - filling a Buffer from /tf and /tf_static, as tf2_ros's
// TransformListener. It subscribes through the node it is given: the node's executor runs
// its callbacks (spin the node, or add it to an executor), and lookups from any thread see
// what arrived.
//
//   dmxp::tf::Buffer buffer;
//   dmxp::tf::TransformListener listener(node, buffer);
//   ... executor spins ...
//   auto t = buffer.lookup_transform("odom", "laser", 0, std::chrono::milliseconds(200));
//
// A transform the buffer rejects (an empty frame id, a NaN, ...) is logged as a warning on
// the node's logger, with tf2's TF_* text, and the rest of its message is still used.
#pragma once

#include <tf2_msgs/msg/TFMessage.hpp>

#include "dmxp/rt/node.hpp"
#include "dmxp/tf/buffer.hpp"

namespace dmxp::tf {

class TransformListener {
 public:
  // Throws dmxp::Error when the topics cannot be opened (a type clash on /tf).
  TransformListener(rt::Node& node, Buffer& buffer);

  // Messages received on /tf and /tf_static so far.
  uint64_t received() const { return tf_.received() + tf_static_.received(); }

 private:
  void on_message(const tf2_msgs::msg::TFMessage& m, const rt::MessageInfo& info, bool is_static);

  rt::Node& node_;
  Buffer& buffer_;
  rt::Subscription<tf2_msgs::msg::TFMessage> tf_, tf_static_;
};

}  // namespace dmxp::tf
