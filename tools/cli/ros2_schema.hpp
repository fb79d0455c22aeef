// ros2_schema.hpp - an MCAP "ros2msg" schema from a DMXP layout descriptor: the type's .msg
// text, then for each type it uses a line of 80 '=', "MSG: pkg/Type" and that type's text, as
// MCAP's registry of well-known encodings defines it (and rosbag2 writes it). The texts are the
// descriptor's `ros2_msg` (dmxp-msgc writes them, docs/messages.md); a descriptor from before
// them gets text rebuilt from its fields, whose `declared` types carry DMXP's capacities
// (`string<=128 frame_id`: the same CDR on the wire, a bound ROS 2's type does not have).
//
//   std::string text;
//   if (!ros2msg_schema(descriptor_json, &text, &error)) ...
#pragma once

#include <string>

namespace dmxp::cli {

// False with *error when the descriptor cannot be read.
bool ros2msg_schema(const std::string& descriptor_json, std::string* out, std::string* error);

}  // namespace dmxp::cli
