// protocol.hpp - the server's side of the Foxglove WebSocket protocol ("foxglove.websocket.v1",
// https://github.com/foxglove/ws-protocol/blob/main/docs/spec.md): the JSON of the messages
// it sends, and the subprotocol it answers an opening handshake with. All JSON is written by
// nlohmann::json, so topic names, schemas and error texts are escaped correctly whatever
// they contain.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "topic_catalog.hpp"

namespace dmxp::foxglove {

// The subprotocols a client may offer (Foxglove's app offers foxglove.sdk.v1 or
// foxglove.websocket.v1); both name the same protocol.
inline constexpr const char* kSubprotocols[] = {"foxglove.sdk.v1", "foxglove.websocket.v1"};

// The first subprotocol of a Sec-WebSocket-Protocol header ("a, b") that the server speaks,
// "" when there is none.
std::string choose_subprotocol(std::string_view offered);

enum class StatusLevel { Info = 0, Warning = 1, Error = 2 };

std::string server_info_json(const std::string& name, const std::string& session_id,
                             const std::vector<std::string>& capabilities);
std::string advertise_json(const std::vector<std::shared_ptr<const OfferedTopic>>& topics);
std::string unadvertise_json(const std::vector<uint32_t>& channel_ids);
std::string status_json(StatusLevel level, const std::string& message);
// parameters: [{"name", "value", "type"?}, ...]; id: the request's, echoed when it had one.
std::string parameter_values_json(const nlohmann::json& parameters, const nlohmann::json* id);

}  // namespace dmxp::foxglove
