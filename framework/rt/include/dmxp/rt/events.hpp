// events.hpp - QoS events of publishers and subscriptions, delivered through the node's
// executor like any other callback (never concurrently with the node's other callbacks).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace dmxp::rt {

// Nothing was received (subscription) or published (publisher) for a whole deadline period.
struct DeadlineMissed {
  uint64_t total_count = 0;
  uint64_t count_change = 0;
};

// The topic's live publishers changed: one was created, closed, or its process died.
struct LivelinessChanged {
  uint32_t alive_count = 0;      // live publishers now
  uint32_t not_alive_count = 0;  // publishers that went away since the subscription began
  int32_t alive_count_change = 0;
  int32_t not_alive_count_change = 0;
};

// Best effort: messages overwritten before this subscription read them (and slots skipped
// after a publisher died mid-write). `overrun_count`: views overwritten while a callback
// still read them (the callback saw bytes that changed under it).
struct MessageLost {
  uint64_t total_count = 0;
  uint64_t count_change = 0;
  uint64_t overrun_count = 0;
};

// A publisher and a subscription of one topic whose QoS cannot work together (qos.hpp).
struct IncompatibleQoS {
  std::string topic;
  std::string policy;      // "reliability", "durability", "deadline", "liveliness"
  std::string reason;
  std::string other_node;  // full name of the other endpoint's node ("" when unknown)
  uint64_t total_count = 0;
};

struct SubscriptionEvents {
  std::function<void(const DeadlineMissed&)> deadline_missed;
  std::function<void(const LivelinessChanged&)> liveliness_changed;
  std::function<void(const MessageLost&)> message_lost;
  std::function<void(const IncompatibleQoS&)> incompatible_qos;
};

struct PublisherEvents {
  std::function<void(const DeadlineMissed&)> deadline_missed;
  std::function<void(const IncompatibleQoS&)> incompatible_qos;
};

}  // namespace dmxp::rt
