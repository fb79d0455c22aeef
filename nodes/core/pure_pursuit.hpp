// pure_pursuit.hpp - the controller's steering law: follow a path by aiming at the point
// one look-ahead distance along it, on the circle through the robot tangent to its heading.
// The curvature of that circle is 2 * y / d^2 with (x, y) the aim point in the robot's frame
// and d its distance; the angular rate is the speed times the curvature.
#pragma once

#include <Eigen/Geometry>
#include <vector>

namespace dmxp_nodes {

struct PursuitCommand {
  double linear = 0;   // m/s along the robot's x axis
  double angular = 0;  // rad/s about z
  bool arrived = false;
};

struct PursuitLimits {
  double lookahead = 1.0;   // m
  double max_speed = 1.0;   // m/s
  double max_yaw_rate = 1.5;
  double goal_tolerance = 0.2;
};

// `waypoints` in the world frame, from the robot towards the goal; `pose` the robot's pose.
PursuitCommand pure_pursuit(const std::vector<Eigen::Vector2d>& waypoints, const Eigen::Isometry3d& pose,
                            const PursuitLimits& limits);

}  // namespace dmxp_nodes
