#include "forwarder.hpp"

namespace dmxp_nodes {

Forwarder::Forwarder(dmxp::rt::Node& node, std::string input, std::string output,
                     dmxp::rt::QoS qos, Filter accept)
    : node_(node), input_(std::move(input)), output_(std::move(output)), qos_(qos),
      accept_(std::move(accept)) {
  try_connect();
  if (!sub_) retry_ = node_.create_timer(std::chrono::milliseconds(100), [this] { try_connect(); });
}

void Forwarder::try_connect() {
  if (sub_) return;
  auto type = dmxp::rt::topic_type(node_, input_);
  if (!type) return;  // not there yet
  auto pub = dmxp::rt::create_generic_publisher(node_, output_, type.value(), qos_);
  if (!pub) {
    node_.logger().error("cannot publish '{}': {}", output_, pub.error().what());
    retry_.reset();
    return;
  }
  pub_ = std::move(pub).value();
  auto sub = dmxp::rt::create_generic_subscription(
      node_, input_, qos_, [this](std::span<const std::byte> bytes, const dmxp::rt::MessageInfo&) {
        if (accept_ && !accept_(bytes)) return;
        if (pub_.publish(bytes)) ++forwarded_;
      });
  if (!sub) {
    node_.logger().error("cannot subscribe '{}': {}", input_, sub.error().what());
    return;
  }
  sub_ = std::move(sub).value();
  node_.logger().info("forwarding '{}' -> '{}' ({})", sub_.topic_name(), pub_.topic_name(), type.value().name);
  if (retry_) retry_.cancel();
}

}  // namespace dmxp_nodes
