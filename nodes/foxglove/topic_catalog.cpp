#include "topic_catalog.hpp"

#include <fnmatch.h>

#include <stdexcept>

#include "dmxp/dmxp.h"
#include "dmxp/rt/channel_names.hpp"
#include "dmxp/wire/ros2msg.hpp"

namespace dmxp::foxglove {

bool TopicFilter::allows(const std::string& topic) const {
  if (patterns_.empty()) return true;
  for (const std::string& p : patterns_)
    if (fnmatch(p.c_str(), topic.c_str(), 0) == 0) return true;
  return false;
}

namespace {

struct Seen {
  std::string channel;
  uint64_t fingerprint = 0;
  bool producers = false;
};

}  // namespace

std::string read_channel_descriptor(const std::string& domain, const std::string& channel) {
  size_t size = 0;
  if (dmxp_channel_descriptor_get(domain.c_str(), channel.c_str(), nullptr, 0, &size) != DMXP_OK) return "";
  std::string out(size, '\0');
  size_t again = 0;
  if (size == 0 ||
      dmxp_channel_descriptor_get(domain.c_str(), channel.c_str(), out.data(), size, &again) != DMXP_OK)
    return "";
  out.resize(std::min(size, again));
  return out;
}

std::shared_ptr<OfferedTopic> TopicCatalog::make_offer(const std::string& topic,
                                                             const std::string& channel,
                                                             uint64_t fingerprint) {
  std::string descriptor = read_channel_descriptor(domain_, channel);
  if (descriptor.empty()) throw std::runtime_error("the channel has no layout descriptor");
  auto codec = dmxp::wire::CdrCodec::from_descriptor(descriptor);
  if (!codec) throw std::runtime_error(codec.error().what());
  auto schema = dmxp::wire::ros2msg_schema(descriptor);
  if (!schema) throw std::runtime_error(schema.error().what());
  auto offer = std::make_shared<OfferedTopic>();
  offer->topic = topic;
  offer->channel = channel;
  offer->fingerprint = fingerprint;
  offer->type_name = codec.value().type_name();
  offer->schema_name = codec.value().ros_type_name();
  offer->schema = std::move(schema.value());
  offer->layout = std::make_shared<dmxp::wire::json::Value>(dmxp::wire::json::parse(descriptor));
  offer->descriptor = std::move(descriptor);
  offer->codec = std::make_shared<const dmxp::wire::CdrCodec>(std::move(codec.value()));
  return offer;
}

CatalogChange TopicCatalog::refresh(const dmxp::rt::GraphSnapshot* snapshot) {
  std::map<std::string, Seen> seen;  // topic -> its typed channel
  dmxp_channel_list(domain_.c_str(), [](const dmxp_channel_info* info, int status, void* user) {
    if (status != DMXP_OK || info->type_fingerprint == 0) return 0;
    auto parsed = dmxp::rt::parse_channel_name(info->name);
    if (!parsed || parsed->kind != dmxp::rt::ChannelKind::Topic) return 0;
    (*static_cast<std::map<std::string, Seen>*>(user))[parsed->name] = {info->name, info->type_fingerprint,
                                                                       info->producers > 0};
    return 0;
  }, &seen);
  std::set<std::string> published;
  if (snapshot)
    for (const auto& ep : snapshot->endpoints)
      if (ep.kind == dmxp::rt::EndpointKind::Publisher) published.insert(ep.name);

  CatalogChange change;
  refused_.clear();
  // Withdraw what went away, changed type or stopped being published.
  for (auto it = id_of_topic_.begin(); it != id_of_topic_.end();) {
    auto s = seen.find(it->first);
    const OfferedTopic& o = *by_id_.at(it->second);
    bool live = s != seen.end() && s->second.fingerprint == o.fingerprint &&
                (s->second.producers || published.count(it->first));
    if (live) {
      ++it;
      continue;
    }
    change.removed.push_back(it->second);
    by_id_.erase(it->second);
    it = id_of_topic_.erase(it);
  }
  for (const auto& [topic, s] : seen) {
    if (id_of_topic_.count(topic) || !filter_.allows(topic)) continue;
    if (!s.producers && !published.count(topic)) continue;
    auto key = std::make_pair(s.channel, s.fingerprint);
    if (auto bad = bad_.find(key); bad != bad_.end()) {
      refused_[topic] = bad->second;
      continue;
    }
    std::shared_ptr<OfferedTopic> offer;
    try {
      offer = make_offer(topic, s.channel, s.fingerprint);
    } catch (const std::exception& e) {
      bad_[key] = e.what();
      refused_[topic] = e.what();
      continue;
    }
    offer->id = next_id_++;
    by_id_[offer->id] = offer;
    id_of_topic_[topic] = offer->id;
    change.added.push_back(offer);
  }
  return change;
}

std::shared_ptr<const OfferedTopic> TopicCatalog::find(uint32_t id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::shared_ptr<const OfferedTopic> TopicCatalog::find_topic(const std::string& topic) const {
  auto it = id_of_topic_.find(topic);
  return it == id_of_topic_.end() ? nullptr : find(it->second);
}

}  // namespace dmxp::foxglove
