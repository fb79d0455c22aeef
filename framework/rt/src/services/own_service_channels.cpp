#include "services/own_service_channels.hpp"

#include "dmxp/rt/channel_names.hpp"

namespace dmxp::rt::detail {

void remove_own_service_channels(const NodeCore& node, std::initializer_list<std::string_view> services) {
  GraphRegistry* g = node.graph();
  if (!g) return;
  for (const GraphNode& n : g->snapshot().nodes)
    if (n.full_name == node.full_name() && n.slot != node.graph_handle().slot) return;
  for (std::string_view service : services) {
    Result<std::string> name = node.resolve(service);
    if (!name) continue;
    for (ChannelKind k : {ChannelKind::ServiceRequest, ChannelKind::ServiceResponse})
      if (Result<std::string> ch = channel_name(k, name.value()))
        dmxp_channel_remove(node.domain().c_str(), ch.value().c_str());
  }
}

}  // namespace dmxp::rt::detail
