// detail/qos_matcher.hpp - finds the endpoints of the other side of a topic (publishers for a
// subscription, subscriptions for a publisher) in the graph registry whose QoS is
// incompatible with ours, each reported once.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "dmxp/rt/events.hpp"
#include "dmxp/rt/graph.hpp"
#include "dmxp/rt/qos.hpp"

namespace dmxp::rt::detail {

class QosMatcher {
 public:
  QosMatcher(EndpointKind self, std::string topic, QoS qos)
      : self_(self), topic_(std::move(topic)), qos_(qos) {}
  // New incompatibilities since the last call (cheap when the graph did not change).
  std::vector<IncompatibleQoS> poll(GraphRegistry& graph);
  // Reports an incompatibility with the channel itself (e.g. a reliable subscription on a
  // channel an earlier best-effort endpoint created).
  IncompatibleQoS channel_mismatch(const std::string& policy, const std::string& reason);
  uint64_t total() const { return total_; }

 private:
  EndpointKind self_;
  std::string topic_;
  QoS qos_;
  uint64_t seen_generation_ = 0;
  std::set<std::pair<uint32_t, uint32_t>> reported_;  // (slot, incarnation)
  uint64_t total_ = 0;
};

}  // namespace dmxp::rt::detail
