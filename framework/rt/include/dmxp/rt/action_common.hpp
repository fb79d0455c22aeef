// action_common.hpp - what the action server and client share (docs/actions.md): goal ids,
// ROS 2's goal states and their transitions, the callbacks' answers, the names an action
// travels on, and an action's types at run time.
//
// An action "/fibonacci" is, as in ROS 2:
//   /fibonacci/_action/send_goal    service  <A>_SendGoal           goal id + goal -> accepted, stamp
//   /fibonacci/_action/cancel_goal  service  action_msgs/CancelGoal goal info -> goals canceling
//   /fibonacci/_action/get_result   service  <A>_GetResult          goal id -> status + result,
//                                            answered once the goal is done
//   /fibonacci/_action/feedback     topic    <A>_FeedbackMessage    goal id + feedback
//   /fibonacci/_action/status       topic    action_msgs/GoalStatusArray, every goal the server
//                                            tracks, published on every change (latched)
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dmxp/rt/extension.hpp"
#include "dmxp/rt/service.hpp"

namespace dmxp::rt {

// A goal's id: an RFC 4122 UUID (unique_identifier_msgs/UUID), chosen by the client.
using GoalUUID = std::array<uint8_t, 16>;
// A random (version 4) UUID from the kernel's random source.
GoalUUID random_goal_id();
// "1b4e28ba-2fa1-11d2-883f-0016d3cca427".
std::string to_string(const GoalUUID& id);
// Parses that form (case-insensitive); nullopt for anything else.
std::optional<GoalUUID> parse_goal_id(std::string_view text);

// action_msgs/GoalStatus, with the same values.
enum class GoalStatus : int8_t {
  Unknown = 0,
  Accepted = 1,   // accepted, waiting to execute
  Executing = 2,
  Canceling = 3,  // a cancel request was accepted; the goal still runs until it ends
  Succeeded = 4,
  Canceled = 5,
  Aborted = 6,
};
const char* to_string(GoalStatus s);  // "EXECUTING"
bool is_terminal(GoalStatus s);       // Succeeded, Canceled, Aborted
bool is_active(GoalStatus s);         // Accepted, Executing, Canceling

// What may happen to a goal, and ROS 2's state machine (rcl_action's goal_state_machine):
//   Accepted  --Execute-->  Executing          Accepted, Executing --CancelGoal--> Canceling
//   Executing, Canceling  --Succeed / Abort-->  Succeeded / Aborted
//   Canceling --Canceled--> Canceled
enum class GoalEvent { Execute, CancelGoal, Succeed, Abort, Canceled };
const char* to_string(GoalEvent e);  // "succeed"
// The state after e, or nullopt when the state machine does not allow e in `from`.
std::optional<GoalStatus> transition(GoalStatus from, GoalEvent e);

// The server's answer to a new goal and to a cancel request (rclcpp_action's names and values).
enum class GoalResponse { REJECT = 1, ACCEPT_AND_EXECUTE = 2, ACCEPT_AND_DEFER = 3 };
enum class CancelResponse { REJECT = 1, ACCEPT = 2 };

// builtin_interfaces/Time: when the server accepted a goal (CLOCK_REALTIME).
struct GoalStamp {
  int32_t sec = 0;
  uint32_t nanosec = 0;
  static GoalStamp now();
  static GoalStamp from_ns(int64_t ns);
  int64_t ns() const { return int64_t(sec) * 1'000'000'000 + nanosec; }
  bool operator==(const GoalStamp&) const = default;
};

// The resolved names an action travels on, from its resolved name ("/fibonacci").
struct ActionNames {
  std::string action, send_goal, cancel_goal, get_result, feedback, status;
};
ActionNames action_names(const std::string& resolved_action);
inline constexpr std::string_view kActionInfix = "/_action/";

// An action's types at run time: the five types of its services and feedback topic (the
// first 16 bytes of SendGoal_Request, GetResult_Request and FeedbackMessage are the goal id;
// GetResult_Response starts with the int8 status; SendGoal_Response with the bool accepted)
// and where the goal, result and feedback lie inside them. Strings must outlive the
// endpoints (generated types: static constants; bindings intern them).
struct ActionTypes {
  const char* name;        // "example_interfaces/action/Fibonacci"
  ServiceTypes send_goal;  // <A>_SendGoal_Request / _Response
  ServiceTypes get_result; // <A>_GetResult_Request / _Response
  TypeInfo feedback_message;
  uint32_t goal_offset, goal_size;          // in SendGoal_Request
  uint32_t stamp_offset;                    // of `stamp` in SendGoal_Response
  uint32_t result_offset, result_size;      // in GetResult_Response
  uint32_t feedback_offset, feedback_size;  // in FeedbackMessage
};

// The types of an action struct that dmxp-msgc generates from a .action file.
template <class A>
ActionTypes action_types_of() {
  using SendGoal = typename A::Impl::SendGoalService;
  using GetResult = typename A::Impl::GetResultService;
  using Feedback = typename A::Impl::FeedbackMessage;
  return ActionTypes{
      A::kTypeName,
      service_types_of<typename SendGoal::Request, typename SendGoal::Response>(),
      service_types_of<typename GetResult::Request, typename GetResult::Response>(),
      type_info_of<Feedback>(),
      uint32_t(offsetof(typename SendGoal::Request, goal)), uint32_t(sizeof(typename A::Goal)),
      uint32_t(offsetof(typename SendGoal::Response, stamp)),
      uint32_t(offsetof(typename GetResult::Response, result)), uint32_t(sizeof(typename A::Result)),
      uint32_t(offsetof(Feedback, feedback)), uint32_t(sizeof(typename A::Feedback))};
}

// The action type name ("pkg/action/Fibonacci") of a send_goal request type
// ("pkg/action/Fibonacci_SendGoal_Request"); "" when it is not one.
std::string action_type_of_send_goal(std::string_view request_type);

}  // namespace dmxp::rt
