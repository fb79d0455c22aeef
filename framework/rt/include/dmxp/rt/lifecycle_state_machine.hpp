// lifecycle_state_machine.hpp - ROS 2's lifecycle (managed node) state machine, as rcl_lifecycle
// defines it (design.ros2.org/articles/node_lifecycle.html): the states, the transitions with
// their ids and labels, and which transitions leave which state. No node and no threads: the
// node, its services and its callbacks are in lifecycle_core.hpp and lifecycle.hpp.
//
//   primary states      unconfigured [1] --configure [1]--> configuring [10]
//                       inactive [2]     --cleanup [2]-->   cleaningup [11]
//                       active [3]       --activate [3]-->  activating [13]   (from inactive)
//                       finalized [4]    --deactivate [4]--> deactivating [14] (from active)
//                                        --shutdown [5,6,7]--> shuttingdown [12] (from each of
//                                          unconfigured, inactive, active)
//   a transition state leaves by the return value of its callback:
//     transition_success / transition_failure / transition_error (ids 10..62)
//     configuring     -> inactive     | unconfigured | errorprocessing
//     cleaningup      -> unconfigured | inactive     | errorprocessing
//     activating      -> active       | inactive     | errorprocessing
//     deactivating    -> inactive     | active       | errorprocessing
//     shuttingdown    -> finalized    | finalized    | errorprocessing
//     errorprocessing -> unconfigured | finalized    | finalized
//
// The ids are lifecycle_msgs/State and lifecycle_msgs/Transition's constants (msgs/
// lifecycle_msgs; the runtime checks them against the generated types at compile time), and
// states(), transition_graph() list them in rcl_lifecycle's order, so get_available_states
// and get_transition_graph answer exactly what a ROS 2 node answers (tests/rt compares the
// table with librcl_lifecycle's own).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace dmxp::rt::lifecycle {

// lifecycle_msgs/msg/State ids.
namespace state_id {
inline constexpr uint8_t kUnknown = 0;
inline constexpr uint8_t kUnconfigured = 1;
inline constexpr uint8_t kInactive = 2;
inline constexpr uint8_t kActive = 3;
inline constexpr uint8_t kFinalized = 4;
inline constexpr uint8_t kConfiguring = 10;
inline constexpr uint8_t kCleaningUp = 11;
inline constexpr uint8_t kShuttingDown = 12;
inline constexpr uint8_t kActivating = 13;
inline constexpr uint8_t kDeactivating = 14;
inline constexpr uint8_t kErrorProcessing = 15;
}  // namespace state_id

// lifecycle_msgs/msg/Transition ids (the public ones; the private ones, 10..62, are the
// callbacks' outcomes and appear in transition events and in transition_graph()).
namespace transition_id {
inline constexpr uint8_t kCreate = 0;
inline constexpr uint8_t kConfigure = 1;
inline constexpr uint8_t kCleanup = 2;
inline constexpr uint8_t kActivate = 3;
inline constexpr uint8_t kDeactivate = 4;
inline constexpr uint8_t kUnconfiguredShutdown = 5;
inline constexpr uint8_t kInactiveShutdown = 6;
inline constexpr uint8_t kActiveShutdown = 7;
inline constexpr uint8_t kDestroy = 8;
}  // namespace transition_id

// What a transition callback returns (lifecycle_msgs/Transition TRANSITION_CALLBACK_*), as
// rclcpp_lifecycle's CallbackReturn: SUCCESS takes the transition, FAILURE goes back to where
// it started (a shutdown still ends in finalized), ERROR goes to errorprocessing, where
// on_error decides (SUCCESS: unconfigured, otherwise finalized). A callback that throws
// counts as ERROR.
enum class CallbackReturn : uint8_t { SUCCESS = 97, FAILURE = 98, ERROR = 99 };
const char* to_string(CallbackReturn r);  // "SUCCESS", "FAILURE", "ERROR"

// A state: lifecycle_msgs/State's id and rcl_lifecycle's label ("unconfigured", ...).
class State {
 public:
  constexpr State() = default;
  constexpr State(uint8_t id, std::string_view label) : id_(id), label_(label) {}
  constexpr uint8_t id() const { return id_; }
  constexpr std::string_view label() const { return label_; }
  // Primary states (unconfigured, inactive, active, finalized) are where a node rests;
  // transitions can be requested only there.
  constexpr bool is_primary() const { return id_ >= 1 && id_ <= 4; }
  friend constexpr bool operator==(const State& a, const State& b) { return a.id_ == b.id_; }

 private:
  uint8_t id_ = state_id::kUnknown;
  std::string_view label_ = "unknown";
};

// A transition: id, label ("configure", "shutdown", "transition_success", ...), the state it
// starts in and the one it leads to (lifecycle_msgs/TransitionDescription).
struct Transition {
  uint8_t id = 0;
  std::string_view label;
  State start;
  State goal;
};

// Every state, in rcl_lifecycle's order (get_available_states answers these 11).
std::span<const State> states();
// Every transition, in rcl_lifecycle's order (get_transition_graph answers these 25).
std::span<const Transition> transition_graph();
// The state with this id; nullptr when there is none.
const State* find_state(uint8_t id);

// One node's position in the graph. Not thread-safe: LifecycleCore guards it.
class StateMachine {
 public:
  State current() const { return current_; }
  // The transitions that leave the current state, in rcl_lifecycle's order
  // (get_available_transitions): configure and shutdown from unconfigured, ...
  std::vector<Transition> available() const;
  // The transition with this id (or label) leaving the current state; nullptr when none.
  // Labels are not unique in the whole graph ("shutdown" leaves three states) but are from
  // any one state, which is why ROS 2 lets a ChangeState request name its transition by label.
  const Transition* find(uint8_t id) const;
  const Transition* find(std::string_view label) const;
  // The transition a callback's return value takes from the current (transition) state.
  const Transition* outcome(CallbackReturn r) const;
  // Moves to t.goal; t must leave the current state.
  void take(const Transition& t) { current_ = t.goal; }

 private:
  State current_{state_id::kUnconfigured, "unconfigured"};
};

}  // namespace dmxp::rt::lifecycle
