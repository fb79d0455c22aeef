// odometry - integrates sensor_msgs/Imu into nav_msgs/Odometry (strapdown, core/
// imu_integrator.hpp), reading the IMU sample in place and writing the odometry in place,
// both through Eigen maps of the slot memory.
//
// Parameters: frame_id ("odom"), child_frame_id ("base_link"), publish_tf (true: the same
// pose as the transform frame_id -> child_frame_id on /tf, docs/tf.md). Topics: "imu" in,
// "odom" out.
#include <nav_msgs/msg/Odometry.hpp>
#include <optional>
#include <sensor_msgs/msg/Imu.hpp>

#include "../common/stamp.hpp"
#include "../core/imu_integrator.hpp"
#include "dmxp/rt/component.hpp"
#include "dmxp/tf/transform_broadcaster.hpp"

namespace dmxp_nodes {

using nav_msgs::msg::Odometry;
using sensor_msgs::msg::Imu;

class OdometryNode : public dmxp::rt::Node {
 public:
  explicit OdometryNode(const dmxp::rt::NodeOptions& o) : Node("odometry", o) {
    frame_ = frame_parameter(*this, "frame_id", "odom");
    child_ = frame_parameter(*this, "child_frame_id", "base_link");
    pub_ = create_publisher<Odometry>("odom", dmxp::rt::QoS(16)).value();
    if (declare_parameter("publish_tf", true)) tf_.emplace(*this);
    sub_ = create_subscription<Imu>("imu", dmxp::rt::QoS(64), [this](const Imu& m) { on_imu(m); }).value();
  }

 private:
  void on_imu(const Imu& imu) {
    int64_t t = stamp_ns(imu.header.stamp);
    Eigen::Vector3d gyro = imu.angular_velocity.eigen();
    Eigen::Vector3d force = imu.linear_acceleration.eigen();
    if (last_ns_ == 0) {
      // Start from the IMU's own attitude estimate when it gives one.
      Eigen::Quaterniond q0 = imu.orientation.eigen();
      integrator_.reset(q0.norm() > 0.5 ? q0 : Eigen::Quaterniond::Identity());
    } else {
      integrator_.update(gyro, force, double(t - last_ns_) * 1e-9);
    }
    last_ns_ = t;
    auto out = pub_.loan();
    if (!out) return;
    out->header.stamp = imu.header.stamp;
    (void)out->header.frame_id.try_assign(frame_);  // checked at start-up
    (void)out->child_frame_id.try_assign(child_);  // checked at start-up
    out->pose.pose.position.eigen() = integrator_.position();
    out->pose.pose.orientation.eigen() = integrator_.orientation();
    // Twist in the child (body) frame.
    out->twist.twist.linear.eigen() = integrator_.orientation().conjugate() * integrator_.velocity();
    out->twist.twist.angular.eigen() = integrator_.angular_velocity();
    // Dead reckoning: the position uncertainty grows with time; a crude, honest diagonal.
    double age = double(t - first_ns()) * 1e-9;
    out->pose.covariance_eigen().setZero();
    out->pose.covariance_eigen().diagonal().head<3>().setConstant(0.01 * age * age);
    out->pose.covariance_eigen().diagonal().tail<3>().setConstant(1e-4 * age);
    out->twist.covariance_eigen().setIdentity();
    out->twist.covariance_eigen() *= 1e-3;
    pub_.publish(std::move(out));
    if (tf_) {
      Eigen::Isometry3d pose = Eigen::Translation3d(integrator_.position()) * integrator_.orientation();
      tf_->send_transform({t, frame_, child_, pose});
    }
  }
  int64_t first_ns() {
    if (first_ns_ == 0) first_ns_ = last_ns_;
    return first_ns_;
  }

  ImuIntegrator integrator_;
  int64_t last_ns_ = 0, first_ns_ = 0;
  std::string frame_, child_;
  dmxp::rt::Publisher<Odometry> pub_;
  dmxp::rt::Subscription<Imu> sub_;
  std::optional<dmxp::tf::TransformBroadcaster> tf_;
};

}  // namespace dmxp_nodes

DMXP_REGISTER_COMPONENT(dmxp_nodes::OdometryNode)
