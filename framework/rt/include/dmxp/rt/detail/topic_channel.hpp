// detail/topic_channel.hpp - opening the DMXP channel behind a topic, with the type check and
// the QoS mapping of qos.hpp. The first endpoint creates the channel with its QoS (capacity,
// backpressure); later ones attach to what exists and compare it with their own QoS.
#pragma once

#include <string>

#include "dmxp/dmxp.hpp"
#include "dmxp/rt/detail/type_info.hpp"
#include "dmxp/rt/qos.hpp"

namespace dmxp::rt::detail {

enum class Role { Publisher, Subscription };

struct ChannelFacts {
  dmxp_backpressure backpressure = DMXP_RELIABLE;
  uint32_t capacity = 0;
};

struct TopicChannel {
  std::string domain;
  std::string topic;    // resolved
  std::string channel;  // "t.<...>"
};

// Type mismatch: DMXP_ERR_INCOMPATIBLE "topic '/x' carries type 'A' (fingerprint ...);
// refusing a subscription of type 'B' (...)". Other errors name the topic too.
Result<Producer> open_topic_producer(const TopicChannel& t, const TypeInfo& type, const QoS& qos,
                                     ChannelFacts* facts);
Result<Consumer> open_topic_consumer(const TopicChannel& t, const TypeInfo& type, const QoS& qos,
                                     ChannelFacts* facts);
// The same for service channels (mode QUEUE or BROADCAST given), slot = header + type size.
Result<Producer> open_service_producer(const TopicChannel& t, const TypeInfo& type,
                                       uint64_t fingerprint, dmxp_mode mode,
                                       dmxp_backpressure bp, uint32_t capacity, bool create);
Result<Consumer> open_service_consumer(const TopicChannel& t, const TypeInfo& type,
                                       uint64_t fingerprint, dmxp_mode mode,
                                       dmxp_backpressure bp, uint32_t capacity,
                                       dmxp_start start);

// Resolves a topic name for a node (remaps applied) and maps it to its channel.
Result<TopicChannel> topic_channel_for(const NodeCore& node, std::string_view topic);

// dmxp_channel_info_get of the topic's channel; false when it does not exist.
bool channel_info(const std::string& domain, const std::string& channel, dmxp_channel_info* info);

}  // namespace dmxp::rt::detail
