#include "dmxp/rt/generic.hpp"

#include <vector>

namespace dmxp::rt {
namespace detail {
namespace {

// Keeps the strings a TypeInfo points to alive as long as the entity (base-from-member).
struct TypeHolder {
  explicit TypeHolder(GenericType t) : type(std::move(t)) {}
  GenericType type;
  TypeInfo info() const { return TypeInfo{type.name.c_str(), type.fingerprint, type.descriptor, type.size}; }
};

class GenericSubscriptionImpl final : private TypeHolder, public SubscriptionBase {
 public:
  GenericSubscriptionImpl(GenericType type, GenericCallback cb, std::shared_ptr<NodeCore> node,
                          TopicChannel channel, const QoS& qos, SubscriptionOptions options,
                          Consumer consumer)
      : TypeHolder(std::move(type)),
        SubscriptionBase(std::move(node), info(), std::move(channel), qos, std::move(options),
                         std::move(consumer)),
        callback_(std::move(cb)) {}

 protected:
  void deliver(const dmxp_message& m) override {
    callback_({static_cast<const std::byte*>(m.data), m.size},
              MessageInfo{m.key, m.timestamp_ns, m.producer_pid});
  }

 private:
  GenericCallback callback_;
};

}  // namespace
}  // namespace detail

Result<GenericType> topic_type(const Node& node, std::string_view topic) {
  auto t = detail::topic_channel_for(*node.core(), topic);
  if (!t) return t.error();
  dmxp_channel_info info;
  if (!detail::channel_info(t.value().domain, t.value().channel, &info))
    return Error(DMXP_ERR_NOT_FOUND, "topic '" + t.value().topic + "' does not exist yet");
  GenericType type;
  type.name = std::string(info.type_name, strnlen(info.type_name, sizeof info.type_name));
  type.fingerprint = info.type_fingerprint;
  type.size = info.slot_size;
  size_t size = 0;
  dmxp_channel_descriptor_get(t.value().domain.c_str(), t.value().channel.c_str(), nullptr, 0, &size);
  type.descriptor.resize(size);
  if (size)
    dmxp_channel_descriptor_get(t.value().domain.c_str(), t.value().channel.c_str(),
                                type.descriptor.data(), size, &size);
  return type;
}

Result<uint64_t> GenericPublisher::publish(std::span<const std::byte> bytes) {
  uint64_t key = 0;
  if (int rc = dmxp_producer_send(e_->producer(), bytes.data(), bytes.size(), e_->loan_timeout_ns(), &key))
    return Error::last(rc);
  e_->note_published();
  return key;
}

Result<GenericPublisher> create_generic_publisher(Node& node, std::string_view topic,
                                                  const GenericType& type, const QoS& qos,
                                                  PublisherOptions options) {
  // The TypeInfo's strings must outlive the publisher: they are kept in a static pool,
  // one entry per distinct type (few in any process).
  static std::mutex mu;
  static std::vector<std::unique_ptr<detail::TypeHolder>> pool;
  const detail::TypeHolder* holder = nullptr;
  {
    std::lock_guard lock(mu);
    for (const auto& h : pool)
      if (h->type.fingerprint == type.fingerprint && h->type.name == type.name &&
          h->type.size == type.size)
        holder = h.get();
    if (!holder) {
      pool.push_back(std::make_unique<detail::TypeHolder>(type));
      holder = pool.back().get();
    }
  }
  auto base = detail::PublisherBase::create(node.core(), topic, holder->info(), qos, std::move(options));
  if (!base) return base.error();
  return GenericPublisher(std::move(base).value());
}

Result<GenericSubscription> create_generic_subscription(Node& node, std::string_view topic,
                                                        const QoS& qos, GenericCallback callback,
                                                        SubscriptionOptions options) {
  Result<GenericType> type = topic_type(node, topic);
  if (!type) return type.error();
  auto t = detail::topic_channel_for(*node.core(), topic);
  if (!t) return t.error();
  GenericType g = std::move(type).value();
  detail::TypeInfo info{g.name.c_str(), g.fingerprint, g.descriptor, g.size};
  detail::ChannelFacts facts;
  auto consumer = detail::open_topic_consumer(t.value(), info, qos, &facts);
  if (!consumer) return consumer.error();
  auto sub = std::make_shared<detail::GenericSubscriptionImpl>(
      std::move(g), std::move(callback), node.core(), t.value(), qos, std::move(options),
      std::move(consumer).value());
  if (Status s = detail::SubscriptionBase::attach(sub, facts); !s) return s.error();
  return GenericSubscription(std::move(sub));
}

}  // namespace dmxp::rt
