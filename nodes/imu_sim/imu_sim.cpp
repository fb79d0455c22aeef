// imu_sim - publishes sensor_msgs/Imu sampled from the simulated robot's motion
// (core/motion_model.hpp), with optional white noise.
//
// Parameters: rate_hz (200.0), accel (0.5), v_max (1.0), yaw_rate (0.2), noise_std (0.0),
// frame_id ("imu"). Topic: "imu" (reliable, depth 64).
#include <sensor_msgs/msg/Imu.hpp>

#include <random>

#include "../common/stamp.hpp"
#include "../core/motion_model.hpp"
#include "dmxp/rt/component.hpp"

namespace dmxp_nodes {

using sensor_msgs::msg::Imu;

class ImuSim : public dmxp::rt::Node {
 public:
  explicit ImuSim(const dmxp::rt::NodeOptions& o) : Node("imu_sim", o) {
    double rate = declare_parameter("rate_hz", 200.0);
    model_.accel = declare_parameter("accel", 0.5);
    model_.v_max = declare_parameter("v_max", 1.0);
    model_.yaw_rate = declare_parameter("yaw_rate", 0.2);
    noise_ = std::normal_distribution<double>(0.0, declare_parameter("noise_std", 0.0));
    frame_ = frame_parameter(*this, "frame_id", "imu");
    pub_ = create_publisher<Imu>("imu", dmxp::rt::QoS(64)).value();
    start_ns_ = realtime_ns();
    timer_ = create_timer(std::chrono::nanoseconds(int64_t(1e9 / rate)), [this] { tick(); });
    logger().info("IMU at {} Hz, yaw rate {} rad/s", rate, model_.yaw_rate);
  }

 private:
  void tick() {
    int64_t now = realtime_ns();
    MotionModel::State s = model_.at(double(now - start_ns_) * 1e-9);
    auto msg = pub_.loan();
    if (!msg) return;
    set_stamp(msg->header.stamp, now);
    (void)msg->header.frame_id.try_assign(frame_);  // checked at start-up
    msg->orientation.eigen() = s.orientation;  // a Map<Quaterniond> over x, y, z, w
    msg->angular_velocity.eigen() = s.gyro + noise();
    msg->linear_acceleration.eigen() = s.specific_force + noise();
    double var = noise_.stddev() * noise_.stddev();
    msg->angular_velocity_covariance_eigen() = Eigen::Matrix3d::Identity() * var;
    msg->linear_acceleration_covariance_eigen() = Eigen::Matrix3d::Identity() * var;
    msg->orientation_covariance_eigen().setZero();
    pub_.publish(std::move(msg));
  }
  Eigen::Vector3d noise() {
    if (noise_.stddev() == 0) return Eigen::Vector3d::Zero();
    return {noise_(rng_), noise_(rng_), noise_(rng_)};
  }

  MotionModel model_;
  std::normal_distribution<double> noise_;
  std::mt19937_64 rng_{42};
  std::string frame_;
  int64_t start_ns_ = 0;
  dmxp::rt::Publisher<Imu> pub_;
  dmxp::rt::Timer timer_;
};

}  // namespace dmxp_nodes

DMXP_REGISTER_COMPONENT(dmxp_nodes::ImuSim)
