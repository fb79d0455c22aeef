// world.hpp - the simulated world the lidar sees: a square room and round obstacles.
#pragma once

#include <Eigen/Core>
#include <vector>

namespace dmxp_nodes {

struct Circle {
  Eigen::Vector2d center;
  double radius;
};

struct World {
  double half_size = 10.0;  // walls at x, y = +-half_size [m]
  std::vector<Circle> obstacles;

  // Distance along the unit direction dir from origin to the first wall or obstacle.
  double raycast(const Eigen::Vector2d& origin, const Eigen::Vector2d& dir) const;
  // Obstacles from a flat [x, y, r, x, y, r, ...] list (parameters); extra values ignored.
  static std::vector<Circle> circles_from(const std::vector<double>& flat);
};

}  // namespace dmxp_nodes
