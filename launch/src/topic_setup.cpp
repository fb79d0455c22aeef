#include "topic_setup.hpp"

#include "dmxp/dmxp.hpp"
#include "dmxp/rt/channel_names.hpp"

namespace dmxp::launch {

std::string create_topic_channels(const LaunchGraph& graph, const std::string& domain) {
  for (const auto& t : graph.topics) {
    auto channel = dmxp::rt::channel_name(dmxp::rt::ChannelKind::Topic, t.name);
    if (!channel) return "topic '" + t.name + "': " + channel.error().what();
    ChannelOptions o;
    o.domain(domain.c_str()).mode(t.mode).backpressure(t.backpressure).slot_size(t.slot_size);
    if (t.capacity) o.capacity(t.capacity);
    if (!t.type.empty())
      o.type(t.fingerprint, t.type.c_str()).descriptor(t.descriptor.data(), t.descriptor.size());
    // Open-or-create: a channel left by an earlier run is used when it matches.
    Status made = create_channel(channel.value(), o);
    if (!made) return "cannot create the channel of topic '" + t.name + "': " + made.error().what();
  }
  return {};
}

}  // namespace dmxp::launch
