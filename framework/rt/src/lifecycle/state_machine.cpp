// The default state machine of rcl_lifecycle: the same states and transitions, ids, labels
// and order (tests/rt/lifecycle compares this table with librcl_lifecycle's).
#include "dmxp/rt/lifecycle_state_machine.hpp"

#include <array>

#include <lifecycle_msgs/msg/State.hpp>
#include <lifecycle_msgs/msg/Transition.hpp>

namespace dmxp::rt::lifecycle {
namespace {

using StateMsg = lifecycle_msgs::msg::State;
using TransitionMsg = lifecycle_msgs::msg::Transition;

// The public ids must be lifecycle_msgs' own: a client fills its ChangeState from those.
static_assert(state_id::kUnconfigured == StateMsg::PRIMARY_STATE_UNCONFIGURED);
static_assert(state_id::kInactive == StateMsg::PRIMARY_STATE_INACTIVE);
static_assert(state_id::kActive == StateMsg::PRIMARY_STATE_ACTIVE);
static_assert(state_id::kFinalized == StateMsg::PRIMARY_STATE_FINALIZED);
static_assert(state_id::kConfiguring == StateMsg::TRANSITION_STATE_CONFIGURING);
static_assert(state_id::kCleaningUp == StateMsg::TRANSITION_STATE_CLEANINGUP);
static_assert(state_id::kShuttingDown == StateMsg::TRANSITION_STATE_SHUTTINGDOWN);
static_assert(state_id::kActivating == StateMsg::TRANSITION_STATE_ACTIVATING);
static_assert(state_id::kDeactivating == StateMsg::TRANSITION_STATE_DEACTIVATING);
static_assert(state_id::kErrorProcessing == StateMsg::TRANSITION_STATE_ERRORPROCESSING);
static_assert(transition_id::kConfigure == TransitionMsg::TRANSITION_CONFIGURE);
static_assert(transition_id::kCleanup == TransitionMsg::TRANSITION_CLEANUP);
static_assert(transition_id::kActivate == TransitionMsg::TRANSITION_ACTIVATE);
static_assert(transition_id::kDeactivate == TransitionMsg::TRANSITION_DEACTIVATE);
static_assert(transition_id::kUnconfiguredShutdown == TransitionMsg::TRANSITION_UNCONFIGURED_SHUTDOWN);
static_assert(transition_id::kInactiveShutdown == TransitionMsg::TRANSITION_INACTIVE_SHUTDOWN);
static_assert(transition_id::kActiveShutdown == TransitionMsg::TRANSITION_ACTIVE_SHUTDOWN);
static_assert(uint8_t(CallbackReturn::SUCCESS) == TransitionMsg::TRANSITION_CALLBACK_SUCCESS);
static_assert(uint8_t(CallbackReturn::FAILURE) == TransitionMsg::TRANSITION_CALLBACK_FAILURE);
static_assert(uint8_t(CallbackReturn::ERROR) == TransitionMsg::TRANSITION_CALLBACK_ERROR);

constexpr State kUnknown{state_id::kUnknown, "unknown"};
constexpr State kUnconfigured{state_id::kUnconfigured, "unconfigured"};
constexpr State kInactive{state_id::kInactive, "inactive"};
constexpr State kActive{state_id::kActive, "active"};
constexpr State kFinalized{state_id::kFinalized, "finalized"};
constexpr State kConfiguring{state_id::kConfiguring, "configuring"};
constexpr State kCleaningUp{state_id::kCleaningUp, "cleaningup"};
constexpr State kShuttingDown{state_id::kShuttingDown, "shuttingdown"};
constexpr State kActivating{state_id::kActivating, "activating"};
constexpr State kDeactivating{state_id::kDeactivating, "deactivating"};
constexpr State kErrorProcessing{state_id::kErrorProcessing, "errorprocessing"};

constexpr std::array<State, 11> kStates = {kUnknown,     kUnconfigured, kInactive,      kActive,
                                           kFinalized,   kConfiguring,  kCleaningUp,    kShuttingDown,
                                           kActivating,  kDeactivating, kErrorProcessing};

constexpr std::string_view kSuccess = "transition_success";
constexpr std::string_view kFailure = "transition_failure";
constexpr std::string_view kError = "transition_error";

// The three outcomes of a transition state's callback, in rcl_lifecycle's order.
constexpr std::array<Transition, 3> outcomes(uint8_t first_id, State from, State success, State failure,
                                             State error) {
  return {Transition{first_id, kSuccess, from, success}, Transition{uint8_t(first_id + 1), kFailure, from, failure},
          Transition{uint8_t(first_id + 2), kError, from, error}};
}

constexpr auto kGraph = [] {
  std::array<Transition, 25> g{};
  size_t n = 0;
  auto add = [&](const Transition& t) { g[n++] = t; };
  auto add3 = [&](const std::array<Transition, 3>& ts) { for (const Transition& t : ts) add(t); };
  add({TransitionMsg::TRANSITION_CONFIGURE, "configure", kUnconfigured, kConfiguring});
  add3(outcomes(TransitionMsg::TRANSITION_ON_CONFIGURE_SUCCESS, kConfiguring, kInactive, kUnconfigured, kErrorProcessing));
  add({TransitionMsg::TRANSITION_CLEANUP, "cleanup", kInactive, kCleaningUp});
  add3(outcomes(TransitionMsg::TRANSITION_ON_CLEANUP_SUCCESS, kCleaningUp, kUnconfigured, kInactive, kErrorProcessing));
  add({TransitionMsg::TRANSITION_ACTIVATE, "activate", kInactive, kActivating});
  add3(outcomes(TransitionMsg::TRANSITION_ON_ACTIVATE_SUCCESS, kActivating, kActive, kInactive, kErrorProcessing));
  add({TransitionMsg::TRANSITION_DEACTIVATE, "deactivate", kActive, kDeactivating});
  add3(outcomes(TransitionMsg::TRANSITION_ON_DEACTIVATE_SUCCESS, kDeactivating, kInactive, kActive, kErrorProcessing));
  add({TransitionMsg::TRANSITION_UNCONFIGURED_SHUTDOWN, "shutdown", kUnconfigured, kShuttingDown});
  add({TransitionMsg::TRANSITION_INACTIVE_SHUTDOWN, "shutdown", kInactive, kShuttingDown});
  add({TransitionMsg::TRANSITION_ACTIVE_SHUTDOWN, "shutdown", kActive, kShuttingDown});
  // A shutdown whose callback fails still ends the node: there is nowhere to go back to.
  add3(outcomes(TransitionMsg::TRANSITION_ON_SHUTDOWN_SUCCESS, kShuttingDown, kFinalized, kFinalized, kErrorProcessing));
  // Error processing recovers to unconfigured only when on_error succeeds.
  add3(outcomes(TransitionMsg::TRANSITION_ON_ERROR_SUCCESS, kErrorProcessing, kUnconfigured, kFinalized, kFinalized));
  return g;
}();

}  // namespace

const char* to_string(CallbackReturn r) {
  switch (r) {
    case CallbackReturn::SUCCESS: return "SUCCESS";
    case CallbackReturn::FAILURE: return "FAILURE";
    case CallbackReturn::ERROR: return "ERROR";
  }
  return "ERROR";
}

std::span<const State> states() { return kStates; }
std::span<const Transition> transition_graph() { return kGraph; }

const State* find_state(uint8_t id) {
  for (const State& s : kStates)
    if (s.id() == id) return &s;
  return nullptr;
}

std::vector<Transition> StateMachine::available() const {
  std::vector<Transition> out;
  for (const Transition& t : kGraph)
    if (t.start == current_) out.push_back(t);
  return out;
}

const Transition* StateMachine::find(uint8_t id) const {
  for (const Transition& t : kGraph)
    if (t.start == current_ && t.id == id) return &t;
  return nullptr;
}

const Transition* StateMachine::find(std::string_view label) const {
  for (const Transition& t : kGraph)
    if (t.start == current_ && t.label == label) return &t;
  return nullptr;
}

const Transition* StateMachine::outcome(CallbackReturn r) const {
  return find(r == CallbackReturn::SUCCESS ? kSuccess : r == CallbackReturn::FAILURE ? kFailure : kError);
}

}  // namespace dmxp::rt::lifecycle
