#include "imu_integrator.hpp"

#include "motion_model.hpp"

namespace dmxp_nodes {

void ImuIntegrator::reset(const Eigen::Quaterniond& q, const Eigen::Vector3d& p, const Eigen::Vector3d& v) {
  q_ = q.normalized();
  p_ = p;
  v_ = v;
  w_.setZero();
  have_last_ = false;
}

void ImuIntegrator::update(const Eigen::Vector3d& gyro, const Eigen::Vector3d& f, double dt) {
  if (dt <= 0) return;
  const Eigen::Vector3d g(0, 0, kGravity);
  Eigen::Quaterniond q0 = q_;
  double angle = gyro.norm() * dt;
  if (angle > 0) q_ = (q_ * Eigen::Quaterniond(Eigen::AngleAxisd(angle, gyro.normalized()))).normalized();
  // World-frame acceleration at both ends of the step (each with its own attitude).
  Eigen::Vector3d a1 = q_ * f - g;
  Eigen::Vector3d a0 = have_last_ ? last_accel_ : Eigen::Vector3d(q0 * f - g);
  Eigen::Vector3d a = 0.5 * (a0 + a1);
  p_ += v_ * dt + 0.5 * a * dt * dt;
  v_ += a * dt;
  last_accel_ = a1;
  have_last_ = true;
  w_ = gyro;
}

}  // namespace dmxp_nodes
