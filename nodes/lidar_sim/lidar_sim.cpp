// lidar_sim - publishes sensor_msgs/LaserScan by ray casting a simulated room with round
// obstacles (core/world.hpp) from the robot's pose, taken from "odom" when it is published.
// The ranges are written straight into the loaned slot.
//
// Parameters: rate_hz (10.0), rays (720, at most 8192), range_max (30.0), frame_id ("laser"),
// room_half_size (10.0), obstacles ([x, y, r, ...], default three pillars).
// Topics: "scan" out (best effort, depth 4), "odom" in.
#include <nav_msgs/msg/Odometry.hpp>
#include <sensor_msgs/msg/LaserScan.hpp>

#include <cmath>
#include <numbers>

#include "../common/stamp.hpp"
#include "../core/world.hpp"
#include "dmxp/rt/component.hpp"

namespace dmxp_nodes {

using nav_msgs::msg::Odometry;
using sensor_msgs::msg::LaserScan;

class LidarSim : public dmxp::rt::Node {
 public:
  explicit LidarSim(const dmxp::rt::NodeOptions& o) : Node("lidar_sim", o) {
    double rate = declare_parameter("rate_hz", 10.0);
    rays_ = uint32_t(std::clamp<int64_t>(declare_parameter("rays", int64_t(720)), 1, 8192));
    range_max_ = declare_parameter("range_max", 30.0);
    frame_ = frame_parameter(*this, "frame_id", "laser");
    world_.half_size = declare_parameter("room_half_size", 10.0);
    world_.obstacles = World::circles_from(declare_parameter(
        "obstacles", std::vector<double>{4.0, 0.0, 1.0, 6.0, 3.0, 0.8, 2.0, -3.0, 0.5}));
    pub_ = create_publisher<LaserScan>("scan", dmxp::rt::QoS(4).best_effort()).value();
    odom_ = create_subscription<Odometry>("odom", dmxp::rt::QoS(4).best_effort(), [this](const Odometry& m) {
      pose_ = {m.pose.pose.position.x, m.pose.pose.position.y};
      Eigen::Quaterniond q = m.pose.pose.orientation.eigen();
      yaw_ = std::atan2(2 * (q.w() * q.z() + q.x() * q.y()), 1 - 2 * (q.y() * q.y() + q.z() * q.z()));
    }).value();
    period_s_ = 1.0 / rate;
    timer_ = create_timer(std::chrono::nanoseconds(int64_t(1e9 / rate)), [this] { scan(); });
    logger().info("{} rays at {} Hz, {} obstacles", rays_, rate, world_.obstacles.size());
  }

 private:
  void scan() {
    auto msg = pub_.loan();
    if (!msg) return;
    set_stamp(msg->header.stamp, realtime_ns());
    (void)msg->header.frame_id.try_assign(frame_);  // checked at start-up
    const double pi = std::numbers::pi;
    msg->angle_min = float(-pi);
    msg->angle_increment = float(2 * pi / rays_);
    msg->angle_max = float(-pi + (rays_ - 1) * 2 * pi / rays_);
    msg->time_increment = float(period_s_ / rays_);
    msg->scan_time = float(period_s_);
    msg->range_min = 0.05f;
    msg->range_max = float(range_max_);
    msg->ranges.resize(rays_);  // claims room in the slot; every element is written below
    msg->intensities.resize(0);
    for (uint32_t i = 0; i < rays_; ++i) {
      double a = yaw_ + msg->angle_min + i * double(msg->angle_increment);
      double r = world_.raycast(pose_, {std::cos(a), std::sin(a)});
      msg->ranges[i] = r <= range_max_ ? float(r) : std::numeric_limits<float>::infinity();
    }
    pub_.publish(std::move(msg));
  }

  World world_;
  uint32_t rays_;
  double range_max_, period_s_;
  std::string frame_;
  Eigen::Vector2d pose_ = Eigen::Vector2d::Zero();
  double yaw_ = 0;
  dmxp::rt::Publisher<LaserScan> pub_;
  dmxp::rt::Subscription<Odometry> odom_;
  dmxp::rt::Timer timer_;
};

}  // namespace dmxp_nodes

DMXP_REGISTER_COMPONENT(dmxp_nodes::LidarSim)
