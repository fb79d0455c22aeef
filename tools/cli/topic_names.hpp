// topic_names.hpp - what the verbs address: a topic ("/scan", "scan") maps to its channel
// ("t.scan") through the runtime's one mapping (dmxp/rt/channel_names.hpp); any raw channel
// name or id ("100") is accepted as well. Also the domain's topic table (channels plus the
// graph registry) and the stored layout descriptor.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dmxp/dmxp.h"
#include "dmxp/rt/graph.hpp"

namespace dmxp::cli {

struct TopicRef {
  std::string topic;    // "/scan", or the channel name for raw channels
  std::string channel;  // "t.scan"
};

// The channel of arg, which must exist: DMXP_OK (and, when info is given, the channel's info
// read on the way), else DMXP_ERR_NOT_FOUND with *error "unknown topic '/scan' in domain 'd'
// (see 'dmxp topic list')", or the channel's error.
int resolve_topic(const std::string& domain, const std::string& arg, TopicRef* out, std::string* error,
                  dmxp_channel_info* info = nullptr);
// The topic name tools show for a channel: "/scan" for "t.scan", the channel name for raw
// channels, nullopt for service and internal channels.
std::optional<std::string> topic_of_channel(const std::string& channel);
// The channel a topic name maps to ("t.scan" for "/scan" or "scan"); "" when invalid.
std::string channel_of_topic(const std::string& topic);

struct TopicEntry {
  TopicRef ref;
  bool has_channel = false;
  dmxp_channel_info info{};  // when has_channel
  std::string type_name;     // from the channel, else from the graph
};
// Every topic of the domain: channels (topics and raw ones) and topics the graph names but
// that have no channel yet; sorted by topic name. Unreadable channels are skipped. DMXP_OK,
// or the status of listing the channels (e.g. an unusable $DMXP_SHM_DIR).
int list_topics(const std::string& domain, std::vector<TopicEntry>* out);

// The layout descriptor stored in the channel ("" for untyped ones); DMXP_OK or an error.
int read_descriptor(const std::string& domain, const std::string& channel, std::string* out);

// The domain's graph registry, when it exists (never creates it).
std::optional<dmxp::rt::GraphSnapshot> graph_snapshot(const std::string& domain);

}  // namespace dmxp::cli
