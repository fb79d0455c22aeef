// ros2msg.hpp - the `ros2msg` schema of a DMXP message type, for what announces CDR to ROS 2
// tools: MCAP recordings (`dmxp record --profile ros2`) and the Foxglove WebSocket protocol
// (dmxp-foxglove's advertise). The text is the type's .msg definition, then for each type it
// uses a line of 80 '=', "MSG: pkg/Type" and that type's definition, as MCAP's registry of
// well-known encodings defines it (and rosbag2 writes it). The definitions are the
// descriptor's per-type `ros2_msg` texts, which dmxp-msgc writes with ROS 2's declarations
// (`float32[]`, `string`: DMXP's capacities left out; docs/messages.md). A descriptor from
// before them gets text rebuilt from its fields, whose `declared` types carry DMXP's
// capacities (`string<=128 frame_id`: the same CDR on the wire, a bound ROS 2's type lacks).
//
//   dmxp::Result<std::string> text = dmxp::wire::ros2msg_schema(descriptor_json);
//   // with CdrCodec::ros_type_name() ("sensor_msgs/msg/LaserScan") as the schema's name
//
// Errors: DMXP_ERR_INVALID_ARGUMENT naming what is wrong when the text is not a readable
// layout descriptor.
#pragma once

#include <string>
#include <string_view>

#include "dmxp/dmxp.hpp"

namespace dmxp::wire {

Result<std::string> ros2msg_schema(std::string_view descriptor_json);

}  // namespace dmxp::wire
