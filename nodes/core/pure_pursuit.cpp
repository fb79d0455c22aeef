#include "pure_pursuit.hpp"

#include <algorithm>
#include <cmath>

namespace dmxp_nodes {

PursuitCommand pure_pursuit(const std::vector<Eigen::Vector2d>& waypoints, const Eigen::Isometry3d& pose,
                            const PursuitLimits& limits) {
  PursuitCommand cmd;
  if (waypoints.empty()) return cmd;
  Eigen::Vector2d robot = pose.translation().head<2>();
  if ((waypoints.back() - robot).norm() < limits.goal_tolerance) {
    cmd.arrived = true;
    return cmd;
  }
  // The first waypoint at least one look-ahead away, else the goal.
  Eigen::Vector2d aim = waypoints.back();
  for (const auto& w : waypoints)
    if ((w - robot).norm() >= limits.lookahead) {
      aim = w;
      break;
    }
  Eigen::Vector3d local = pose.inverse() * Eigen::Vector3d(aim.x(), aim.y(), 0.0);
  double d2 = local.head<2>().squaredNorm();
  double curvature = d2 > 1e-9 ? 2.0 * local.y() / d2 : 0.0;
  // Slow down for sharp turns so the yaw rate limit holds.
  double speed = limits.max_speed;
  if (std::abs(curvature) * speed > limits.max_yaw_rate) speed = limits.max_yaw_rate / std::abs(curvature);
  // An aim point behind the robot: turn in place towards it.
  if (local.x() < 0) speed = 0;
  cmd.linear = speed;
  cmd.angular = speed > 0 ? speed * curvature : std::copysign(limits.max_yaw_rate, local.y());
  return cmd;
}

}  // namespace dmxp_nodes
