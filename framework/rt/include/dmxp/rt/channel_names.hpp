// channel_names.hpp - the one mapping from resolved topic and service names to DMXP channel
// names, and back, so tools can enumerate the graph's channels.
//
//   topic   "/robot/scan"     -> channel "t.robot.scan"
//   service "/robot/reset"    -> request channel "q.robot.reset", response channel "r.robot.reset"
//   internal                  -> "x.<pid>.<n>" (an executor's wake-up channel)
//
// Channel names allow [A-Za-z0-9_.-] and at most 100 characters, so a resolved name may have
// at most 99 characters. Names never contain '.', so '/' -> '.' is reversible.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dmxp/dmxp.hpp"

namespace dmxp::rt {

enum class ChannelKind { Topic, ServiceRequest, ServiceResponse, Internal };

inline constexpr size_t kMaxResolvedNameLength = 99;

// DMXP_ERR_INVALID_ARGUMENT when the resolved name is not absolute or too long.
Result<std::string> channel_name(ChannelKind kind, std::string_view resolved_name);

struct ParsedChannelName {
  ChannelKind kind;
  std::string name;  // resolved topic or service name; the raw channel name for Internal
};
// nullopt for channels that are not the runtime's (e.g. a plain numeric channel "100").
std::optional<ParsedChannelName> parse_channel_name(std::string_view channel);

// "x.<pid>.<n>": a channel private to one executor of one process.
std::string internal_channel_name(int pid, uint64_t n);

}  // namespace dmxp::rt
