// stamped_transform.hpp - one transform between two frames at one time: what a buffer stores
// and what lookup_transform returns (geometry_msgs/TransformStamped in Eigen types).
#pragma once

#include <Eigen/Geometry>
#include <cstdint>
#include <string>

namespace dmxp::tf {

// Times are nanoseconds on the clock the stamps come from (the node's clock: wall time, or
// simulated time when the node follows /clock). 0 in a lookup means "the latest time every
// link of the chain has".
using TimeNs = int64_t;

struct StampedTransform {
  TimeNs stamp = 0;
  std::string frame_id;        // the parent: the transform maps points from child to parent
  std::string child_frame_id;
  Eigen::Isometry3d transform = Eigen::Isometry3d::Identity();
};

// "1.500000": seconds with six decimals, as tf2 prints times in its errors.
std::string format_time(TimeNs t);

}  // namespace dmxp::tf
