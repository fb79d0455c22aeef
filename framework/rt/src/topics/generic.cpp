#include "dmxp/rt/generic.hpp"

#include <cstring>

namespace dmxp::rt {
namespace {

TypeInfo interned(const GenericType& type) {
  return intern_type_info(type.name, type.fingerprint, type.descriptor, type.size);
}

class GenericSubscriptionImpl final : public SubscriptionBase {
 public:
  GenericSubscriptionImpl(Setup setup, GenericCallback cb)
      : SubscriptionBase(std::move(setup)), callback_(std::move(cb)) {}

 protected:
  void deliver(const dmxp_message& m) override {
    callback_({static_cast<const std::byte*>(m.data), m.size},
              MessageInfo{m.key, m.timestamp_ns, m.producer_pid});
  }

 private:
  GenericCallback callback_;
};

}  // namespace

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
  auto base = PublisherBase::create(node.core(), topic, interned(type), qos, std::move(options));
  if (!base) return base.error();
  return GenericPublisher(std::move(base).value());
}

Result<GenericSubscription> create_generic_subscription(Node& node, std::string_view topic,
                                                        const QoS& qos, GenericCallback callback,
                                                        SubscriptionOptions options) {
  Result<GenericType> type = topic_type(node, topic);
  if (!type) return type.error();
  auto sub = SubscriptionBase::create<GenericSubscriptionImpl>(
      node.core(), topic, interned(type.value()), qos, std::move(options), std::move(callback));
  if (!sub) return sub.error();
  return GenericSubscription(std::move(sub).value());
}

}  // namespace dmxp::rt
