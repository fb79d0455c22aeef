// transform_broadcaster.hpp - publishing transforms, as tf2_ros's TransformBroadcaster and
// StaticTransformBroadcaster.
//
//   dmxp::tf::TransformBroadcaster tf(node);
//   tf.send_transform({stamp, "odom", "base_link", pose});      // Eigen::Isometry3d pose
//   dmxp::tf::StaticTransformBroadcaster tf_static(node);
//   tf_static.send_transform({0, "base_link", "laser", mount});
//
// Both throw dmxp::Error when the topic cannot be opened (a type clash on /tf), and
// InvalidArgumentError for a frame id longer than the message's 128 bytes or more transforms
// in one call than a TFMessage holds (64).
#pragma once

#include <map>
#include <span>
#include <string>
#include <tf2_msgs/msg/TFMessage.hpp>

#include "dmxp/rt/node.hpp"
#include "dmxp/tf/stamped_transform.hpp"

namespace dmxp::tf {

// Dynamic transforms on /tf: each call publishes one TFMessage with the transforms given.
class TransformBroadcaster {
 public:
  explicit TransformBroadcaster(rt::Node& node);
  void send_transform(const StampedTransform& t) { send_transforms(std::span(&t, 1)); }
  void send_transforms(std::span<const StampedTransform> ts);
  // Listeners on /tf now (each TransformListener is one).
  uint32_t subscription_count() const { return pub_.subscription_count(); }

 private:
  rt::Publisher<tf2_msgs::msg::TFMessage> pub_;
};

// Static transforms on /tf_static (latched): it remembers every frame it was given (a frame
// sent again replaces its earlier transform) and each call publishes all of them, so the
// newest message on the topic holds the whole set, as tf2_ros's does.
class StaticTransformBroadcaster {
 public:
  explicit StaticTransformBroadcaster(rt::Node& node);
  void send_transform(const StampedTransform& t) { send_transforms(std::span(&t, 1)); }
  void send_transforms(std::span<const StampedTransform> ts);

 private:
  rt::Publisher<tf2_msgs::msg::TFMessage> pub_;
  std::map<std::string, StampedTransform> frames_;  // by child frame
};

}  // namespace dmxp::tf
