#include "bridge_routes.hpp"

#include <dmxp_nodes_msgs/msg/BridgeStats.hpp>

#include <cstring>
#include <set>

#include "dmxp/rt/channel_names.hpp"
#include "observer.hpp"

namespace dmxp::cli {
namespace {

using dmxp_nodes_msgs::msg::BridgeRoute;
using dmxp_nodes_msgs::msg::BridgeStats;

// The newest message the stats channel retains, checked to be a BridgeStats; false otherwise.
bool latest_stats(const std::string& domain, const std::string& node, BridgeStats* out) {
  auto channel = dmxp::rt::channel_name(dmxp::rt::ChannelKind::Topic, node + "/stats");
  if (!channel) return false;
  dmxp_channel_info info;
  if (dmxp_channel_info_get(domain.c_str(), channel.value().c_str(), &info) != DMXP_OK ||
      info.type_fingerprint != BridgeStats::kFingerprint)
    return false;
  Observer obs;
  std::string error;
  if (obs.open(domain, channel.value(), 1, &error) != DMXP_OK) return false;  // key 1: all retained
  ObservedMessage m, last;
  bool any = false;
  while (obs.next(&m, SIZE_MAX, 0) == DMXP_OK) {
    last = std::move(m);
    any = true;
  }
  if (!any || last.bytes.size() != sizeof(BridgeStats)) return false;
  std::memcpy(static_cast<void*>(out), last.bytes.data(), sizeof(BridgeStats));
  return out->routes.size() <= out->routes.capacity();  // a sane copy (the observer checked it was whole)
}

}  // namespace

std::vector<BridgeRouteInfo> bridge_routes(const std::string& domain, const std::string& topic,
                                           const std::vector<dmxp::rt::GraphEndpoint>& endpoints) {
  std::vector<BridgeRouteInfo> out;
  std::set<std::string> seen;
  auto stats = std::make_unique<BridgeStats>();  // ~60 KB: not on the stack
  for (const auto& e : endpoints) {
    if (!seen.insert(e.node).second || !latest_stats(domain, e.node, stats.get())) continue;
    for (size_t i = 0; i < stats->routes.size(); ++i) {
      const BridgeRoute& r = stats->routes[i];
      if (std::string_view(r.topic) != topic) continue;
      BridgeRouteInfo b;
      b.node = e.node;
      b.direction = r.direction == BridgeRoute::EXPORT ? "export" : "import";
      b.forwarded = r.forwarded;
      b.oversized = r.oversized;
      b.malformed = r.malformed;
      b.lost = r.lost;
      b.looped = r.looped;
      b.last_error = std::string(std::string_view(r.last_error));
      out.push_back(std::move(b));
    }
  }
  return out;
}

}  // namespace dmxp::cli
