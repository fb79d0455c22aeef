#include "topic_names.hpp"

#include <algorithm>
#include <map>

#include "dmxp/rt/channel_names.hpp"

namespace dmxp::cli {

std::optional<std::string> topic_of_channel(const std::string& channel) {
  auto parsed = dmxp::rt::parse_channel_name(channel);
  if (!parsed) return channel;  // a raw channel
  if (parsed->kind == dmxp::rt::ChannelKind::Topic) return parsed->name;
  return std::nullopt;
}

std::string channel_of_topic(const std::string& topic) {
  std::string resolved = topic.empty() || topic[0] == '/' ? topic : "/" + topic;
  auto name = dmxp::rt::channel_name(dmxp::rt::ChannelKind::Topic, resolved);
  return name.ok() ? name.value() : "";
}

int resolve_topic(const std::string& domain, const std::string& arg, TopicRef* out, std::string* error,
                  dmxp_channel_info* info_out) {
  dmxp_channel_info scratch;
  dmxp_channel_info& info = info_out ? *info_out : scratch;
  std::string channel = channel_of_topic(arg);
  if (!channel.empty() && dmxp_channel_info_get(domain.c_str(), channel.c_str(), &info) == DMXP_OK) {
    *out = {arg[0] == '/' ? arg : "/" + arg, channel};
    return DMXP_OK;
  }
  int rc = dmxp_channel_info_get(domain.c_str(), arg.c_str(), &info);
  if (rc == DMXP_OK) {
    *out = {topic_of_channel(arg).value_or(arg), arg};
    return DMXP_OK;
  }
  if (rc == DMXP_ERR_NOT_FOUND || rc == DMXP_ERR_INVALID_ARGUMENT) {
    *error = "unknown topic '" + arg + "' in domain '" + domain + "' (see 'dmxp topic list')";
    return DMXP_ERR_NOT_FOUND;
  }
  *error = "topic '" + arg + "': " + dmxp_strerror(rc) + ": " + dmxp_last_error();
  return rc;
}

int list_topics(const std::string& domain, std::vector<TopicEntry>* out) {
  std::map<std::string, TopicEntry> by_topic;
  int rc = dmxp_channel_list(domain.c_str(), [](const dmxp_channel_info* info, int status, void* user) {
    if (status != DMXP_OK) return 0;
    auto topic = topic_of_channel(info->name);
    if (!topic) return 0;
    auto& table = *static_cast<std::map<std::string, TopicEntry>*>(user);
    TopicEntry& e = table[*topic];
    e.ref = {*topic, info->name};
    e.has_channel = true;
    e.info = *info;
    e.type_name = info->type_name;
    return 0;
  }, &by_topic);
  if (rc != DMXP_OK) return rc;
  if (auto graph = graph_snapshot(domain))
    for (const auto& ep : graph->endpoints) {
      if (ep.kind != dmxp::rt::EndpointKind::Publisher && ep.kind != dmxp::rt::EndpointKind::Subscription)
        continue;
      TopicEntry& e = by_topic[ep.name];
      if (e.ref.topic.empty()) e.ref = {ep.name, channel_of_topic(ep.name)};
      if (e.type_name.empty()) e.type_name = ep.type_name;
    }
  for (auto& [name, e] : by_topic) out->push_back(std::move(e));
  return DMXP_OK;
}

int read_descriptor(const std::string& domain, const std::string& channel, std::string* out) {
  size_t size = 0;
  if (int rc = dmxp_channel_descriptor_get(domain.c_str(), channel.c_str(), nullptr, 0, &size))
    return rc;
  out->assign(size, '\0');
  if (size == 0) return DMXP_OK;
  size_t again = 0;
  if (int rc = dmxp_channel_descriptor_get(domain.c_str(), channel.c_str(), out->data(), size, &again))
    return rc;
  out->resize(std::min(size, again));
  return DMXP_OK;
}

std::optional<dmxp::rt::GraphSnapshot> graph_snapshot(const std::string& domain) {
  if (!dmxp::rt::GraphRegistry::exists(domain)) return std::nullopt;
  auto reg = dmxp::rt::GraphRegistry::open(domain);
  if (!reg.ok()) return std::nullopt;
  return reg.value()->snapshot();
}

}  // namespace dmxp::cli
