#include "go_to_goal.hpp"

#include <cmath>

namespace dmxp_nodes {

GoToGoal::GoToGoal(dmxp::rt::Node& node, std::function<bool(double, double)> accepts,
                   std::function<void(double, double)> set_target, double feedback_hz)
    : accepts_(std::move(accepts)),
      set_target_(std::move(set_target)),
      feedback_period_ns_(int64_t(1e9 / feedback_hz)) {
  server_ = dmxp::rt::create_action_server<Action>(
                node, "go_to_goal",
                [this](const dmxp::rt::GoalUUID&, const Action::Goal& g) {
                  const auto& p = g.target.pose.position;
                  bool ok = std::isfinite(p.x) && std::isfinite(p.y) && accepts_(p.x, p.y);
                  return ok ? dmxp::rt::GoalResponse::ACCEPT_AND_EXECUTE : dmxp::rt::GoalResponse::REJECT;
                },
                [](const Handle&) { return dmxp::rt::CancelResponse::ACCEPT; },
                [this](const Handle& h) {
                  if (active_) {  // replaced: it ends where the robot is now
                    Action::Result r = result_at(pose_, (pose_.translation().head<2>() - target_).norm(), false);
                    (void)active_->abort(r);
                  }
                  const Action::Goal& g = h->goal();
                  active_ = h;
                  target_ = {g.target.pose.position.x, g.target.pose.position.y};
                  tolerance_ = g.tolerance > 0 ? g.tolerance : 0.3;
                  max_duration_s_ = g.max_duration;
                  started_ns_ = -1;
                  next_feedback_ns_ = 0;
                  set_target_(target_.x(), target_.y());
                })
                .value();
}

GoToGoal::Action::Result GoToGoal::result_at(const Eigen::Isometry3d& pose, double distance,
                                            bool success) const {
  Action::Result r;
  r.success = success;
  r.final_pose.position.eigen() = pose.translation();
  r.final_pose.orientation.eigen() = Eigen::Quaterniond(pose.rotation());
  r.distance_remaining = distance;
  return r;
}

void GoToGoal::on_pose(const Eigen::Isometry3d& pose, int64_t now_ns) {
  pose_ = pose;
  if (!active_) return;
  if (started_ns_ < 0) {
    started_ns_ = now_ns;
    deadline_ns_ = max_duration_s_ > 0 ? now_ns + int64_t(max_duration_s_ * 1e9) : 0;
  }
  double distance = (pose.translation().head<2>() - target_).norm();
  Handle goal = active_;
  if (goal->is_canceling()) {
    active_.reset();
    (void)goal->canceled(result_at(pose, distance, false));
    return;
  }
  if (distance <= tolerance_ || (deadline_ns_ && now_ns >= deadline_ns_)) {
    active_.reset();
    Action::Result r = result_at(pose, distance, distance <= tolerance_);
    (void)(r.success ? goal->succeed(r) : goal->abort(r));
    return;
  }
  if (now_ns < next_feedback_ns_) return;
  next_feedback_ns_ = now_ns + feedback_period_ns_;
  Action::Feedback fb;
  fb.distance_remaining = distance;
  fb.current_pose.position.eigen() = pose.translation();
  fb.current_pose.orientation.eigen() = Eigen::Quaterniond(pose.rotation());
  (void)goal->publish_feedback(fb);
}

}  // namespace dmxp_nodes
