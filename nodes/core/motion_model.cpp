#include "motion_model.hpp"

#include <algorithm>
#include <cmath>

namespace dmxp_nodes {

MotionModel::State MotionModel::at(double t) const {
  State s;
  auto speed = [&](double u) { return std::min(accel * u, v_max); };
  double yaw = yaw_rate * t;
  // Position: integrate speed * heading with a fine midpoint rule (no closed form once the
  // speed saturates while turning).
  const int steps = std::max(1, int(t * 1000));
  double h = t / steps, x = 0, y = 0;
  for (int i = 0; i < steps; ++i) {
    double u = (i + 0.5) * h;
    x += speed(u) * std::cos(yaw_rate * u) * h;
    y += speed(u) * std::sin(yaw_rate * u) * h;
  }
  double v = speed(t);
  double dv = accel * t < v_max ? accel : 0.0;
  s.position = {x, y, 0};
  s.orientation = Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ());
  s.velocity = {v * std::cos(yaw), v * std::sin(yaw), 0};
  s.gyro = {0, 0, yaw_rate};
  // Body frame: tangential acceleration along x, centripetal along y, and the floor pushing
  // up against gravity along z.
  s.specific_force = {dv, v * yaw_rate, kGravity};
  return s;
}

}  // namespace dmxp_nodes
