// The controller's steering law (nodes/core/pure_pursuit.hpp): straight ahead, turns to
// the correct side with the curvature 2y/d^2, slows for sharp turns, turns in place towards a
// point behind, stops at the goal.
#include <gtest/gtest.h>

#include <cmath>

#include "core/pure_pursuit.hpp"

namespace {

using dmxp_nodes::pure_pursuit;
using dmxp_nodes::PursuitLimits;

std::vector<Eigen::Vector2d> line(Eigen::Vector2d from, Eigen::Vector2d to, int n) {
  std::vector<Eigen::Vector2d> w;
  for (int i = 0; i <= n; ++i) w.push_back(from + (to - from) * double(i) / n);
  return w;
}

TEST(PurePursuit, DrivesStraightAlongAStraightPath) {
  auto c = pure_pursuit(line({0, 0}, {5, 0}, 50), Eigen::Isometry3d::Identity(), PursuitLimits{});
  EXPECT_DOUBLE_EQ(c.linear, 1.0);
  EXPECT_NEAR(c.angular, 0.0, 1e-12);
  EXPECT_FALSE(c.arrived);
}

TEST(PurePursuit, CurvatureTowardsTheAimPoint) {
  // Aim point (1, 1) in the robot's frame: d^2 = 2, curvature 2 * 1 / 2 = 1 (left turn).
  PursuitLimits lim;
  lim.lookahead = std::sqrt(2.0);
  lim.max_yaw_rate = 10;
  auto c = pure_pursuit({{1, 1}, {2, 2}}, Eigen::Isometry3d::Identity(), lim);
  EXPECT_NEAR(c.angular, 1.0, 1e-12);
  // The same point seen from a robot turned by 90 degrees is to its right.
  Eigen::Isometry3d facing_up = Eigen::Isometry3d::Identity();
  facing_up.rotate(Eigen::AngleAxisd(M_PI / 2, Eigen::Vector3d::UnitZ()));
  c = pure_pursuit({{1, 1}, {2, 2}}, facing_up, lim);
  EXPECT_NEAR(c.angular, -1.0, 1e-12);
}

TEST(PurePursuit, SlowsDownToKeepTheYawRateLimit) {
  PursuitLimits lim;
  lim.lookahead = 0.5;
  lim.max_yaw_rate = 0.5;
  auto c = pure_pursuit({{0, 0.5}, {0, 1}}, Eigen::Isometry3d::Identity(), lim);  // curvature 4
  EXPECT_NEAR(c.angular, 0.5, 1e-12);
  EXPECT_NEAR(c.linear, 0.125, 1e-12);
}

TEST(PurePursuit, TurnsInPlaceTowardsAPointBehindAndStopsAtTheGoal) {
  auto c = pure_pursuit({{-3, -1}}, Eigen::Isometry3d::Identity(), PursuitLimits{});
  EXPECT_EQ(c.linear, 0.0);
  EXPECT_LT(c.angular, 0.0);
  c = pure_pursuit({{0.1, 0}}, Eigen::Isometry3d::Identity(), PursuitLimits{});
  EXPECT_TRUE(c.arrived);
  EXPECT_EQ(c.linear, 0.0);
  EXPECT_EQ(c.angular, 0.0);
  EXPECT_EQ(pure_pursuit({}, Eigen::Isometry3d::Identity(), PursuitLimits{}).linear, 0.0);
}

}  // namespace
