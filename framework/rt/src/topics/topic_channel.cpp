#include "dmxp/rt/detail/topic_channel.hpp"

#include <cstring>
#include <deque>

#include "dmxp/rt/channel_names.hpp"
#include "dmxp/rt/detail/node_core.hpp"

namespace dmxp::rt::detail {
namespace {

const char* role_word(Role r) { return r == Role::Publisher ? "publisher" : "subscription"; }

ChannelOptions base_options(const TopicChannel& t, const TypeInfo& type, uint64_t fingerprint,
                            uint32_t slot_size, dmxp_mode mode) {
  ChannelOptions o;
  o.domain(t.domain.c_str())
      .mode(mode)
      .type(fingerprint, type.name)
      .descriptor(type.descriptor.data(), type.descriptor.size())
      .slot_size(slot_size);
  return o;
}

// Turns an INCOMPATIBLE from the core into a message naming the topic and both types.
Error explain(const TopicChannel& t, const TypeInfo& type, uint64_t fingerprint, const char* what,
              const Error& e) {
  dmxp_channel_info info;
  if (e.status() == DMXP_ERR_INCOMPATIBLE && channel_info(t.domain, t.channel, &info) &&
      info.type_fingerprint != fingerprint) {
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "topic '%s' carries type '%.63s' (fingerprint %016llx); refusing a %s of type "
                  "'%s' (fingerprint %016llx)",
                  t.topic.c_str(), info.type_name[0] ? info.type_name : "untyped",
                  (unsigned long long)info.type_fingerprint, what, type.name,
                  (unsigned long long)fingerprint);
    return Error(DMXP_ERR_INCOMPATIBLE, buf);
  }
  return Error(e.status(), std::string(what) + " on '" + t.topic + "': " + e.what());
}

// The first endpoint creates the channel with its ring QoS (capacity, backpressure); later
// ones take the ring as it is (DMXP_OPEN_OR_CREATE_ADAPT, in one call whoever wins a creation
// race) and compare it with their QoS through ChannelFacts. Type, slot size and mode must
// match.
ChannelOptions creating(ChannelOptions o, uint32_t capacity, dmxp_backpressure bp) {
  o.capacity(capacity).backpressure(bp).open_mode(DMXP_OPEN_OR_CREATE_ADAPT);
  return o;
}

void fill_facts(const TopicChannel& t, ChannelFacts* facts) {
  dmxp_channel_info info;
  if (facts && channel_info(t.domain, t.channel, &info)) {
    facts->backpressure = info.backpressure;
    facts->capacity = info.capacity;
  }
}

// Transient local: keep the last `depth` retained messages. A fresh consumer starts at the
// oldest retained one; read through, remembering the last depth keys, then seek back.
void keep_last_depth(Consumer& c, uint32_t depth) {
  std::deque<uint64_t> keys;
  dmxp_message m;
  while (dmxp_consumer_try_receive(c.handle(), &m) == DMXP_OK) {
    keys.push_back(m.key);
    if (keys.size() > depth) keys.pop_front();
  }
  dmxp_consumer_release(c.handle());
  if (!keys.empty()) dmxp_consumer_seek(c.handle(), keys.front());
}

}  // namespace

Result<TopicChannel> topic_channel_for(const NodeCore& node, std::string_view topic) {
  Result<std::string> resolved = node.resolve(topic);
  if (!resolved) return resolved.error();
  Result<std::string> channel = channel_name(ChannelKind::Topic, resolved.value());
  if (!channel) return channel.error();
  return TopicChannel{node.domain(), resolved.value(), channel.value()};
}

bool channel_info(const std::string& domain, const std::string& channel, dmxp_channel_info* info) {
  std::memset(info, 0, sizeof *info);
  return dmxp_channel_info_get(domain.c_str(), channel.c_str(), info) == DMXP_OK;
}

Result<Producer> open_topic_producer(const TopicChannel& t, const TypeInfo& type, const QoS& qos,
                                     ChannelFacts* facts) {
  Result<Producer> r = Producer::open(
      t.channel, creating(base_options(t, type, type.fingerprint, type.size, DMXP_MODE_BROADCAST),
                          ring_capacity(qos), backpressure(qos)));
  if (!r) return explain(t, type, type.fingerprint, role_word(Role::Publisher), r.error());
  fill_facts(t, facts);
  return r;
}

Result<Consumer> open_topic_consumer(const TopicChannel& t, const TypeInfo& type, const QoS& qos,
                                     ChannelFacts* facts) {
  bool transient = qos.durability == Durability::TransientLocal;
  ConsumerOptions co;
  co.start(transient ? DMXP_START_OLDEST : DMXP_START_NEWEST).spin_ns(0);
  Result<Consumer> r = Consumer::open(
      t.channel,
      creating(base_options(t, type, type.fingerprint, type.size, DMXP_MODE_BROADCAST),
               ring_capacity(qos), backpressure(qos)),
      co);
  if (!r) return explain(t, type, type.fingerprint, role_word(Role::Subscription), r.error());
  if (transient) keep_last_depth(r.value(), std::max<uint32_t>(qos.depth, 1));
  fill_facts(t, facts);
  return r;
}

Result<Producer> open_service_producer(const TopicChannel& t, const TypeInfo& type,
                                       uint64_t fingerprint, dmxp_mode mode,
                                       dmxp_backpressure bp, uint32_t capacity, bool create) {
  ChannelOptions attach = base_options(t, type, fingerprint, type.size + 64, mode);
  Result<Producer> r = Producer::open(t.channel, create ? creating(attach, capacity, bp)
                                                        : attach.open_mode(DMXP_OPEN_EXISTING));
  if (!r) return explain(t, type, fingerprint, "service endpoint", r.error());
  return r;
}

Result<Consumer> open_service_consumer(const TopicChannel& t, const TypeInfo& type,
                                       uint64_t fingerprint, dmxp_mode mode,
                                       dmxp_backpressure bp, uint32_t capacity,
                                       dmxp_start start) {
  ConsumerOptions co;
  co.start(start).spin_ns(0);
  Result<Consumer> r = Consumer::open(
      t.channel, creating(base_options(t, type, fingerprint, type.size + 64, mode), capacity, bp),
      co);
  if (!r) return explain(t, type, fingerprint, "service endpoint", r.error());
  return r;
}

}  // namespace dmxp::rt::detail
