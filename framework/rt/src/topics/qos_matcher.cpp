#include "dmxp/rt/detail/qos_matcher.hpp"

namespace dmxp::rt::detail {

std::vector<IncompatibleQoS> QosMatcher::poll(GraphRegistry& graph) {
  std::vector<IncompatibleQoS> out;
  uint64_t gen = graph.generation();
  if (gen == seen_generation_) return out;
  seen_generation_ = gen;
  bool publisher = self_ == EndpointKind::Publisher;
  GraphSnapshot snap = graph.snapshot();
  for (const GraphEndpoint& other :
       snap.endpoints_of(topic_, publisher ? EndpointKind::Subscription : EndpointKind::Publisher)) {
    if (!reported_.insert({other.slot, other.incarnation}).second) continue;
    auto problems = publisher ? check_compatibility(qos_, other.qos)
                              : check_compatibility(other.qos, qos_);
    for (const QoSIncompatibility& p : problems) {
      ++total_;
      out.push_back({topic_, p.policy, p.reason, other.node, total_});
    }
  }
  return out;
}

IncompatibleQoS QosMatcher::channel_mismatch(const std::string& policy, const std::string& reason) {
  ++total_;
  return {topic_, policy, reason, "", total_};
}

}  // namespace dmxp::rt::detail
