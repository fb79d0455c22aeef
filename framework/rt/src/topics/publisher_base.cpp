#include <spdlog/logger.h>

#include "dmxp/rt/publisher.hpp"
#include "node/process.hpp"

namespace dmxp::rt {

Result<std::shared_ptr<PublisherBase>> PublisherBase::create(const std::shared_ptr<NodeCore>& node,
                                                             std::string_view topic,
                                                             const TypeInfo& type, const QoS& qos,
                                                             PublisherOptions options) {
  Result<detail::TopicChannel> t = detail::topic_channel_for(*node, topic);
  if (!t) return t.error();
  detail::ChannelFacts facts;
  Result<Producer> p = detail::open_topic_producer(t.value(), type, qos, &facts);
  if (!p) return p.error();
  auto base = std::make_shared<PublisherBase>(node, type, t.value(), qos, std::move(options),
                                              std::move(p).value());
  // The channel's policy decides whether a full ring makes us wait, whoever created it.
  base->loan_timeout_ns_ = facts.backpressure == DMXP_RELIABLE ? qos.max_blocking.count() : 0;
  if (facts.backpressure == DMXP_KEEP_LAST && qos.reliability == Reliability::Reliable)
    node->logger().warn("publisher on '{}' offers reliable, but the topic's channel was created "
                        "best effort (keep-last): subscriptions may lose messages",
                        base->topic());
  node->add_entity(base);
  return base;
}

PublisherBase::PublisherBase(std::shared_ptr<NodeCore> node, const TypeInfo& type,
                             detail::TopicChannel channel, const QoS& qos, PublisherOptions options,
                             Producer producer)
    : Entity(std::move(node)),
      type_(type),
      channel_(std::move(channel)),
      qos_(qos),
      options_(std::move(options)),
      producer_(std::move(producer)),
      matcher_(EndpointKind::Publisher, channel_.topic, qos) {
  loan_timeout_ns_ = qos.reliability == Reliability::Reliable ? qos.max_blocking.count() : 0;
  track_ = qos.deadline.count() > 0;
  manual_liveliness_ = qos.liveliness == Liveliness::ManualByTopic;
  last_activity_ns_ = detail::monotonic_ns();
  graph_handle_ = this->node().register_endpoint(EndpointKind::Publisher, channel_.topic,
                                                 type.name, type.fingerprint, qos);
}

PublisherBase::~PublisherBase() = default;

void PublisherBase::assert_liveliness() {
  if (!manual_liveliness_) return;
  if (GraphRegistry* g = node().graph()) g->assert_liveliness(graph_handle_);
}

void PublisherBase::on_detach() { node().unregister_endpoint(graph_handle_); }

uint32_t PublisherBase::subscription_count() const {
  dmxp_channel_info info;
  return detail::channel_info(channel_.domain, channel_.channel, &info) ? info.consumers : 0;
}

int64_t PublisherBase::event_period_ns() const {
  // QoS matching rides on the executor's one-second housekeeping tick.
  return track_ ? std::max<int64_t>(qos_.deadline.count() / 2, 1'000'000) : 0;
}

void PublisherBase::check_events(uint64_t now) {
  run_locked([&] {
    if (track_) {
      uint64_t published = published_.load(std::memory_order_relaxed);
      if (published != seen_published_) {
        seen_published_ = published;
        last_activity_ns_ = now;
      } else if (now - last_activity_ns_ >= uint64_t(qos_.deadline.count())) {
        last_activity_ns_ = now;
        ++deadline_missed_;
        if (options_.events.deadline_missed) options_.events.deadline_missed({deadline_missed_, 1});
      }
    }
    if (GraphRegistry* g = node().graph()) {
      for (const IncompatibleQoS& e : matcher_.poll(*g)) {
        node().logger().warn("publisher on '{}': incompatible QoS with a subscription of {} "
                             "({}: {})", e.topic, e.other_node, e.policy, e.reason);
        if (options_.events.incompatible_qos) options_.events.incompatible_qos(e);
      }
    }
  });
}

}  // namespace dmxp::rt
