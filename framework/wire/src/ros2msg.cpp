#include "dmxp/wire/ros2msg.hpp"

#include <stdexcept>

#include "dmxp/wire/json.hpp"

namespace dmxp::wire {

Result<std::string> ros2msg_schema(std::string_view descriptor_json) {
  json::Value desc;
  try {
    desc = json::parse(descriptor_json);
  } catch (const std::exception& e) {
    return Error(DMXP_ERR_INVALID_ARGUMENT, std::string("layout descriptor: ") + e.what());
  }
  if (desc.kind != json::Value::Kind::Object || !desc.has("format") ||
      desc["format"].kind != json::Value::Kind::String || desc["format"].s != "dmxp.msg.layout/1")
    return Error(DMXP_ERR_INVALID_ARGUMENT, "layout descriptor: \"format\" is not \"dmxp.msg.layout/1\"");
  std::string type = desc.has("type") && desc["type"].kind == json::Value::Kind::String
                         ? desc["type"].s
                         : std::string("?");
  if (!desc.has("ros2msg") || desc["ros2msg"].kind != json::Value::Kind::String)
    return Error(DMXP_ERR_UNSUPPORTED,
                 "layout descriptor of " + type +
                     " has no \"ros2msg\" definition (written by an older dmxp-msgc: rebuild its "
                     "message package)");
  return desc["ros2msg"].s;
}

}  // namespace dmxp::wire
