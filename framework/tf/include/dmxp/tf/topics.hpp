// topics.hpp - where transforms travel, as in ROS 2: /tf (dynamic) and /tf_static (static,
// latched), both tf2_msgs/TFMessage and absolute (a node's namespace does not move them).
//
// QoS differs from ROS 2's where DMXP's rings behave differently:
//  - /tf is best effort (ROS 2: reliable, depth 100): on DMXP a reliable publisher waits for
//    its slowest subscriber, and a lagging listener must not stall the odometry that
//    broadcasts; a listener that falls behind skips ahead to the newest transforms.
//  - /tf_static is reliable and transient-local like ROS 2's, but DMXP has one ring per topic
//    rather than one history per publisher: a late listener reads the last 64 messages the
//    ring holds. Every static broadcaster resends all its frames in each message, so a late
//    listener gets every static frame unless the static publishers together sent more than
//    64 updates since one of them last published.
#pragma once

#include "dmxp/rt/qos.hpp"

namespace dmxp::tf {

inline constexpr const char* kTfTopic = "/tf";
inline constexpr const char* kTfStaticTopic = "/tf_static";

inline rt::QoS tf_qos() { return rt::QoS(128).best_effort(); }
inline rt::QoS tf_static_qos() { return rt::QoS(64).reliable().transient_local(); }

}  // namespace dmxp::tf
