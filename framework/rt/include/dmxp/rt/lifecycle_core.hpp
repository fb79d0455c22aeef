// lifecycle_core.hpp - what makes a node managed: its lifecycle state machine, the transition
// callbacks, ROS 2's lifecycle services and transition events, and the switches of its
// lifecycle publishers. LifecycleNode (lifecycle.hpp) and the Python binding's LifecycleNode
// are built on it; node code uses LifecycleNode.
//
// On a node /ns/name it serves, with lifecycle_msgs' types, as rclcpp_lifecycle does:
//   /ns/name/change_state               ChangeState  (a transition by id, or by label first)
//   /ns/name/get_state                  GetState
//   /ns/name/get_available_states       GetAvailableStates       (all 11 states)
//   /ns/name/get_available_transitions  GetAvailableTransitions  (those leaving the current state)
//   /ns/name/get_transition_graph       GetAvailableTransitions  (all 25 transitions)
// and publishes lifecycle_msgs/TransitionEvent on /ns/name/transition_event for every step:
// a requested transition (configure: unconfigured -> configuring), then its outcome
// (transition_success: configuring -> inactive), then, after an ERROR, error processing's
// outcome (errorprocessing -> unconfigured or finalized). timestamp is the system clock in ns.
//
// A transition runs its callback on the calling thread (a ChangeState request: the node's
// executor, like any service handler). Transitions of one node run one at a time; one asked
// for from inside a transition callback is refused (DMXP_ERR_BUSY), as the node is in a
// transition state then.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "dmxp/dmxp.hpp"
#include "dmxp/rt/extension.hpp"
#include "dmxp/rt/lifecycle_state_machine.hpp"

namespace dmxp::rt {

// The on/off switch of one managed entity (a lifecycle publisher): on exactly while its node
// is active. LifecycleCore turns every switch on when the node enters active and off when it
// enters any other primary state or leaves active; on_activate()/on_deactivate() turn one by
// hand in between (rclcpp's pub->on_activate(), e.g. to publish from on_activate itself).
// Thread-safe.
class ManagedEntitySwitch {
 public:
  bool is_activated() const { return active_.load(std::memory_order_acquire); }
  void on_activate() {
    dropped_since_activation_.store(false, std::memory_order_relaxed);
    active_.store(true, std::memory_order_release);
  }
  void on_deactivate() { active_.store(false, std::memory_order_release); }
  // Notes that a message was dropped while off: true for the first one since the last
  // activation (the one rclcpp logs), false for the rest.
  bool first_drop() { return !dropped_since_activation_.exchange(true, std::memory_order_relaxed); }

 private:
  std::atomic<bool> active_{false};
  std::atomic<bool> dropped_since_activation_{false};
};

class LifecycleCore {
 public:
  // Runs the callback of a transition state (configuring, activating, ..., errorprocessing),
  // given the primary state the transition started from. An exception counts as ERROR.
  using Callback = std::function<lifecycle::CallbackReturn(const lifecycle::State& transition_state,
                                                           const lifecycle::State& previous_state)>;

  // Starts in unconfigured. With enable_communication_interface (rclcpp's option of the same
  // name) it creates the five services and the transition_event publisher: DMXP_ERR_* of
  // those; without, transitions are asked for only through change_state().
  static Result<std::shared_ptr<LifecycleCore>> create(const std::shared_ptr<NodeCore>& node,
                                                       Callback callback,
                                                       bool enable_communication_interface = true);
  ~LifecycleCore();
  LifecycleCore(const LifecycleCore&) = delete;
  LifecycleCore& operator=(const LifecycleCore&) = delete;

  lifecycle::State current_state() const;
  std::vector<lifecycle::Transition> available_transitions() const;

  // Runs the transition with this id (or label) from the current state: its callback, then the
  // outcome the callback's return value selects, then, after ERROR, on_error's. Returns the
  // callback's return value (ROS 2's ChangeState answers success only for SUCCESS).
  // DMXP_ERR_INVALID_ARGUMENT when no such transition leaves the current state (the message
  // lists the ones that do), DMXP_ERR_BUSY when asked from inside a transition callback.
  Result<lifecycle::CallbackReturn> change_state(uint8_t transition_id);
  Result<lifecycle::CallbackReturn> change_state(std::string_view transition_label);

  // A new switch for a managed entity, set to the node's current activity. The core keeps a
  // weak reference.
  std::shared_ptr<ManagedEntitySwitch> add_managed_entity();

  // Detaches the services (a request being answered finishes first): nothing asks for a
  // transition through them afterwards; transition events are still published. The
  // destructor does it too.
  void stop_services();

  const std::shared_ptr<NodeCore>& node() const { return node_; }

  struct Services;  // the service handles (lifecycle_core.cpp)
  struct Events;    // the transition_event publisher
  LifecycleCore(std::shared_ptr<NodeCore> node, Callback callback);

 private:
  Result<lifecycle::CallbackReturn> request(const std::function<const lifecycle::Transition*()>& find,
                                            const std::string& what);
  Result<lifecycle::CallbackReturn> run(const lifecycle::Transition& requested);
  void step(const lifecycle::Transition& t);  // moves, publishes the event, flips the switches
  void publish_event(const lifecycle::Transition& t);
  Error not_available(std::string_view what) const;
  std::optional<Error> inside_transition() const;  // DMXP_ERR_BUSY on a transition's own thread

  std::shared_ptr<NodeCore> node_;
  Callback callback_;
  std::unique_ptr<Services> services_;
  std::unique_ptr<Events> events_;  // outlives the services: a node shut down as it goes still tells
  mutable std::mutex state_mu_;     // machine_ and switches_ (held briefly, never over a callback)
  lifecycle::StateMachine machine_;
  std::vector<std::weak_ptr<ManagedEntitySwitch>> switches_;
  std::mutex transition_mu_;        // one transition at a time (held over the callbacks)
  std::atomic<std::thread::id> transition_thread_{};
};

}  // namespace dmxp::rt
