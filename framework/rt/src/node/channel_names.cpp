#include "dmxp/rt/channel_names.hpp"

namespace dmxp::rt {
namespace {

struct Prefix {
  ChannelKind kind;
  const char* text;
};
constexpr Prefix kPrefixes[] = {
    {ChannelKind::Topic, "t."},
    {ChannelKind::ServiceRequest, "q."},
    {ChannelKind::ServiceResponse, "r."},
};

const char* kind_word(ChannelKind k) {
  return k == ChannelKind::Topic ? "topic" : "service";
}

}  // namespace

Result<std::string> channel_name(ChannelKind kind, std::string_view resolved) {
  if (resolved.size() < 2 || resolved[0] != '/')
    return Error(DMXP_ERR_INVALID_ARGUMENT, std::string(kind_word(kind)) + " name '" +
                                                std::string(resolved) + "' is not resolved");
  if (resolved.size() > kMaxResolvedNameLength)
    return Error(DMXP_ERR_INVALID_ARGUMENT,
                 std::string(kind_word(kind)) + " name '" + std::string(resolved) + "' has " +
                     std::to_string(resolved.size()) + " characters; DMXP allows at most " +
                     std::to_string(kMaxResolvedNameLength) + " (channel names stop at 100)");
  for (const Prefix& p : kPrefixes) {
    if (p.kind != kind) continue;
    std::string out = p.text;
    for (char c : resolved.substr(1)) out += c == '/' ? '.' : c;
    return out;
  }
  return Error(DMXP_ERR_INVALID_ARGUMENT, "internal channels have no resolved name");
}

std::optional<ParsedChannelName> parse_channel_name(std::string_view channel) {
  if (channel.rfind("x.", 0) == 0) return ParsedChannelName{ChannelKind::Internal, std::string(channel)};
  for (const Prefix& p : kPrefixes) {
    std::string_view pre = p.text;
    if (channel.size() <= pre.size() || channel.substr(0, pre.size()) != pre) continue;
    std::string name = "/";
    for (char c : channel.substr(pre.size())) name += c == '.' ? '/' : c;
    return ParsedChannelName{p.kind, name};
  }
  return std::nullopt;
}

std::string internal_channel_name(int pid, uint64_t n) {
  return "x." + std::to_string(pid) + "." + std::to_string(n);
}

}  // namespace dmxp::rt
