#include "world.hpp"

#include <cmath>
#include <limits>

namespace dmxp_nodes {

double World::raycast(const Eigen::Vector2d& o, const Eigen::Vector2d& d) const {
  double best = std::numeric_limits<double>::infinity();
  // Walls: the ray leaves the box [-h, h]^2 through one of its sides.
  for (int axis = 0; axis < 2; ++axis) {
    if (d[axis] == 0) continue;
    double wall = d[axis] > 0 ? half_size : -half_size;
    double t = (wall - o[axis]) / d[axis];
    if (t > 0) best = std::min(best, t);
  }
  // Circles: the smaller positive root of |o + t d - c|^2 = r^2.
  for (const Circle& c : obstacles) {
    Eigen::Vector2d oc = o - c.center;
    double b = oc.dot(d), cc = oc.squaredNorm() - c.radius * c.radius;
    double disc = b * b - cc;
    if (disc < 0) continue;
    double s = std::sqrt(disc);
    double t = -b - s;
    if (t <= 0) t = -b + s;  // inside the circle
    if (t > 0) best = std::min(best, t);
  }
  return best;
}

std::vector<Circle> World::circles_from(const std::vector<double>& flat) {
  std::vector<Circle> out;
  for (size_t i = 0; i + 2 < flat.size(); i += 3) out.push_back({{flat[i], flat[i + 1]}, flat[i + 2]});
  return out;
}

}  // namespace dmxp_nodes
