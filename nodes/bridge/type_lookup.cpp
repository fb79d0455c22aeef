#include "type_lookup.hpp"

#include "dmxp/wire/json.hpp"
#include "installed_types.hpp"

namespace dmxp_bridge {

std::optional<dmxp::rt::GenericType> generic_type_of(const std::string& descriptor, std::string* error) {
  try {
    dmxp::wire::json::Value d = dmxp::wire::json::parse(descriptor);
    dmxp::rt::GenericType t;
    t.name = d["type"].str();
    t.fingerprint = std::stoull(d["fingerprint"].str(), nullptr, 16);  // "0x..." (stoull takes the prefix)
    t.size = uint32_t(d["size"].as_u64());
    t.descriptor = descriptor;
    return t;
  } catch (const std::exception& e) {
    *error = std::string("bad layout descriptor: ") + e.what();
    return std::nullopt;
  }
}

std::optional<dmxp::rt::GenericType> import_type(const dmxp::rt::Node& node, const std::string& topic,
                                                 const std::string& dmxp_type, std::string* error) {
  if (auto existing = dmxp::rt::topic_type(node, topic)) {
    if (existing.value().name == dmxp_type) return existing.value();
    *error = "its DMXP channel has type " + (existing.value().name.empty() ? std::string("(untyped)") : existing.value().name) +
             ", but DDS writers publish " + dmxp_type;
    return std::nullopt;
  }
  std::string descriptor;
  if (!dmxp::msgc::descriptor_of_installed_type(dmxp_type, &descriptor, error)) return std::nullopt;
  return generic_type_of(descriptor, error);
}

}  // namespace dmxp_bridge
