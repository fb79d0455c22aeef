#include "dmxp/tf/msg_conversions.hpp"

#include <cmath>

#include "dmxp/tf/errors.hpp"

namespace dmxp::tf {

TimeNs to_ns(const builtin_interfaces::msg::Time& t) { return TimeNs(t.sec) * 1000000000 + t.nanosec; }

builtin_interfaces::msg::Time to_stamp(TimeNs t) {
  builtin_interfaces::msg::Time out;
  TimeNs sec = t / 1000000000, ns = t % 1000000000;
  if (ns < 0) sec -= 1, ns += 1000000000;
  out.sec = int32_t(sec);
  out.nanosec = uint32_t(ns);
  return out;
}

void to_msg(const StampedTransform& in, geometry_msgs::msg::TransformStamped& out) {
  out.header.stamp = to_stamp(in.stamp);
  if (!out.header.frame_id.try_assign(in.frame_id) || !out.child_frame_id.try_assign(in.child_frame_id))
    throw InvalidArgumentError("frame id '" + (in.frame_id.size() > in.child_frame_id.size() ? in.frame_id
                                                                                               : in.child_frame_id) +
                               "' is longer than the " + std::to_string(out.child_frame_id.capacity()) +
                               " bytes of a TransformStamped frame id");
  out.transform.translation.x = in.transform.translation().x();
  out.transform.translation.y = in.transform.translation().y();
  out.transform.translation.z = in.transform.translation().z();
  Eigen::Quaterniond q(in.transform.rotation());
  out.transform.rotation.x = q.x();
  out.transform.rotation.y = q.y();
  out.transform.rotation.z = q.z();
  out.transform.rotation.w = q.w();
}

StampedTransform from_msg(const geometry_msgs::msg::TransformStamped& in) {
  StampedTransform out;
  out.stamp = to_ns(in.header.stamp);
  out.frame_id = in.header.frame_id.str();
  out.child_frame_id = in.child_frame_id.str();
  const auto& r = in.transform.rotation;
  Eigen::Quaterniond q(r.w, r.x, r.y, r.z);
  // tf2 rejects quaternions whose norm is off by more than 1e-2 (its normalisation tolerance).
  if (!(std::abs(q.norm() - 1.0) < 1e-2))
    throw InvalidArgumentError("TF_DENORMALIZED_QUATERNION: Ignoring transform for child_frame_id \"" +
                               out.child_frame_id + "\" because of an invalid quaternion in the transform (" +
                               std::to_string(r.x) + " " + std::to_string(r.y) + " " + std::to_string(r.z) + " " +
                               std::to_string(r.w) + ")");
  const auto& t = in.transform.translation;
  out.transform = Eigen::Translation3d(t.x, t.y, t.z) * q.normalized();
  return out;
}

}  // namespace dmxp::tf
