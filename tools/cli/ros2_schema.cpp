#include "ros2_schema.hpp"

#include <stdexcept>

#include "decode/json.hpp"

namespace dmxp::cli {
namespace {

// One type's .msg text: its ros2_msg, else rebuilt from its constants and fields.
std::string definition(const json::Value& type) {
  if (type.has("ros2_msg")) return type["ros2_msg"].str();
  std::string out;
  for (const json::Value& c : type["constants"].array) {
    const json::Value& v = c["value"];
    std::string value = v.kind == json::Value::Kind::String ? v.s
                        : v.kind == json::Value::Kind::Bool ? (v.b ? "true" : "false")
                        : v.kind == json::Value::Kind::Double ? std::to_string(v.d)
                        : v.kind == json::Value::Kind::Int ? std::to_string(v.i) : std::to_string(v.u);
    out += c["type"].str() + " " + c["name"].str() + "=" + value + "\n";
  }
  for (const json::Value& f : type["fields"].array) out += f["declared"].str() + " " + f["name"].str() + "\n";
  return out;
}

}  // namespace

bool ros2msg_schema(const std::string& descriptor_json, std::string* out, std::string* error) {
  try {
    json::Value d = json::parse(descriptor_json);
    std::string text = definition(d);
    if (d.has("types"))
      for (const auto& [name, type] : d["types"].object)
        text += std::string(80, '=') + "\nMSG: " + name + "\n" + definition(type);
    *out = std::move(text);
    return true;
  } catch (const std::exception& e) {
    *error = std::string("its layout descriptor cannot be read: ") + e.what();
    return false;
  }
}

}  // namespace dmxp::cli
