// controller - follows the planner's path: on every odometry message it runs pure pursuit
// (core/pure_pursuit.hpp, Eigen) over the latest path and publishes a geometry_msgs/Twist on
// "cmd_vel". It also measures the graph's end-to-end latency: each path carries the stamp of
// the scan it was planned from, so (command publish time - that stamp) is lidar to
// command through planner and controller; percentiles are published every report period on
// "~/latency" (dmxp_nodes_msgs/LatencyReport) and logged.
//
// Parameters: lookahead (1.0 m), max_speed (1.0 m/s), max_yaw_rate (1.5 rad/s),
// goal_tolerance (0.2 m), report_period_s (1.0).
// Topics: "path" (nav_msgs/Path) and "odom" (nav_msgs/Odometry) in; "cmd_vel" out.
#include <dmxp_nodes_msgs/msg/LatencyReport.hpp>
#include <geometry_msgs/msg/Twist.hpp>
#include <nav_msgs/msg/Odometry.hpp>
#include <nav_msgs/msg/Path.hpp>

#include <algorithm>
#include <vector>

#include "../common/stamp.hpp"
#include "../core/pure_pursuit.hpp"
#include "dmxp/rt/component.hpp"

namespace dmxp_nodes {

using dmxp_nodes_msgs::msg::LatencyReport;
using geometry_msgs::msg::Twist;
using nav_msgs::msg::Odometry;
using nav_msgs::msg::Path;

class Controller : public dmxp::rt::Node {
 public:
  explicit Controller(const dmxp::rt::NodeOptions& o) : Node("controller", o) {
    limits_.lookahead = declare_parameter("lookahead", 1.0);
    limits_.max_speed = declare_parameter("max_speed", 1.0);
    limits_.max_yaw_rate = declare_parameter("max_yaw_rate", 1.5);
    limits_.goal_tolerance = declare_parameter("goal_tolerance", 0.2);
    double period = declare_parameter("report_period_s", 1.0);
    cmd_ = create_publisher<Twist>("cmd_vel", dmxp::rt::QoS(8).best_effort()).value();
    report_ = create_publisher<LatencyReport>("~/latency", dmxp::rt::QoS(8)).value();
    path_ = create_subscription<Path>("path", dmxp::rt::QoS(2), [this](const Path& p) { take_path(p); }).value();
    odom_ = create_subscription<Odometry>("odom", dmxp::rt::QoS(4).best_effort(), [this](const Odometry& m) {
      command(m.pose.pose.isometry());
    }).value();
    tick_ = create_timer(std::chrono::nanoseconds(int64_t(period * 1e9)), [this] { report(); });
  }

 private:
  // The path is copied out of its slot (the callback's view ends when it returns): only the
  // waypoints, not the 800 KB message.
  void take_path(const Path& p) {
    waypoints_.clear();
    for (size_t i = 0; i < p.poses.size(); ++i) waypoints_.push_back(p.poses[i].pose.position.eigen().head<2>());
    path_stamp_ns_ = stamp_ns(p.header.stamp);
  }

  void command(const Eigen::Isometry3d& pose) {
    PursuitCommand c = pure_pursuit(waypoints_, pose, limits_);
    auto out = cmd_.loan();
    if (!out) return;
    out->linear.x = c.linear;
    out->angular.z = c.angular;
    if (!cmd_.publish(std::move(out))) return;
    // One sample per path: the first command that used it.
    if (path_stamp_ns_ != 0) {
      samples_.push_back(realtime_ns() - path_stamp_ns_);
      path_stamp_ns_ = 0;
    }
  }

  void report() {
    if (samples_.empty()) return;
    auto r = report_.loan();
    if (!r) return;
    auto at = [this](double q) {
      auto nth = samples_.begin() + std::ptrdiff_t(q * double(samples_.size() - 1));
      std::nth_element(samples_.begin(), nth, samples_.end());
      return *nth;
    };
    r->count = samples_.size();
    r->p50_ns = at(0.5);
    r->p90_ns = at(0.9);
    r->p99_ns = at(0.99);
    r->max_ns = *std::max_element(samples_.begin(), samples_.end());
    logger().info("scan to command: p50 {:.2f} ms, p99 {:.2f} ms over {} paths", double(r->p50_ns) / 1e6,
                  double(r->p99_ns) / 1e6, r->count);
    report_.publish(std::move(r));
    samples_.clear();
  }

  PursuitLimits limits_;
  std::vector<Eigen::Vector2d> waypoints_;
  int64_t path_stamp_ns_ = 0;
  std::vector<int64_t> samples_;
  dmxp::rt::Publisher<Twist> cmd_;
  dmxp::rt::Publisher<LatencyReport> report_;
  dmxp::rt::Subscription<Path> path_;
  dmxp::rt::Subscription<Odometry> odom_;
  dmxp::rt::Timer tick_;
};

}  // namespace dmxp_nodes

DMXP_REGISTER_COMPONENT(dmxp_nodes::Controller)
