// stamp.hpp - header stamps for the reusable nodes.
#pragma once

#include <time.h>

#include <builtin_interfaces/msg/Time.hpp>
#include <cstdint>

namespace dmxp_nodes {

inline int64_t realtime_ns() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

inline int64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

inline void set_stamp(builtin_interfaces::msg::Time& t, int64_t ns) {
  t.sec = int32_t(ns / 1000000000);
  t.nanosec = uint32_t(ns % 1000000000);
}

inline int64_t stamp_ns(const builtin_interfaces::msg::Time& t) {
  return int64_t(t.sec) * 1000000000 + t.nanosec;
}

}  // namespace dmxp_nodes

#include "dmxp/rt/node.hpp"

namespace dmxp_nodes {

// A frame id parameter, checked once against std_msgs/Header's 128-byte frame_id, so the
// per-message assignment cannot fail.
inline std::string frame_parameter(dmxp::rt::Node& node, const std::string& name,
                                   const std::string& default_value) {
  std::string v = node.declare_parameter(name, default_value);
  if (v.size() > 128)
    throw dmxp::Error(DMXP_ERR_INVALID_ARGUMENT, "parameter '" + name + "' is longer than the "
                                                 "128 bytes of a header's frame_id");
  return v;
}

}  // namespace dmxp_nodes
