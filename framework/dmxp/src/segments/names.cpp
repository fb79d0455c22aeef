#include "segments/names.hpp"

#include <cstdlib>

#include "platform/error.hpp"

namespace dmxp::detail {
namespace {
bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-' || c == '.';
}
}  // namespace

int validate_channel_name(std::string_view name) {
  std::string shown(name.substr(0, 120));
  if (name.empty())
    return fail(DMXP_ERR_INVALID_ARGUMENT, "channel name is empty");
  if (name.size() > kMaxChannelName)
    return fail(DMXP_ERR_INVALID_ARGUMENT, "channel name '%s...' is longer than %zu characters",
                shown.c_str(), kMaxChannelName);
  if (name.front() == '.')
    return fail(DMXP_ERR_INVALID_ARGUMENT, "channel name '%s' must not start with '.'",
                shown.c_str());
  if (name.find("..") != std::string_view::npos)
    return fail(DMXP_ERR_INVALID_ARGUMENT, "channel name '%s' must not contain '..'",
                shown.c_str());
  for (char c : name)
    if (!is_name_char(c))
      return fail(DMXP_ERR_INVALID_ARGUMENT,
                  "channel name '%s' contains '%c'; use letters, digits, '_', '-' and '.'",
                  shown.c_str(), c);
  return DMXP_OK;
}

int validate_domain_name(std::string_view name) {
  std::string shown(name.substr(0, 60));
  if (name.empty() || name.size() > kMaxDomainName)
    return fail(DMXP_ERR_INVALID_ARGUMENT, "domain '%s' must have 1 to %zu characters",
                shown.c_str(), kMaxDomainName);
  for (char c : name)
    if (!is_name_char(c) || c == '.')
      return fail(DMXP_ERR_INVALID_ARGUMENT,
                  "domain '%s' contains '%c'; use letters, digits, '_' and '-'", shown.c_str(), c);
  return DMXP_OK;
}

std::string resolve_domain(const char* explicit_domain) {
  if (explicit_domain && *explicit_domain) return explicit_domain;
  const char* env = std::getenv("DMXP_DOMAIN");
  if (env && *env) return env;
  return "default";
}

std::string channel_segment_prefix(std::string_view domain) {
  return "dmxp." + std::string(domain) + ".ch.";
}

std::string channel_segment_name(std::string_view domain, std::string_view channel) {
  return channel_segment_prefix(domain) + std::string(channel);
}

std::string domain_segment_name(std::string_view domain) {
  return "dmxp." + std::string(domain) + ".keys";
}

}  // namespace dmxp::detail
