#include "readiness.hpp"

namespace dmxp::launch {

std::string ReadinessProbe::first_missing(const std::vector<ReadyCheck>& checks) {
  if (!graph_) {
    auto g = dmxp::rt::GraphRegistry::open(domain_);
    if (!g) return std::string("graph registry of domain '") + domain_ + "': " + g.error().what();
    graph_ = g.value();
  }
  dmxp::rt::GraphSnapshot s = graph_->snapshot();
  for (const auto& r : checks) {
    bool found = false;
    for (const auto& e : s.endpoints_of(r.topic, dmxp::rt::EndpointKind::Publisher)) found = found || e.node == r.node;
    if (!found) return "node '" + r.node + "' did not advertise '" + r.topic + "'";
  }
  return {};
}

}  // namespace dmxp::launch
