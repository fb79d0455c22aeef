// names.hpp - the one place that builds and parses shared-memory names, so tools can
// enumerate, and that says where segments live: "<root>/<name>", the root being
// $DMXP_SHM_DIR (an absolute path to an existing directory: a tmpfs or hugetlbfs mount, or a
// test's own directory) or else /dev/shm. The variable is read at each call.
//   channel segment: "dmxp.<domain>.ch.<channel>"     domain segment: "dmxp.<domain>.keys"
//   graph registry (framework/rt): "dmxp.<domain>.graph"
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
std::string graph_segment_name(std::string_view domain);
// Prefix shared by every channel segment of a domain ("dmxp.<domain>.ch.").
std::string channel_segment_prefix(std::string_view domain);

inline constexpr const char* kDefaultShmDir = "/dev/shm";
// The directory of every segment, without a trailing '/'; DMXP_ERR_INVALID_ARGUMENT with a
// message naming DMXP_SHM_DIR when it is set but empty, relative or not a directory.
int shm_dir(std::string& out);
// "<shm_dir>/<segment>", or shm_dir's error.
int segment_path(std::string_view segment, std::string& out);

}  // namespace dmxp::detail
