// ros2_definition.hpp - a type's definition as ROS 2 tools read it: the `ros2msg` schema
// encoding of MCAP and of the Foxglove WebSocket protocol (https://mcap.dev/spec/registry).
// It is the type's .msg text (constants, then fields) with every type it uses appended, each
// after a line of 80 '=' and "MSG: pkg/Type":
//
//   std_msgs/Header header
//   float32[] ranges
//   ================================================================================
//   MSG: std_msgs/Header
//   builtin_interfaces/Time stamp
//   string frame_id
//   ...
//
// Declarations are ROS 2's, not DMXP's layout: a field written `float32[]` (DMXP gives it a
// capacity) stays `float32[]`, a plain `string` stays `string`; only sizes written in the
// type (T[N], T[<=N], string<=N) appear. Readers (Foxglove, mcap-ros2-support, rosbags)
// decode CDR with it. Comments and default values are left out: they do not change the wire.
// dmxp-msgc stores it in each layout descriptor ("ros2msg"); dmxp/wire/ros2msg.hpp reads it.
#pragma once

#include <string>

#include "model.hpp"

namespace dmxp::msgc {

// The ros2msg schema text of m and of every type it uses (sorted by name).
std::string ros2msg_definition(const model::Message& m);

}  // namespace dmxp::msgc
