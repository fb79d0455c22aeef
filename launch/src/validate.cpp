#include "validate.hpp"

#include <algorithm>
#include <map>

#include "dmxp/rt/channel_names.hpp"

namespace dmxp::launch {
namespace {

void unique_names(const LaunchGraph& g, Diagnostics& diags) {
  std::map<std::string, Mark> seen;
  for (const auto& n : g.nodes) {
    auto [it, fresh] = seen.emplace(n.full_name, n.mark);
    if (!fresh)
      diags.error(n.mark, "duplicate node name '" + n.full_name + "', first declared at " +
                              where(it->second) + "; give one of them another name or namespace");
  }
  std::map<std::string, Mark> containers;
  for (const auto& c : g.containers) {
    auto [it, fresh] = containers.emplace(c.name, c.mark);
    if (!fresh)
      diags.error(c.mark, "duplicate container name '" + c.name + "', first declared at " + where(it->second));
  }
}

const char* mode_word(dmxp_mode m) { return m == DMXP_MODE_QUEUE ? "queue" : "broadcast"; }

void unique_topics(LaunchGraph& g, Diagnostics& diags) {
  std::vector<LaunchTopic> kept;
  for (auto& t : g.topics) {
    auto same = std::find_if(kept.begin(), kept.end(), [&](const LaunchTopic& k) { return k.name == t.name; });
    if (same == kept.end()) {
      kept.push_back(std::move(t));
      continue;
    }
    if (same->type != t.type)
      diags.error(t.mark, "topic '" + t.name + "' is declared with type '" + t.type + "' here and '" +
                              same->type + "' at " + where(same->mark) + "; a topic has one type");
    else if (same->capacity != t.capacity || same->slot_size != t.slot_size || same->mode != t.mode ||
             same->backpressure != t.backpressure)
      diags.error(t.mark, "topic '" + t.name + "' is declared again with other capacity, slot_size, "
                          "delivery or reliability than at " + where(same->mark));
  }
  g.topics = std::move(kept);
}

void existing_channels(const LaunchGraph& g, const std::string& domain, Diagnostics& diags) {
  for (const auto& t : g.topics) {
    auto channel = dmxp::rt::channel_name(dmxp::rt::ChannelKind::Topic, t.name);
    if (!channel) {
      diags.error(t.mark, channel.error().what());
      continue;
    }
    dmxp_channel_info info{};
    if (dmxp_channel_info_get(domain.c_str(), channel.value().c_str(), &info) != DMXP_OK) continue;
    if (info.type_fingerprint != t.fingerprint || info.mode != t.mode)
      diags.error(t.mark, "topic '" + t.name + "' already exists in domain '" + domain + "' as " +
                              mode_word(info.mode) + " channel of type '" +
                              (info.type_name[0] ? info.type_name : "untyped") + "'; remove it (dmxp channel rm " +
                              channel.value() + ") or declare it as it is");
  }
}

}  // namespace

std::string where(const Mark& m) {
  return m.file + ":" + std::to_string(m.line) + ":" + std::to_string(m.col);
}

void validate_graph(LaunchGraph& g, const std::string& domain, Diagnostics& diags) {
  unique_names(g, diags);
  unique_topics(g, diags);
  if (!diags.has_errors()) existing_channels(g, domain, diags);
}

}  // namespace dmxp::launch
