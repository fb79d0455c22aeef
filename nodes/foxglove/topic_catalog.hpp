// topic_catalog.hpp - which DMXP topics dmxp-foxglove offers as Foxglove channels, refreshed
// by polling: a topic is offered while its channel exists with a layout descriptor (a typed
// topic), the descriptor yields a CDR codec and a ros2msg schema, the topic passes the allow
// list, and something publishes it (a publisher in the graph registry, or a live producer
// record in the channel). Each offered topic gets a channel id that is never reused; a
// channel whose type changes (the channel was recreated with another type) is withdrawn and
// offered again under a new id, so a schema never changes under a live id.
//
// Not thread-safe: the server refreshes it on its network thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dmxp/rt/graph.hpp"
#include "dmxp/wire/cdr.hpp"
#include "dmxp/wire/json.hpp"

namespace dmxp::foxglove {

struct OfferedTopic {
  uint32_t id = 0;               // the Foxglove channel id
  std::string topic;             // "/robot/odom"
  std::string channel;           // "t.robot.odom"
  std::string type_name;         // DMXP's "nav_msgs/Odometry"
  std::string schema_name;       // ROS 2's "nav_msgs/msg/Odometry"
  std::string schema;            // ros2msg text
  uint64_t fingerprint = 0;
  std::string descriptor;        // the layout descriptor text
  std::shared_ptr<const dmxp::wire::CdrCodec> codec;
  std::shared_ptr<const dmxp::wire::json::Value> layout;  // the descriptor, parsed
};

// The layout descriptor stored in a channel; "" for untyped or unreadable channels.
std::string read_channel_descriptor(const std::string& domain, const std::string& channel);

struct CatalogChange {
  std::vector<std::shared_ptr<const OfferedTopic>> added;
  std::vector<uint32_t> removed;  // channel ids
  bool empty() const { return added.empty() && removed.empty(); }
};

// Topic names a user lets through: exact names or shell patterns ('*' matches across '/').
// An empty list lets every topic through.
class TopicFilter {
 public:
  explicit TopicFilter(std::vector<std::string> patterns) : patterns_(std::move(patterns)) {}
  bool allows(const std::string& topic) const;

 private:
  std::vector<std::string> patterns_;
};

class TopicCatalog {
 public:
  TopicCatalog(std::string domain, TopicFilter filter) : domain_(std::move(domain)), filter_(std::move(filter)) {}

  // Lists the domain's channels and reads the graph (snapshot may be null without a
  // registry); returns what changed since the last refresh.
  CatalogChange refresh(const dmxp::rt::GraphSnapshot* snapshot);

  const std::map<uint32_t, std::shared_ptr<const OfferedTopic>>& offered() const { return by_id_; }
  std::shared_ptr<const OfferedTopic> find(uint32_t id) const;
  std::shared_ptr<const OfferedTopic> find_topic(const std::string& topic) const;
  // Typed topics that are not offered, with the reason (for the dashboard).
  const std::map<std::string, std::string>& refused() const { return refused_; }

 private:
  std::shared_ptr<OfferedTopic> make_offer(const std::string& topic, const std::string& channel,
                                                 uint64_t fingerprint);

  std::string domain_;
  TopicFilter filter_;
  uint32_t next_id_ = 1;
  std::map<uint32_t, std::shared_ptr<const OfferedTopic>> by_id_;
  std::map<std::string, uint32_t> id_of_topic_;
  std::map<std::string, std::string> refused_;
  // Descriptors that failed, by channel and fingerprint: not read again every refresh.
  std::map<std::pair<std::string, uint64_t>, std::string> bad_;
};

}  // namespace dmxp::foxglove
