// lifecycle.hpp - managed nodes, as rclcpp_lifecycle has them (docs/lifecycle.md).
//
//   class Camera : public dmxp::rt::LifecycleNode {
//    public:
//     explicit Camera(const dmxp::rt::NodeOptions& o = {}) : LifecycleNode("camera", o) {}
//     CallbackReturn on_configure(const State&) override {
//       pub_ = create_publisher<sensor_msgs::msg::Image>("image", 2).value();   // off until active
//       return CallbackReturn::SUCCESS;
//     }
//     CallbackReturn on_cleanup(const State&) override { pub_ = {}; return CallbackReturn::SUCCESS; }
//    private:
//     dmxp::rt::LifecyclePublisher<sensor_msgs::msg::Image> pub_;
//   };
//
// A LifecycleNode starts unconfigured. Transitions (lifecycle_state_machine.hpp) are asked
// for by its own code (configure(), activate(), trigger_transition(...)) or by anyone through
// its services: ChangeState on <node>/change_state, as `dmxp lifecycle set` and dmxp-launch
// do (lifecycle_core.hpp lists the services and the transition_event topic). Each runs the
// matching callback on the calling thread; a service request runs it on the node's executor.
//
// Callbacks return CallbackReturn: SUCCESS takes the transition, FAILURE goes back, ERROR (or
// an exception) goes to errorprocessing, where on_error decides between unconfigured
// (SUCCESS) and finalized. Defaults, as rclcpp's: SUCCESS for every callback, FAILURE for
// on_error. register_on_configure(f) and its siblings replace a callback with a function.
//
// Lifecycle publishers (create_publisher here returns LifecyclePublisher<T>) publish only
// while the node is active: they are switched on when the node enters active and off when it
// leaves it, with no call needed in on_activate/on_deactivate (unlike rclcpp, where the base
// class's on_activate does it; calling pub.on_activate() by hand still works, e.g. to publish
// from inside on_activate). A message published while off is dropped, and the first one
// after each activation is logged, as rclcpp does.
//
// Destroying a node that is not finalized takes it through shutdown first (as rclcpp in Jazzy)
// but without running its callbacks: the derived object is gone by then. Call shutdown()
// before to run on_shutdown; run_component_main and dmxp-container do that for a lifecycle
// node when they stop. Destroy a lifecycle node only once no executor spins it.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <spdlog/logger.h>

#include "dmxp/rt/lifecycle_core.hpp"
#include "dmxp/rt/lifecycle_state_machine.hpp"
#include "dmxp/rt/node.hpp"

namespace dmxp::rt {

// A publisher that publishes only while its lifecycle node is active (see the top).
template <msg::Message T>
class LifecyclePublisher {
 public:
  LifecyclePublisher() = default;
  LifecyclePublisher(Publisher<T> publisher, std::shared_ptr<ManagedEntitySwitch> on)
      : pub_(std::move(publisher)), on_(std::move(on)) {}

  // A slot, as Publisher<T>::loan(), also while inactive (publishing it then aborts it).
  LoanedMessage<T> loan() { return pub_.loan(); }
  // The message's key; 0 when it was dropped because the publisher is not activated.
  Result<uint64_t> publish(LoanedMessage<T>&& msg) {
    if (!is_activated()) {
      LoanedMessage<T> dropped(std::move(msg));  // aborted when it goes out of scope
      return dropped_one();
    }
    return pub_.publish(std::move(msg));
  }
  Result<uint64_t> publish(const T& msg) {
    if (!is_activated()) return dropped_one();
    return pub_.publish(msg);
  }

  // rclcpp's managed-entity calls: switch this publisher by hand.
  void on_activate() { on_->on_activate(); }
  void on_deactivate() { on_->on_deactivate(); }
  bool is_activated() const { return on_ && on_->is_activated(); }

  const std::string& topic_name() const { return pub_.topic_name(); }
  const QoS& qos() const { return pub_.qos(); }
  uint32_t subscription_count() const { return pub_.subscription_count(); }
  Publisher<T>& publisher() { return pub_; }
  explicit operator bool() const { return bool(pub_); }

 private:
  Result<uint64_t> dropped_one() {
    if (on_->first_drop())
      pub_.entity()->node().logger().warn(
          "Trying to publish message on the topic '{}', but the publisher is not activated", topic_name());
    return uint64_t(0);
  }
  Publisher<T> pub_;
  std::shared_ptr<ManagedEntitySwitch> on_;
};

class LifecycleNode : public Node {
 public:
  using CallbackReturn = lifecycle::CallbackReturn;
  using State = lifecycle::State;
  using Transition = lifecycle::Transition;
  using TransitionCallback = std::function<CallbackReturn(const State& previous_state)>;

  // Throws dmxp::Error as Node does, and when the lifecycle services cannot be created.
  explicit LifecycleNode(const std::string& name, const NodeOptions& options = {},
                         bool enable_communication_interface = true);
  ~LifecycleNode() override;

  // ---- the state machine ----
  State get_current_state() const { return lifecycle_->current_state(); }
  std::vector<State> get_available_states() const;
  std::vector<Transition> get_available_transitions() const { return lifecycle_->available_transitions(); }
  std::vector<Transition> get_transition_graph() const;

  // rclcpp's calls: the state the node is in afterwards. A transition that does not leave the
  // current state (or one asked for from inside a callback) is logged and changes nothing;
  // cb_return_code is the callback's return value (FAILURE when the transition did not start).
  State trigger_transition(uint8_t transition_id);
  State trigger_transition(uint8_t transition_id, CallbackReturn& cb_return_code);
  State trigger_transition(std::string_view transition_label);
  State trigger_transition(std::string_view transition_label, CallbackReturn& cb_return_code);
  State configure() { return trigger_transition(lifecycle::transition_id::kConfigure); }
  State cleanup() { return trigger_transition(lifecycle::transition_id::kCleanup); }
  State activate() { return trigger_transition(lifecycle::transition_id::kActivate); }
  State deactivate() { return trigger_transition(lifecycle::transition_id::kDeactivate); }
  State shutdown() { return trigger_transition(std::string_view("shutdown")); }  // from any primary state
  // The same with its errors: the callback's return value, DMXP_ERR_INVALID_ARGUMENT when no
  // such transition leaves the current state, DMXP_ERR_BUSY from inside a callback.
  Result<CallbackReturn> change_state(uint8_t transition_id) { return lifecycle_->change_state(transition_id); }
  Result<CallbackReturn> change_state(std::string_view label) { return lifecycle_->change_state(label); }

  // ---- callbacks (run with the primary state the transition started from) ----
  virtual CallbackReturn on_configure(const State& previous_state);
  virtual CallbackReturn on_cleanup(const State& previous_state);
  virtual CallbackReturn on_shutdown(const State& previous_state);
  virtual CallbackReturn on_activate(const State& previous_state);
  virtual CallbackReturn on_deactivate(const State& previous_state);
  virtual CallbackReturn on_error(const State& previous_state);
  // Replace a callback (the virtual above) with f; always true, as rclcpp's.
  bool register_on_configure(TransitionCallback f) { return set_callback(0, std::move(f)); }
  bool register_on_cleanup(TransitionCallback f) { return set_callback(1, std::move(f)); }
  bool register_on_shutdown(TransitionCallback f) { return set_callback(2, std::move(f)); }
  bool register_on_activate(TransitionCallback f) { return set_callback(3, std::move(f)); }
  bool register_on_deactivate(TransitionCallback f) { return set_callback(4, std::move(f)); }
  bool register_on_error(TransitionCallback f) { return set_callback(5, std::move(f)); }

  // ---- lifecycle publishers (Node::create_publisher still makes a plain one) ----
  template <msg::Message T>
  Result<LifecyclePublisher<T>> create_publisher(std::string_view topic, const QoS& qos = QoS(),
                                                 PublisherOptions options = {}) {
    auto pub = Node::create_publisher<T>(topic, qos, std::move(options));
    if (!pub) return pub.error();
    return LifecyclePublisher<T>(std::move(pub).value(), lifecycle_->add_managed_entity());
  }

  LifecycleCore& lifecycle_core() { return *lifecycle_; }

 private:
  bool set_callback(size_t i, TransitionCallback f);
  CallbackReturn dispatch(const State& transition_state, const State& previous_state);
  std::array<TransitionCallback, 6> registered_;  // configure, cleanup, shutdown, activate, deactivate, error
  bool destroying_ = false;
  std::shared_ptr<LifecycleCore> lifecycle_;
};

// A lifecycle node that is not finalized goes through shutdown, callbacks and all (what
// run_component_main and dmxp-container do when they stop); other nodes are left alone.
void shutdown_if_managed(Node& node);

}  // namespace dmxp::rt
