// publisher.hpp - typed, zero-copy publishing on a topic.
//
//   auto pub = node.create_publisher<sensor_msgs::msg::Imu>("imu", dmxp::rt::QoS(10)).value();
//   auto msg = pub.loan();               // a T constructed in a ring slot (no copy)
//   msg->linear_acceleration.z = 9.81;
//   pub.publish(std::move(msg));         // one release store makes it visible
//   pub.publish(imu);                    // the copy path: sizeof(T) bytes into a slot
//
// loan() constructs T(dmxp::msg::skip_init) in the slot: scalars are zeroed and defaults
// applied, but the storage of strings and sequences keeps the slot's old bytes (sizes are 0),
// so a 25 MB image costs nothing until you write pixels. A loan not published is aborted
// when it is destroyed.
//
// Errors (Result / LoanedMessage::error()): DMXP_ERR_TIMEOUT when a reliable topic's slowest
// subscription kept the ring full for QoS::max_blocking; DMXP_ERR_BUSY when a loan is already
// outstanding. A publisher is used by one thread at a time.
#pragma once

#include <concepts>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <utility>

#include "dmxp/msg/capacity_error.hpp"
#include "dmxp/msg/typed.hpp"
#include "dmxp/rt/detail/qos_matcher.hpp"
#include "dmxp/rt/detail/topic_channel.hpp"
#include "dmxp/rt/events.hpp"
#include "dmxp/rt/extension.hpp"
#include "dmxp/rt/graph.hpp"
#include "dmxp/rt/qos.hpp"

namespace dmxp::rt {

struct PublisherOptions {
  PublisherEvents events;
};

// The untyped publisher (extension.hpp): loan/commit or send on producer(), then
// note_published(). Publisher<T> and GenericPublisher are handles over it.
class PublisherBase : public Entity {
 public:
  // Resolves `topic` (remaps), opens its channel or creates it with `qos` (type checked),
  // registers the endpoint in the graph and adds the entity to the node. type's strings must
  // outlive the publisher.
  static Result<std::shared_ptr<PublisherBase>> create(const std::shared_ptr<NodeCore>& node,
                                                       std::string_view topic,
                                                       const TypeInfo& type, const QoS& qos,
                                                       PublisherOptions options);
  // Used by create().
  PublisherBase(std::shared_ptr<NodeCore> node, const TypeInfo& type,
                detail::TopicChannel channel, const QoS& qos, PublisherOptions options,
                Producer producer);
  ~PublisherBase() override;

  dmxp_producer* producer() const { return producer_.handle(); }
  int64_t loan_timeout_ns() const { return loan_timeout_ns_; }
  const std::string& topic() const { return channel_.topic; }
  const QoS& qos() const { return qos_; }
  // Deadline bookkeeping: a relaxed increment, and only when a deadline is offered; with
  // manual liveliness, a publish asserts it.
  void note_published() {
    if (track_) published_.fetch_add(1, std::memory_order_relaxed);
    if (manual_liveliness_) assert_liveliness();
  }
  // Manual-by-topic liveliness (qos.hpp): this publisher is alive for one more lease. Does
  // nothing under automatic liveliness.
  void assert_liveliness();
  // Live subscriptions of the topic (every process).
  uint32_t subscription_count() const;

  int64_t event_period_ns() const override;
  void check_events(uint64_t now_ns) override;

 protected:
  void on_detach() override;

 private:
  TypeInfo type_;
  detail::TopicChannel channel_;
  QoS qos_;
  PublisherOptions options_;
  Producer producer_;
  int64_t loan_timeout_ns_ = 0;
  bool track_ = false;
  bool manual_liveliness_ = false;
  std::atomic<uint64_t> published_{0};
  uint64_t seen_published_ = 0;
  uint64_t last_activity_ns_ = 0;
  uint64_t deadline_missed_ = 0;
  GraphRegistry::Handle graph_handle_;
  detail::QosMatcher matcher_;
};

template <msg::Message T>
class Publisher;

// A message under construction in a ring slot, or the error that prevented the loan.
template <msg::Message T>
class LoanedMessage {
 public:
  LoanedMessage(LoanedMessage&& o) noexcept
      : msg_(std::exchange(o.msg_, nullptr)), producer_(o.producer_), error_(std::move(o.error_)) {}
  LoanedMessage& operator=(LoanedMessage&&) = delete;
  ~LoanedMessage() {
    if (msg_) dmxp_producer_abort(producer_);
  }

  explicit operator bool() const { return msg_ != nullptr; }
  // Using a failed loan is a programming error: these throw its dmxp::Error.
  T* operator->() { return &get(); }
  T& operator*() { return get(); }
  T& get() {
    if (!msg_) throw error();
    return *msg_;
  }
  Error error() const {
    return error_ ? *error_ : Error(DMXP_ERR_INVALID_ARGUMENT, "the loan was already published");
  }

 private:
  friend class Publisher<T>;
  LoanedMessage(T* msg, dmxp_producer* p) : msg_(msg), producer_(p) {}
  explicit LoanedMessage(Error e) : error_(std::move(e)) {}
  T* msg_ = nullptr;
  dmxp_producer* producer_ = nullptr;
  std::optional<Error> error_;
};

template <msg::Message T>
class Publisher : public EntityHandle<PublisherBase> {
 public:
  Publisher() = default;
  explicit Publisher(std::shared_ptr<PublisherBase> base)
      : EntityHandle<PublisherBase>(std::move(base)) {}

  LoanedMessage<T> loan() {
    void* slot = nullptr;
    if (int rc = dmxp_producer_loan(e_->producer(), sizeof(T), &slot, e_->loan_timeout_ns()))
      return LoanedMessage<T>(Error::last(rc));
    T* msg;
    if constexpr (std::is_constructible_v<T, msg::SkipInit>) msg = new (slot) T(msg::skip_init);
    else msg = new (slot) T();
    return LoanedMessage<T>(msg, e_->producer());
  }

  // Publishes a loan; returns the message's key.
  Result<uint64_t> publish(LoanedMessage<T>&& m) {
    if (!m.msg_) return m.error();
    m.msg_ = nullptr;
    uint64_t key = 0;
    if (int rc = dmxp_producer_commit(e_->producer(), sizeof(T), &key)) return Error::last(rc);
    e_->note_published();
    return key;
  }

  // Copies msg into a slot.
  Result<uint64_t> publish(const T& msg) {
    uint64_t key = 0;
    if (int rc = dmxp_producer_send(e_->producer(), &msg, sizeof(T), e_->loan_timeout_ns(), &key))
      return Error::last(rc);
    e_->note_published();
    return key;
  }

  const std::string& topic_name() const { return e_->topic(); }
  const QoS& qos() const { return e_->qos(); }
  uint32_t subscription_count() const { return e_->subscription_count(); }
  // Manual-by-topic liveliness (qos.hpp): alive for one more lease; publishing does it too.
  void assert_liveliness() { e_->assert_liveliness(); }
};

}  // namespace dmxp::rt
