// subscription.hpp - typed, zero-copy subscriptions.
//
//   auto sub = node.create_subscription<sensor_msgs::msg::LaserScan>(
//       "scan", dmxp::rt::QoS::sensor_data(),
//       [](const sensor_msgs::msg::LaserScan& scan) { ... }).value();
//
// The callback's reference points into the ring slot: no copy, no decoding. It is valid
// during the callback only (the slot is released when the callback returns); copy what you
// keep. A callback may also take (const T&, const dmxp::rt::MessageInfo&).
//
// Delivery follows the channel: a reliable topic never loses a message while the
// subscription exists (publishers wait instead); on a best-effort topic a subscription that
// falls behind by more than the ring skips ahead and gets a MessageLost event.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "dmxp/msg/typed.hpp"
#include "dmxp/rt/detail/qos_matcher.hpp"
#include "dmxp/rt/detail/topic_channel.hpp"
#include "dmxp/rt/events.hpp"
#include "dmxp/rt/extension.hpp"
#include "dmxp/rt/graph.hpp"
#include "dmxp/rt/qos.hpp"

namespace dmxp::rt {

struct MessageInfo {
  uint64_t key = 0;                  // domain-wide ordered key (dmxp.h)
  uint64_t source_timestamp_ns = 0;  // CLOCK_REALTIME at publish
  int32_t publisher_pid = 0;
};

struct SubscriptionOptions {
  SubscriptionEvents events;
  bool reentrant = false;  // may run concurrently with the node's other callbacks
};

// The untyped subscription (extension.hpp): a consumer on the topic's channel that the
// executor drains, handing each message in its slot to deliver(). Subclasses: the typed one
// below, generic.hpp's, and the language bindings'.
class SubscriptionBase : public Entity {
 public:
  // What create() opened for one subscription (resolved topic, consumer, QoS, options); a
  // subclass's constructor takes it first and hands it to SubscriptionBase's. Move-only.
  class Setup {
   public:
    Setup(Setup&&) = default;

   private:
    friend class SubscriptionBase;
    Setup(std::shared_ptr<NodeCore> node, const TypeInfo& type, detail::TopicChannel channel,
          const QoS& qos, SubscriptionOptions options, detail::ChannelFacts facts,
          Consumer consumer);
    std::shared_ptr<NodeCore> node;
    TypeInfo type;
    detail::TopicChannel channel;
    QoS qos;
    SubscriptionOptions options;
    detail::ChannelFacts facts;
    Consumer consumer;
  };

  // The one way subscriptions are made: resolves `topic` (remaps), opens its channel or
  // creates it with `qos` (type checked: DMXP_ERR_INCOMPATIBLE names both types), constructs
  // Sub(Setup, args...), registers it in the graph and adds it to the node. type's strings
  // must outlive the subscription.
  template <class Sub, class... Args>
  static Result<std::shared_ptr<Sub>> create(const std::shared_ptr<NodeCore>& node,
                                             std::string_view topic, const TypeInfo& type,
                                             const QoS& qos, SubscriptionOptions options,
                                             Args&&... args) {
    static_assert(std::is_base_of_v<SubscriptionBase, Sub>, "Sub derives from SubscriptionBase");
    Result<Setup> setup = open(node, topic, type, qos, std::move(options));
    if (!setup) return setup.error();
    auto sub = std::make_shared<Sub>(std::move(setup).value(), std::forward<Args>(args)...);
    sub->attach();
    return sub;
  }

  explicit SubscriptionBase(Setup setup);
  ~SubscriptionBase() override;

  dmxp_consumer* consumer() const override { return consumer_.handle(); }
  size_t drain(size_t max) override;
  int64_t event_period_ns() const override;
  void check_events(uint64_t now_ns) override;

  const std::string& topic() const { return channel_.topic; }
  const QoS& qos() const { return qos_; }
  uint64_t received() const { return received_.load(std::memory_order_relaxed); }
  uint64_t lost() const { return dmxp_consumer_lost(consumer_.handle()); }
  uint32_t publisher_count() const;

 protected:
  // One message of the type's size, in its slot (released when deliver returns); called
  // under the run lock. An exception is logged and the next message is delivered.
  virtual void deliver(const dmxp_message& m) = 0;
  void on_detach() override;

 private:
  static Result<Setup> open(const std::shared_ptr<NodeCore>& node, std::string_view topic,
                            const TypeInfo& type, const QoS& qos, SubscriptionOptions options);
  // Registers in the graph and with the node (once constructed: a shared_ptr exists).
  void attach();
  void report_loss(uint64_t overruns);

  TypeInfo type_;
  detail::TopicChannel channel_;
  QoS qos_;
  SubscriptionOptions options_;
  Consumer consumer_;
  std::atomic<uint64_t> received_{0};
  uint64_t reported_lost_ = 0, overruns_ = 0, malformed_ = 0;
  // Events, touched by check_events only.
  uint64_t seen_received_ = 0, last_activity_ns_ = 0, deadline_missed_ = 0;
  uint64_t next_liveliness_ns_ = 0;
  uint32_t alive_ = 0, not_alive_ = 0;  // not_alive_: publishers that closed or died
  uint32_t lapsed_ = 0;                 // manual publishers whose lease ran out, now
  bool liveliness_known_ = false;
  bool manual_publishers_seen_ = false;  // the last graph look found manual publishers
  uint64_t seen_graph_generation_ = UINT64_MAX;
  struct LivePublishers {
    uint32_t alive = 0, lapsed = 0;
  };
  LivePublishers live_publishers(uint64_t now_ns);
  void check_liveliness(uint64_t now_ns);
  std::vector<IncompatibleQoS> pending_qos_events_;
  detail::QosMatcher matcher_;
  GraphRegistry::Handle graph_handle_;
};

namespace detail {

template <class T, class F>
class TypedSubscription final : public SubscriptionBase {
 public:
  TypedSubscription(Setup setup, F callback)
      : SubscriptionBase(std::move(setup)), callback_(std::move(callback)) {}

 protected:
  void deliver(const dmxp_message& m) override {
    const T& msg = *static_cast<const T*>(m.data);
    if constexpr (std::is_invocable_v<F&, const T&, const MessageInfo&>) {
      callback_(msg, MessageInfo{m.key, m.timestamp_ns, m.producer_pid});
    } else {
      callback_(msg);
    }
  }

 private:
  F callback_;
};

}  // namespace detail

template <msg::Message T>
class Subscription : public EntityHandle<SubscriptionBase> {
 public:
  Subscription() = default;
  explicit Subscription(std::shared_ptr<SubscriptionBase> base)
      : EntityHandle<SubscriptionBase>(std::move(base)) {}

  const std::string& topic_name() const { return e_->topic(); }
  const QoS& qos() const { return e_->qos(); }
  uint64_t received() const { return e_->received(); }  // messages delivered to the callback
  uint64_t lost() const { return e_->lost(); }          // skipped (best effort) or repaired
  uint32_t publisher_count() const { return e_->publisher_count(); }
};

}  // namespace dmxp::rt
