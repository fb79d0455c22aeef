// qos.hpp - quality of service of a topic endpoint, and how it maps onto DMXP channels.
//
//   history depth   -> ring capacity: the next power of two >= depth (at least 2), fixed by
//                      whichever endpoint creates the channel
//   reliability     -> backpressure: Reliable = DMXP_RELIABLE (publishers wait up to
//                      max_blocking for room, subscribers never lose a message),
//                      BestEffort = DMXP_KEEP_LAST (the oldest is overwritten; a lagging
//                      subscriber skips ahead and is told how many it lost)
//   durability      -> where a new subscription starts: Volatile after the newest message,
//                      TransientLocal at the last `depth` messages the ring retains
//   deadline        -> a subscription (publisher) that receives (publishes) nothing for this
//                      long gets a deadline-missed event
//   liveliness      -> subscriptions are told when the topic's live publishers change (one
//                      closes, or its process dies), checked every lease/2 (default 100 ms).
//                      Automatic (default): a publisher is alive while its process is.
//                      ManualByTopic: a publisher is alive while it asserted its liveliness
//                      (Publisher::assert_liveliness(), or any publish) within its lease; one
//                      that lets its lease run out is "not alive" until it asserts again.
//                      Its creation counts as an assertion.
//
// Compatibility between an offered (publisher) and a requested (subscription) QoS follows
// ROS 2: best-effort offered to a reliable request, volatile offered to a transient-local
// request, a longer (or no) deadline or liveliness lease offered than requested, automatic
// liveliness offered to a manual-by-topic request, are incompatible; both sides get an
// incompatible-QoS event naming the policy.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "dmxp/dmxp.h"

namespace dmxp::rt {

enum class Reliability : uint8_t { Reliable = 1, BestEffort = 2 };
enum class Durability : uint8_t { Volatile = 1, TransientLocal = 2 };
enum class Liveliness : uint8_t { Automatic = 1, ManualByTopic = 2 };

struct QoS {
  uint32_t depth = 10;
  Reliability reliability = Reliability::Reliable;
  Durability durability = Durability::Volatile;
  std::chrono::nanoseconds deadline{0};            // 0: none
  std::chrono::nanoseconds liveliness_lease{0};    // 0: infinite
  Liveliness liveliness = Liveliness::Automatic;
  std::chrono::nanoseconds max_blocking{std::chrono::milliseconds(100)};  // reliable publish

  QoS() = default;
  QoS(uint32_t history_depth) : depth(history_depth) {}  // NOLINT: `create_publisher<T>("t", 10)`

  QoS& keep_last(uint32_t d) { depth = d; return *this; }
  QoS& reliable() { reliability = Reliability::Reliable; return *this; }
  QoS& best_effort() { reliability = Reliability::BestEffort; return *this; }
  QoS& transient_local() { durability = Durability::TransientLocal; return *this; }
  QoS& durability_volatile() { durability = Durability::Volatile; return *this; }
  QoS& deadline_period(std::chrono::nanoseconds d) { deadline = d; return *this; }
  QoS& liveliness_lease_duration(std::chrono::nanoseconds d) { liveliness_lease = d; return *this; }
  QoS& liveliness_kind(Liveliness l) { liveliness = l; return *this; }
  // Manual-by-topic liveliness with this lease (see the top of this file).
  QoS& manual_liveliness(std::chrono::nanoseconds lease) {
    liveliness = Liveliness::ManualByTopic;
    liveliness_lease = lease;
    return *this;
  }
  QoS& max_blocking_time(std::chrono::nanoseconds d) { max_blocking = d; return *this; }

  // Best effort, depth 5: the usual choice for high-rate sensors.
  static QoS sensor_data() { return QoS(5).best_effort(); }
  // Reliable, transient-local, depth 1: latched state (maps, configuration).
  static QoS latched() { return QoS(1).transient_local(); }
};

uint32_t ring_capacity(const QoS& qos);
dmxp_backpressure backpressure(const QoS& qos);
std::string to_string(const QoS& qos);

struct QoSIncompatibility {
  std::string policy;  // "reliability", "durability", "deadline", "liveliness"
  std::string reason;
};
std::vector<QoSIncompatibility> check_compatibility(const QoS& offered, const QoS& requested);

}  // namespace dmxp::rt
