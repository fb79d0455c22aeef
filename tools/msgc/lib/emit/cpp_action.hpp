// cpp_action.hpp - the action struct of a .action file, for the action server and client
// templates (framework/rt/include/dmxp/rt/action.hpp), named as ROS 2's rclcpp names it:
//
//   struct Fibonacci {
//     using Goal = Fibonacci_Goal;  using Result = ...;  using Feedback = ...;
//     struct Impl { using SendGoalService = Fibonacci_SendGoal; GetResultService,
//                   FeedbackMessage, CancelGoalService, GoalStatusMessage };
//     static constexpr const char* kTypeName = "pkg/action/Fibonacci";
//   };
#pragma once

#include <string>

#include "../model.hpp"

namespace dmxp::msgc::cpp {

// The header cpp/<pkg>/action/<Action>.hpp, the same from every type of the action.
std::string action_header(const model::Message& part);

}  // namespace dmxp::msgc::cpp
