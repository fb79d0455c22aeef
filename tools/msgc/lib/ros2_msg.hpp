// ros2_msg.hpp - a type's definition as ROS 2 writes it in a .msg file, for tools that decode
// CDR by the text (MCAP's "ros2msg" schemas, Foxglove, rosbags): constants as `TYPE NAME=VALUE`,
// then fields as `TYPE NAME`, one per line, with ROS 2's bounds only (`string<=N`, `T[<=N]`,
// `T[N]`); DMXP's capacities of unbounded types do not appear (`uint8[] data`, `string
// frame_id`), nor comments or default values (decoders do not need them).
//
//   ros2_msg_definition(header) == "builtin_interfaces/Time stamp\nstring frame_id\n"
#pragma once

#include <string>

#include "model.hpp"

namespace dmxp::msgc {

std::string ros2_msg_definition(const model::Message& m);

}  // namespace dmxp::msgc
