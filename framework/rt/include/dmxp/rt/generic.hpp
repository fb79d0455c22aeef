// generic.hpp - publishers and subscriptions of a type known at run time, taken from an
// existing topic's channel (its type name, fingerprint, layout descriptor and size). For
// nodes that move messages without knowing their type: relay, throttle, recorders, the CLI.
//
//   auto type = dmxp::rt::topic_type(node, "scan").value();      // the topic must exist
//   auto out = dmxp::rt::create_generic_publisher(node, "scan_copy", type, qos).value();
//   auto in = dmxp::rt::create_generic_subscription(node, "scan", qos,
//       [&](std::span<const std::byte> bytes, const dmxp::rt::MessageInfo&) { out.publish(bytes); }).value();
//
// A generic publisher copies (publish) or loans raw bytes; forwarding between two topics is
// one copy of the message. To give a topic another name without any copy, remap instead.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>

#include "dmxp/rt/node.hpp"

namespace dmxp::rt {

struct GenericType {
  std::string name;
  uint64_t fingerprint = 0;
  std::string descriptor;
  uint32_t size = 0;
};

// DMXP_ERR_NOT_FOUND when the topic has no channel yet.
Result<GenericType> topic_type(const Node& node, std::string_view topic);

using GenericCallback = std::function<void(std::span<const std::byte>, const MessageInfo&)>;

class GenericPublisher : public EntityHandle<PublisherBase> {
 public:
  GenericPublisher() = default;
  explicit GenericPublisher(std::shared_ptr<PublisherBase> b) : EntityHandle(std::move(b)) {}
  // Copies bytes (at most the type's size) into a slot.
  Result<uint64_t> publish(std::span<const std::byte> bytes);
  const std::string& topic_name() const { return e_->topic(); }
};

class GenericSubscription : public EntityHandle<SubscriptionBase> {
 public:
  GenericSubscription() = default;
  explicit GenericSubscription(std::shared_ptr<SubscriptionBase> b) : EntityHandle(std::move(b)) {}
  const std::string& topic_name() const { return e_->topic(); }
  uint64_t received() const { return e_->received(); }
  uint64_t lost() const { return e_->lost(); }
};

Result<GenericPublisher> create_generic_publisher(Node& node, std::string_view topic,
                                                  const GenericType& type, const QoS& qos,
                                                  PublisherOptions options = {});
// Takes the type from the topic's channel (DMXP_ERR_NOT_FOUND when it does not exist yet).
Result<GenericSubscription> create_generic_subscription(Node& node, std::string_view topic,
                                                        const QoS& qos, GenericCallback callback,
                                                        SubscriptionOptions options = {});

}  // namespace dmxp::rt
