#include <spdlog/logger.h>

#include "dmxp/rt/detail/node_core.hpp"
#include "dmxp/rt/subscription.hpp"
#include "node/process.hpp"

namespace dmxp::rt {

namespace {
constexpr int64_t kLivelinessPollNs = 100'000'000;  // without a lease: 10 checks a second
}

SubscriptionBase::Setup::Setup(std::shared_ptr<NodeCore> node, const TypeInfo& type,
                               detail::TopicChannel channel, const QoS& qos,
                               SubscriptionOptions options, detail::ChannelFacts facts,
                               Consumer consumer)
    : node(std::move(node)),
      type(type),
      channel(std::move(channel)),
      qos(qos),
      options(std::move(options)),
      facts(facts),
      consumer(std::move(consumer)) {}

Result<SubscriptionBase::Setup> SubscriptionBase::open(const std::shared_ptr<NodeCore>& node,
                                                       std::string_view topic,
                                                       const TypeInfo& type, const QoS& qos,
                                                       SubscriptionOptions options) {
  Result<detail::TopicChannel> t = detail::topic_channel_for(*node, topic);
  if (!t) return t.error();
  detail::ChannelFacts facts;
  Result<Consumer> consumer = detail::open_topic_consumer(t.value(), type, qos, &facts);
  if (!consumer) return consumer.error();
  return Setup(node, type, std::move(t).value(), qos, std::move(options), facts,
               std::move(consumer).value());
}

SubscriptionBase::SubscriptionBase(Setup setup)
    : Entity(std::move(setup.node)),
      type_(setup.type),
      channel_(std::move(setup.channel)),
      qos_(setup.qos),
      options_(std::move(setup.options)),
      consumer_(std::move(setup.consumer)),
      matcher_(EndpointKind::Subscription, channel_.topic, qos_) {
  reentrant_ = options_.reentrant;
  last_activity_ns_ = detail::monotonic_ns();
  reported_lost_ = dmxp_consumer_lost(consumer_.handle());
  if (setup.facts.backpressure == DMXP_KEEP_LAST && qos_.reliability == Reliability::Reliable) {
    std::string reason = "the subscription requests reliable, but the topic's channel was "
                         "created best effort (keep-last) by an earlier endpoint";
    node().logger().warn("subscription on '{}': incompatible QoS (reliability: {})", topic(), reason);
    pending_qos_events_.push_back(matcher_.channel_mismatch("reliability", reason));
  }
}

SubscriptionBase::~SubscriptionBase() = default;

void SubscriptionBase::attach() {
  graph_handle_ = node().register_endpoint(EndpointKind::Subscription, topic(), type_.name,
                                           type_.fingerprint, qos_);
  node().add_entity(shared_from_this());
}

void SubscriptionBase::on_detach() { node().unregister_endpoint(graph_handle_); }

uint32_t SubscriptionBase::publisher_count() const {
  dmxp_channel_info info;
  return detail::channel_info(channel_.domain, channel_.channel, &info) ? info.producers : 0;
}

size_t SubscriptionBase::drain(size_t max) {
  dmxp_consumer* c = consumer_.handle();
  dmxp_message m;
  // The first receive happens outside the run lock: an idle busy-poll costs one load.
  if (dmxp_consumer_try_receive(c, &m) != DMXP_OK) return 0;
  size_t n = 0;
  uint64_t overruns = 0;
  run_locked([&] {
    for (;;) {
      if (m.size == type_.size) {
        ++n;  // delivered, even if the callback throws (it is logged and the next one runs)
        try {
          deliver(m);
        } catch (const std::exception& e) {
          report_exception(e.what());
        } catch (...) {
          report_exception("an exception that is not a std::exception");
        }
      } else {
        ++malformed_;  // cannot happen between typed endpoints: the fingerprint fixes the size
      }
      if (dmxp_consumer_release(c) == DMXP_ERR_OVERRUN) ++overruns;
      if (n >= max || detached() || dmxp_consumer_try_receive(c, &m) != DMXP_OK) break;
    }
    received_.fetch_add(n, std::memory_order_relaxed);
    report_loss(overruns);
  });
  return n;
}

void SubscriptionBase::report_loss(uint64_t overruns) {
  uint64_t lost = dmxp_consumer_lost(consumer_.handle());
  overruns_ += overruns;
  if (lost == reported_lost_ && overruns == 0) return;
  MessageLost e{lost, lost - reported_lost_, overruns_};
  reported_lost_ = lost;
  if (options_.events.message_lost) options_.events.message_lost(e);
  else node().logger().debug("subscription on '{}' lost {} messages ({} in total)", topic(),
                             e.count_change, e.total_count);
}

int64_t SubscriptionBase::event_period_ns() const {
  int64_t p = 0;
  auto take = [&](int64_t v) { if (v > 0) p = p ? std::min(p, v) : v; };
  if (qos_.deadline.count() > 0) take(std::max<int64_t>(qos_.deadline.count() / 2, 1'000'000));
  if (qos_.liveliness_lease.count() > 0)
    take(std::max<int64_t>(qos_.liveliness_lease.count() / 2, 1'000'000));
  else if (options_.events.liveliness_changed)
    take(kLivelinessPollNs);
  return p;
}

// Live producer records of the channel count automatic publishers (a closed publisher or a
// dead process is gone); manual ones count while their last assertion (graph registry) is
// within their lease. The graph is read only when it changed or has manual publishers.
SubscriptionBase::LivePublishers SubscriptionBase::live_publishers(uint64_t now) {
  LivePublishers out;
  uint32_t producers = publisher_count();
  GraphRegistry* g = node().graph();
  if (!g || (!manual_publishers_seen_ && g->generation() == seen_graph_generation_)) {
    out.alive = producers;
    return out;
  }
  seen_graph_generation_ = g->generation();
  uint32_t manual = 0;
  for (const GraphEndpoint& e : g->snapshot().endpoints_of(topic(), EndpointKind::Publisher)) {
    if (e.qos.liveliness != Liveliness::ManualByTopic) continue;
    ++manual;
    int64_t lease = e.qos.liveliness_lease.count();
    if (lease > 0 && int64_t(now) - e.asserted_ns > lease) ++out.lapsed;
  }
  manual_publishers_seen_ = manual > 0;
  out.alive = producers - std::min(producers, out.lapsed);
  return out;
}

void SubscriptionBase::check_liveliness(uint64_t now) {
  LivePublishers live = live_publishers(now);
  if (liveliness_known_ && live.alive == alive_ && live.lapsed == lapsed_) return;
  // Publishers that left (closed, or their process died) lower alive + lapsed; a manual one
  // that lapses moves from alive to lapsed, and back when it asserts again.
  uint32_t before = alive_ + lapsed_, after = live.alive + live.lapsed;
  uint32_t gone = (liveliness_known_ && after < before) ? before - after : 0;
  not_alive_ += gone;
  LivelinessChanged e;
  e.alive_count = live.alive;
  e.not_alive_count = not_alive_ + live.lapsed;
  e.alive_count_change = liveliness_known_ ? int32_t(live.alive) - int32_t(alive_) : int32_t(live.alive);
  e.not_alive_count_change = int32_t(gone) + int32_t(live.lapsed) - int32_t(liveliness_known_ ? lapsed_ : 0);
  alive_ = live.alive;
  lapsed_ = live.lapsed;
  liveliness_known_ = true;
  if (options_.events.liveliness_changed) options_.events.liveliness_changed(e);
  if (gone) node().logger().info("topic '{}': {} publisher(s) went away, {} alive", topic(), gone, live.alive);
}

void SubscriptionBase::check_events(uint64_t now) {
  run_locked([&] {
    for (const IncompatibleQoS& e : pending_qos_events_)
      if (options_.events.incompatible_qos) options_.events.incompatible_qos(e);
    pending_qos_events_.clear();

    if (qos_.deadline.count() > 0) {
      uint64_t received = received_.load(std::memory_order_relaxed);
      if (received != seen_received_) {
        seen_received_ = received;
        last_activity_ns_ = now;
      } else if (now - last_activity_ns_ >= uint64_t(qos_.deadline.count())) {
        last_activity_ns_ = now;
        ++deadline_missed_;
        if (options_.events.deadline_missed) options_.events.deadline_missed({deadline_missed_, 1});
      }
    }

    bool watch_liveliness = options_.events.liveliness_changed || qos_.liveliness_lease.count() > 0;
    if (watch_liveliness && now >= next_liveliness_ns_) {
      int64_t period = qos_.liveliness_lease.count() > 0 ? qos_.liveliness_lease.count() / 2
                                                         : kLivelinessPollNs;
      next_liveliness_ns_ = now + uint64_t(std::max<int64_t>(period, 1'000'000)) - 500'000;
      check_liveliness(now);
    }

    if (GraphRegistry* g = node().graph()) {
      for (const IncompatibleQoS& e : matcher_.poll(*g)) {
        node().logger().warn("subscription on '{}': incompatible QoS with a publisher of {} "
                             "({}: {})", e.topic, e.other_node, e.policy, e.reason);
        if (options_.events.incompatible_qos) options_.events.incompatible_qos(e);
      }
    }
  });
}

}  // namespace dmxp::rt
