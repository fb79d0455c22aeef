// The standard action example_interfaces/action/Fibonacci and the action_msgs types compiled
// to C++: each type's layout descriptor equals offsetof/sizeof of its struct, the action
// struct names its parts as rclcpp does, and the types keep ROS 2's names and constants.
#include <gtest/gtest.h>

#include <action_msgs/msg/GoalStatusArray.hpp>
#include <action_msgs/srv/CancelGoal.hpp>
#include <example_interfaces/action/Fibonacci.hpp>
#include <type_traits>

#include "descriptor_matches.hpp"

TEST(ActionLayout, FibonacciTypesMatchTheirDescriptors) {
  using F = example_interfaces::action::Fibonacci;
  expect_descriptor_matches_struct<F::Goal>();
  expect_descriptor_matches_struct<F::Result>();
  expect_descriptor_matches_struct<F::Feedback>();
  expect_descriptor_matches_struct<F::Impl::SendGoalService::Request>();
  expect_descriptor_matches_struct<F::Impl::SendGoalService::Response>();
  expect_descriptor_matches_struct<F::Impl::GetResultService::Request>();
  expect_descriptor_matches_struct<F::Impl::GetResultService::Response>();
  expect_descriptor_matches_struct<F::Impl::FeedbackMessage>();
  EXPECT_STREQ(F::kTypeName, "example_interfaces/action/Fibonacci");
  EXPECT_STREQ(F::Goal::kTypeName, "example_interfaces/action/Fibonacci_Goal");
  EXPECT_STREQ(F::Impl::SendGoalService::kTypeName, "example_interfaces/action/Fibonacci_SendGoal");
  // int32[] sequence with example_interfaces' default capacity (64).
  EXPECT_EQ(F::Result().sequence.capacity(), 64u);
  EXPECT_EQ(offsetof(F::Impl::SendGoalService::Request, goal), 16u);
  EXPECT_EQ(offsetof(F::Impl::FeedbackMessage, feedback), 16u);
  static_assert(std::is_same_v<decltype(F::Impl::SendGoalService::Request::goal), F::Goal>);
  static_assert(std::is_same_v<decltype(F::Impl::GetResultService::Response::result), F::Result>);
  static_assert(std::is_same_v<F::Impl::CancelGoalService, action_msgs::srv::CancelGoal>);
}

TEST(ActionLayout, ActionMsgsKeepRos2NamesAndConstants) {
  using action_msgs::msg::GoalStatus;
  expect_descriptor_matches_struct<action_msgs::msg::GoalInfo>();
  expect_descriptor_matches_struct<GoalStatus>();
  expect_descriptor_matches_struct<action_msgs::msg::GoalStatusArray>();
  expect_descriptor_matches_struct<action_msgs::srv::CancelGoal::Request>();
  expect_descriptor_matches_struct<action_msgs::srv::CancelGoal::Response>();
  EXPECT_EQ(GoalStatus::STATUS_UNKNOWN, 0);
  EXPECT_EQ(GoalStatus::STATUS_ACCEPTED, 1);
  EXPECT_EQ(GoalStatus::STATUS_EXECUTING, 2);
  EXPECT_EQ(GoalStatus::STATUS_CANCELING, 3);
  EXPECT_EQ(GoalStatus::STATUS_SUCCEEDED, 4);
  EXPECT_EQ(GoalStatus::STATUS_CANCELED, 5);
  EXPECT_EQ(GoalStatus::STATUS_ABORTED, 6);
  EXPECT_EQ(action_msgs::srv::CancelGoal::Response::ERROR_GOAL_TERMINATED, 3);
  EXPECT_EQ(action_msgs::msg::GoalStatusArray().status_list.capacity(), 256u);  // dmxp_package.yaml
  EXPECT_EQ(sizeof(action_msgs::msg::GoalInfo), 24u);  // UUID (16) + Time (8)
}
