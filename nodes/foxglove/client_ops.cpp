// What the server does with each client request of the Foxglove WebSocket protocol. Bad
// input (malformed JSON, an unknown op, an unknown channel or subscription, a wrong field
// type) gets a "status" message with level error that says what was wrong; the connection
// stays open and nothing else changes.
#include "protocol.hpp"
#include "server.hpp"

namespace dmxp::foxglove {

using nlohmann::json;

namespace {

// A uint32 field of a JSON object, or an exception naming it.
uint32_t u32_field(const json& j, const char* key, const char* what) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number_unsigned() || j[key].get<uint64_t>() > UINT32_MAX)
    throw std::runtime_error(std::string(what) + ": \"" + key + "\" must be an integer from 0 to 4294967295");
  return j[key].get<uint32_t>();
}

const json& array_field(const json& j, const char* key, const char* op) {
  if (!j.contains(key) || !j[key].is_array())
    throw std::runtime_error(std::string(op) + ": \"" + key + "\" must be an array");
  return j[key];
}

}  // namespace

void Server::error(Session& s, const std::string& message) {
  s.send_control(status_json(StatusLevel::Error, message));
}

void Server::handle_text(Session& s, std::string_view text) {
  json request;
  try {
    request = json::parse(text);
  } catch (const json::parse_error& e) {
    return error(s, std::string("malformed JSON: ") + e.what());
  }
  if (!request.is_object() || !request.contains("op") || !request["op"].is_string())
    return error(s, "a request must be a JSON object with a string \"op\"");
  const std::string op = request["op"].get<std::string>();
  try {
    if (op == "subscribe") return subscribe(s, request);
    if (op == "unsubscribe") return unsubscribe(s, request);
    if (op == "getParameters") return parameters_request(s, request, false);
    if (op == "setParameters") return parameters_request(s, request, true);
    if (op == "advertise" || op == "unadvertise")
      return error(s, "'" + op + "' (client publishing) is not supported: the server has no clientPublish capability");
    if (op == "subscribeParameterUpdates" || op == "unsubscribeParameterUpdates")
      return error(s, "'" + op + "' is not supported: the server has no parametersSubscribe capability");
    if (op == "subscribeConnectionGraph" || op == "unsubscribeConnectionGraph")
      return error(s, "'" + op + "' is not supported: the server has no connectionGraph capability");
    if (op == "fetchAsset") return error(s, "'fetchAsset' is not supported: the server has no assets capability");
    return error(s, "unknown op '" + op + "'");
  } catch (const std::exception& e) {
    return error(s, e.what());
  }
}

void Server::handle_binary(Session& s, size_t size) {
  error(s, "binary client message of " + std::to_string(size) +
               " bytes ignored: the server has no clientPublish or services capability");
}

void Server::subscribe(Session& s, const json& request) {
  bool changed = false;
  for (const json& sub : array_field(request, "subscriptions", "subscribe")) {
    uint32_t id, channel;
    try {
      id = u32_field(sub, "id", "subscribe");
      channel = u32_field(sub, "channelId", "subscribe");
    } catch (const std::exception& e) {
      error(s, e.what());
      continue;
    }
    if (s.subscriptions.count(id)) {
      error(s, "subscribe: subscription id " + std::to_string(id) + " is in use (channel " +
                   std::to_string(s.subscriptions[id]) + ")");
      continue;
    }
    auto offer = catalog_.find(channel);
    if (!offer) {
      error(s, "subscribe: unknown channel id " + std::to_string(channel));
      continue;
    }
    bool already = false;
    for (const auto& [other, ch] : s.subscriptions) already |= ch == channel;
    if (already) {
      error(s, "subscribe: already subscribed to channel " + std::to_string(channel) + " (" + offer->topic + ")");
      continue;
    }
    s.subscriptions[id] = channel;
    changed = true;
  }
  if (changed) rebuild_demand();
}

void Server::unsubscribe(Session& s, const json& request) {
  bool changed = false;
  for (const json& id : array_field(request, "subscriptionIds", "unsubscribe")) {
    if (!id.is_number_unsigned() || id.get<uint64_t>() > UINT32_MAX) {
      error(s, "unsubscribe: subscription ids must be integers from 0 to 4294967295, got " + id.dump());
      continue;
    }
    if (!s.subscriptions.erase(id.get<uint32_t>())) {
      error(s, "unsubscribe: unknown subscription id " + id.dump());
      continue;
    }
    changed = true;
  }
  if (changed) rebuild_demand();
}

void Server::parameters_request(Session& s, const json& request, bool set) {
  std::shared_ptr<json> id;
  if (request.contains("id")) {
    if (!request["id"].is_string()) throw std::runtime_error(request["op"].get<std::string>() + ": \"id\" must be a string");
    id = std::make_shared<json>(request["id"]);
  }
  // The reply is sent from the parameter worker: the session may be gone by then.
  std::weak_ptr<Session> weak = s.weak_from_this();
  auto done = [weak, id, set](ParameterReply r) {
    auto session = weak.lock();
    if (!session) return;
    for (const std::string& e : r.errors) session->send_control(status_json(StatusLevel::Error, e));
    // A set answers only when the request had an id (the protocol's rule).
    if (!set || id) session->send_control(parameter_values_json(r.parameters, id.get()));
  };
  if (set) {
    parameters_.set(array_field(request, "parameters", "setParameters"), std::move(done));
    return;
  }
  std::vector<std::string> names;
  for (const json& n : array_field(request, "parameterNames", "getParameters")) {
    if (!n.is_string()) throw std::runtime_error("getParameters: parameter names must be strings, got " + n.dump());
    names.push_back(n.get<std::string>());
  }
  parameters_.get(std::move(names), std::move(done));
}

}  // namespace dmxp::foxglove
