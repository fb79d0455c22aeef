// names.hpp - the one place that builds and parses /dev/shm names, so tools can enumerate.
//   channel segment: "dmxp.<domain>.ch.<channel>"     domain segment: "dmxp.<domain>.keys"
#pragma once

#include <string>
#include <string_view>

#include "dmxp/dmxp.h"

namespace dmxp::detail {

inline constexpr size_t kMaxChannelName = 100;
inline constexpr size_t kMaxDomainName = DMXP_MAX_DOMAIN_NAME;

// Returns DMXP_OK or DMXP_ERR_INVALID_ARGUMENT with a message saying what is wrong.
int validate_channel_name(std::string_view name);
int validate_domain_name(std::string_view name);
// The domain to use: explicit (if non-null and non-empty), else $DMXP_DOMAIN, else "default".
std::string resolve_domain(const char* explicit_domain);

std::string channel_segment_name(std::string_view domain, std::string_view channel);
std::string domain_segment_name(std::string_view domain);
// Prefix shared by every channel segment of a domain ("dmxp.<domain>.ch.").
std::string channel_segment_prefix(std::string_view domain);

}  // namespace dmxp::detail
