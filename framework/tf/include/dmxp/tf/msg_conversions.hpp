// msg_conversions.hpp - geometry_msgs/TransformStamped <-> StampedTransform, and stamps.
#pragma once

#include <builtin_interfaces/msg/Time.hpp>
#include <geometry_msgs/msg/TransformStamped.hpp>

#include "dmxp/tf/stamped_transform.hpp"

namespace dmxp::tf {

TimeNs to_ns(const builtin_interfaces::msg::Time& t);
builtin_interfaces::msg::Time to_stamp(TimeNs t);

// Throws InvalidArgumentError when a frame id does not fit the message's 128-byte strings.
void to_msg(const StampedTransform& in, geometry_msgs::msg::TransformStamped& out);

// The quaternion is normalised; throws InvalidArgumentError (tf2's TF_DENORMALIZED_QUATERNION
// text) for one whose norm is far from 1 (a zero quaternion: an unset rotation).
StampedTransform from_msg(const geometry_msgs::msg::TransformStamped& in);

}  // namespace dmxp::tf
