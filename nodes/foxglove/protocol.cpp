#include "protocol.hpp"

namespace dmxp::foxglove {

using nlohmann::json;

std::string choose_subprotocol(std::string_view offered) {
  size_t i = 0;
  while (i <= offered.size()) {
    size_t comma = offered.find(',', i);
    if (comma == std::string_view::npos) comma = offered.size();
    std::string_view item = offered.substr(i, comma - i);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    for (const char* p : kSubprotocols)
      if (item == p) return p;
    i = comma + 1;
  }
  return "";
}

std::string server_info_json(const std::string& name, const std::string& session_id,
                             const std::vector<std::string>& capabilities) {
  return json{{"op", "serverInfo"},
              {"name", name},
              {"capabilities", capabilities},
              {"metadata", json::object()},
              {"sessionId", session_id}}
      .dump();
}

std::string advertise_json(const std::vector<std::shared_ptr<const OfferedTopic>>& topics) {
  json channels = json::array();
  for (const auto& t : topics)
    channels.push_back({{"id", t->id},
                        {"topic", t->topic},
                        {"encoding", "cdr"},
                        {"schemaName", t->schema_name},
                        {"schema", t->schema},
                        {"schemaEncoding", "ros2msg"}});
  return json{{"op", "advertise"}, {"channels", std::move(channels)}}.dump(-1, ' ', false,
                                                                          json::error_handler_t::replace);
}

std::string unadvertise_json(const std::vector<uint32_t>& channel_ids) {
  return json{{"op", "unadvertise"}, {"channelIds", channel_ids}}.dump();
}

std::string status_json(StatusLevel level, const std::string& message) {
  return json{{"op", "status"}, {"level", int(level)}, {"message", message}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
}

std::string parameter_values_json(const json& parameters, const json* id) {
  json j{{"op", "parameterValues"}, {"parameters", parameters}};
  if (id) j["id"] = *id;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace dmxp::foxglove
