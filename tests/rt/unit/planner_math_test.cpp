// The maths of the reusable nodes: IMU integration against the motion model's ground truth,
// ray casting, and A* around inflated obstacles.
#include <gtest/gtest.h>

#include <cmath>

#include "core/grid_planner.hpp"
#include "core/imu_integrator.hpp"
#include "core/motion_model.hpp"
#include "core/scan_shapes.hpp"
#include "core/world.hpp"

using namespace dmxp_nodes;

TEST(ImuIntegrator, FollowsTheSimulatedRobotFromIdealSamples) {
  MotionModel model;
  ImuIntegrator integ;
  integ.reset(model.at(0).orientation);
  const double dt = 1.0 / 200;
  for (int i = 1; i <= 2000; ++i) {  // 10 s: accelerate for 2 s, then cruise on a circle
    MotionModel::State s = model.at(i * dt);
    integ.update(s.gyro, s.specific_force, dt);
  }
  MotionModel::State truth = model.at(10.0);
  EXPECT_LT((integ.position() - truth.position).norm(), 0.05) << integ.position().transpose();
  EXPECT_LT((integ.velocity() - truth.velocity).norm(), 0.01);
  EXPECT_LT(integ.orientation().angularDistance(truth.orientation), 1e-6);
  EXPECT_NEAR(truth.position.norm(), (truth.position - Eigen::Vector3d::Zero()).norm(), 1e-12);
  EXPECT_GT(truth.position.norm(), 5.0);  // it really moved
}

TEST(World, RaycastsWallsAndCircles) {
  World w;
  w.half_size = 10;
  w.obstacles = World::circles_from({4, 0, 1, 0, 5, 2, 99});  // trailing value ignored
  ASSERT_EQ(w.obstacles.size(), 2u);
  EXPECT_NEAR(w.raycast({0, 0}, {1, 0}), 3.0, 1e-12);   // circle at x=4, r=1
  EXPECT_NEAR(w.raycast({0, 0}, {0, 1}), 3.0, 1e-12);   // circle at y=5, r=2
  EXPECT_NEAR(w.raycast({0, 0}, {-1, 0}), 10.0, 1e-12); // wall
  EXPECT_NEAR(w.raycast({4, 0}, {1, 0}), 1.0, 1e-12);   // from inside a circle
  Eigen::Vector2d diag = Eigen::Vector2d(-1, -1).normalized();
  EXPECT_NEAR(w.raycast({0, 0}, diag), 10.0 * std::sqrt(2.0), 1e-9);
}

TEST(GridPlanner, PlansAroundInflatedObstacles) {
  GridPlanner g({0, 0}, 10, 0.1);
  World w;
  w.obstacles = {{{4, 0}, 1.0}};
  // Obstacle points as a lidar would see them: the circle's boundary.
  for (int i = 0; i < 360; ++i) {
    double a = i * M_PI / 180;
    g.add_obstacle(Eigen::Vector2d(4 + std::cos(a), std::sin(a)), 0.3);
  }
  auto path = g.plan({0, 0}, {8, 0});
  ASSERT_GE(path.size(), 2u);
  EXPECT_EQ(path.front(), Eigen::Vector2d(0, 0));
  EXPECT_EQ(path.back(), Eigen::Vector2d(8, 0));
  double length = 0;
  for (size_t i = 0; i < path.size(); ++i) {
    EXPECT_GT((path[i] - Eigen::Vector2d(4, 0)).norm(), 1.0 + 0.3 - 0.1) << "waypoint " << i;
    if (i) {
      // Neighbouring cells; the ends are the exact start and goal, not cell centres.
      bool end = i == 1 || i + 1 == path.size();
      EXPECT_LE((path[i] - path[i - 1]).norm(), 0.1 * std::sqrt(2.0) * (end ? 1.5 : 1.0) + 1e-9);
      length += (path[i] - path[i - 1]).norm();
    }
  }
  EXPECT_GT(length, 8.0);   // it went around
  EXPECT_LT(length, 10.5);  // and not far around
}

TEST(GridPlanner, ReportsNoPathWhenTheGoalIsWalledIn) {
  GridPlanner g({0, 0}, 5, 0.1);
  for (int i = 0; i < 720; ++i) {
    double a = i * M_PI / 360;
    g.add_obstacle(Eigen::Vector2d(3 + 1.0 * std::cos(a), 1.0 * std::sin(a)), 0.2);
  }
  EXPECT_TRUE(g.plan({0, 0}, {3, 0}).empty());      // inside the ring
  EXPECT_TRUE(g.plan({0, 0}, {30, 0}).empty());     // outside the grid
  EXPECT_TRUE(g.plan({0, 0}, {3, 1}).empty());      // on the ring
  EXPECT_FALSE(g.plan({0, 0}, {-3, 0}).empty());
}

TEST(ScanShapes, ClustersAtGapsAndFitsCirclesToArcs) {
  std::vector<Eigen::Vector2d> pts;
  for (int i = -30; i <= 30; i += 2) {  // the front arc of a pillar at (4, 1), r = 0.8
    double a = M_PI + i * M_PI / 180;
    pts.emplace_back(4 + 0.8 * std::cos(a), 1 + 0.8 * std::sin(a));
  }
  for (int i = 0; i < 20; ++i) pts.emplace_back(10.0, -5 + 0.1 * i);  // a wall, far away
  auto clusters = cluster_points(pts, 0.3);
  ASSERT_EQ(clusters.size(), 2u);
  auto c = fit_circle(clusters[0], 2.0, 0.01);
  ASSERT_TRUE(c);
  EXPECT_NEAR(c->center.x(), 4.0, 1e-9);
  EXPECT_NEAR(c->center.y(), 1.0, 1e-9);
  EXPECT_NEAR(c->radius, 0.8, 1e-9);
  EXPECT_FALSE(fit_circle(clusters[1], 2.0, 0.01));  // a line is no small circle
  EXPECT_FALSE(fit_circle({{0, 0}, {1, 1}}, 2.0, 0.01));  // too few points
}
