// motion_model.hpp - the simulated robot's ground truth: it accelerates along its heading to
// a cruise speed while turning at a constant yaw rate, on a flat floor. The IMU simulator
// samples it; the odometry test compares against it.
#pragma once

#include <Eigen/Geometry>

namespace dmxp_nodes {

struct MotionModel {
  double accel = 0.5;     // m/s^2 until cruise speed
  double v_max = 1.0;     // m/s
  double yaw_rate = 0.2;  // rad/s

  struct State {
    Eigen::Vector3d position;        // world frame [m]
    Eigen::Quaterniond orientation;  // body to world
    Eigen::Vector3d velocity;        // world frame [m/s]
    Eigen::Vector3d gyro;            // body frame angular velocity [rad/s]
    Eigen::Vector3d specific_force;  // body frame, what an accelerometer reads [m/s^2]
  };
  // Exact state at t seconds (the position is integrated numerically with a fine step).
  State at(double t) const;
};

inline constexpr double kGravity = 9.80665;

}  // namespace dmxp_nodes
