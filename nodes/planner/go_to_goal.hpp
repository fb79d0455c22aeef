// go_to_goal.hpp - the planner's action "go_to_goal" (dmxp_nodes_msgs/action/GoToGoal): a
// goal moves the planner's target; every odometry update measures the distance left,
// publishes it as feedback (at most feedback_hz), and ends the goal: SUCCEEDED within the
// goal's tolerance, ABORTED after its max_duration or when a newer goal replaces it,
// CANCELED on a cancel request. Everything runs on the planner's executor; there is at most
// one active goal.
#pragma once

#include <dmxp_nodes_msgs/action/GoToGoal.hpp>

#include <Eigen/Geometry>
#include <functional>
#include <memory>

#include "dmxp/rt/action.hpp"

namespace dmxp_nodes {

class GoToGoal {
 public:
  using Action = dmxp_nodes_msgs::action::GoToGoal;
  using Handle = std::shared_ptr<dmxp::rt::ServerGoalHandle<Action>>;
  // set_target(x, y) moves the planner's goal (the planner rejects a target off its grid
  // through accepts(x, y)).
  GoToGoal(dmxp::rt::Node& node, std::function<bool(double, double)> accepts,
           std::function<void(double, double)> set_target, double feedback_hz);
  // The robot's latest pose (odometry frame), with the time it was measured (monotonic ns).
  void on_pose(const Eigen::Isometry3d& pose, int64_t now_ns);

 private:
  void end(Action::Result result, bool canceled);
  Action::Result result_at(const Eigen::Isometry3d& pose, double distance, bool success) const;

  std::function<bool(double, double)> accepts_;
  std::function<void(double, double)> set_target_;
  int64_t feedback_period_ns_;
  Handle active_;
  Eigen::Vector2d target_ = Eigen::Vector2d::Zero();
  double tolerance_ = 0.3;
  int64_t deadline_ns_ = 0;        // 0: none
  int64_t next_feedback_ns_ = 0;
  int64_t started_ns_ = -1;        // set by the first pose after acceptance
  double max_duration_s_ = 0;
  Eigen::Isometry3d pose_ = Eigen::Isometry3d::Identity();
  dmxp::rt::ActionServer<Action> server_;
};

}  // namespace dmxp_nodes
