// ros2msg.hpp - the `ros2msg` schema of a DMXP message type, for what announces CDR to ROS 2
// tools: MCAP recordings (schema encoding "ros2msg") and the Foxglove WebSocket protocol
// (advertise's schemaEncoding "ros2msg"). The text is the type's .msg definition with every
// type it uses appended after a line of 80 '=' and "MSG: pkg/Type", with ROS 2's declarations
// (`float32[]`, `string`, not DMXP's capacities); dmxp-msgc writes it into every layout
// descriptor as "ros2msg" (tools/msgc/lib/ros2_definition.hpp), so it travels with the channel.
//
//   std::string text = dmxp::wire::ros2msg_schema(descriptor_json).value();
//   // pair it with CdrCodec::ros_type_name() ("sensor_msgs/msg/LaserScan") as the schema name
//
// Errors: DMXP_ERR_INVALID_ARGUMENT when the text is not a layout descriptor (the parse error
// and its offset), DMXP_ERR_UNSUPPORTED naming the type when the descriptor has no "ros2msg"
// (written by a dmxp-msgc from before it: rebuild the message package).
#pragma once

#include <string>
#include <string_view>

#include "dmxp/dmxp.hpp"

namespace dmxp::wire {

Result<std::string> ros2msg_schema(std::string_view descriptor_json);

}  // namespace dmxp::wire
