// imu_integrator.hpp - strapdown integration of IMU samples into a pose and velocity:
// orientation by the exponential map of the gyro rate, position by the accelerometer's
// specific force rotated to the world frame, minus gravity (trapezoidal in acceleration).
#pragma once

#include <Eigen/Geometry>

namespace dmxp_nodes {

class ImuIntegrator {
 public:
  void reset(const Eigen::Quaterniond& orientation = Eigen::Quaterniond::Identity(),
             const Eigen::Vector3d& position = Eigen::Vector3d::Zero(),
             const Eigen::Vector3d& velocity = Eigen::Vector3d::Zero());
  // gyro [rad/s] and specific force [m/s^2] in the body frame, held over dt seconds.
  void update(const Eigen::Vector3d& gyro, const Eigen::Vector3d& specific_force, double dt);

  const Eigen::Quaterniond& orientation() const { return q_; }
  const Eigen::Vector3d& position() const { return p_; }
  const Eigen::Vector3d& velocity() const { return v_; }
  const Eigen::Vector3d& angular_velocity() const { return w_; }

 private:
  Eigen::Quaterniond q_ = Eigen::Quaterniond::Identity();
  Eigen::Vector3d p_ = Eigen::Vector3d::Zero(), v_ = Eigen::Vector3d::Zero(), w_ = Eigen::Vector3d::Zero();
  Eigen::Vector3d last_accel_ = Eigen::Vector3d::Zero();
  bool have_last_ = false;
};

}  // namespace dmxp_nodes
