#include "dmxp/wire/ros2msg.hpp"

#include <cstdio>
#include <stdexcept>

#include "dmxp/wire/json.hpp"

namespace dmxp::wire {
namespace {

std::string constant_value(const json::Value& v) {
  switch (v.kind) {
    case json::Value::Kind::String: return v.s;
    case json::Value::Kind::Bool: return v.b ? "true" : "false";
    case json::Value::Kind::Int: return std::to_string(v.i);
    case json::Value::Kind::UInt: return std::to_string(v.u);
    case json::Value::Kind::Double: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", v.d);
      return buf;
    }
    default: throw std::runtime_error("a constant's value is not a number, bool or string");
  }
}

// One type's .msg text: its ros2_msg, else rebuilt from its constants and fields.
std::string definition(const json::Value& type) {
  if (type.has("ros2_msg")) return type["ros2_msg"].str();
  std::string out;
  for (const json::Value& c : type["constants"].array)
    out += c["type"].str() + " " + c["name"].str() + "=" + constant_value(c["value"]) + "\n";
  for (const json::Value& f : type["fields"].array) out += f["declared"].str() + " " + f["name"].str() + "\n";
  return out;
}

}  // namespace

Result<std::string> ros2msg_schema(std::string_view descriptor_json) {
  try {
    json::Value d = json::parse(descriptor_json);
    std::string text = definition(d);
    if (d.has("types"))
      for (const auto& [name, type] : d["types"].object)
        text += std::string(80, '=') + "\nMSG: " + name + "\n" + definition(type);
    return text;
  } catch (const std::exception& e) {
    return Error(DMXP_ERR_INVALID_ARGUMENT, std::string("layout descriptor cannot be read: ") + e.what());
  }
}

}  // namespace dmxp::wire
