// bridge_routes.hpp - what dmxp-bridge nodes report about one topic (`dmxp topic info`): each
// bridge publishes its routes with their counters on "<node>/stats"
// (dmxp_nodes_msgs/BridgeStats, latched). Read passively, like echo: never slows the bridge.
#pragma once

#include <string>
#include <vector>

#include "dmxp/rt/graph.hpp"

namespace dmxp::cli {

struct BridgeRouteInfo {
  std::string node;       // the bridge's full name
  std::string direction;  // "export" (DMXP -> DDS) or "import" (DDS -> DMXP)
  uint64_t forwarded = 0, oversized = 0, malformed = 0, lost = 0, looped = 0;
  std::string last_error;
};

// The routes of `topic` reported by the bridges among `nodes` (the topic's endpoints' nodes);
// nodes that are not bridges, or whose stats cannot be read, are left out.
std::vector<BridgeRouteInfo> bridge_routes(const std::string& domain, const std::string& topic,
                                           const std::vector<dmxp::rt::GraphEndpoint>& endpoints);

}  // namespace dmxp::cli
