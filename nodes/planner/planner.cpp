// planner - plans a path around the obstacles the lidar sees. Each scan's points (read in
// place through an Eigen map of its ranges) are transformed to the odometry frame with the
// robot's pose as an Eigen isometry, split into clusters; a cluster on a circular arc becomes
// a whole disc (least-squares circle fit, core/scan_shapes.hpp: its unseen back half is
// blocked too), any other cluster stays points. Everything is inflated by the robot's radius
// into an occupancy grid centred on the robot, then A* from the robot to the goal
// (core/grid_planner.hpp). The nav_msgs/Path (800 KB) is written straight into its slot.
//
// Parameters: goal_x (8.0), goal_y (0.0), resolution (0.1), half_size (10.0),
// robot_radius (0.3), frame_id ("odom").
// Topics: "scan" and "odom" in, "path" out (reliable, depth 2).
// Action: "go_to_goal" (dmxp_nodes_msgs/action/GoToGoal, go_to_goal.hpp): a goal sets
// goal_x/goal_y (as `dmxp param set` would) and ends when odometry puts the robot within its
// tolerance, with the distance left as feedback.
#include <nav_msgs/msg/Odometry.hpp>
#include <nav_msgs/msg/Path.hpp>
#include <sensor_msgs/msg/LaserScan.hpp>

#include <cmath>

#include "../common/stamp.hpp"
#include "../core/grid_planner.hpp"
#include "../core/scan_shapes.hpp"
#include "dmxp/rt/component.hpp"
#include "go_to_goal.hpp"

namespace dmxp_nodes {

using nav_msgs::msg::Odometry;
using nav_msgs::msg::Path;
using sensor_msgs::msg::LaserScan;

class Planner : public dmxp::rt::Node {
 public:
  explicit Planner(const dmxp::rt::NodeOptions& o) : Node("planner", o) {
    goal_ = {declare_parameter("goal_x", 8.0), declare_parameter("goal_y", 0.0)};
    resolution_ = declare_parameter("resolution", 0.1);
    half_size_ = declare_parameter("half_size", 10.0);
    radius_ = declare_parameter("robot_radius", 0.3);
    frame_ = frame_parameter(*this, "frame_id", "odom");
    // The goal can move at runtime (dmxp param set, the parameter service): validated, then
    // applied.
    add_on_set_parameters_callback([this](const std::vector<dmxp::rt::Parameter>& ps) {
      for (const auto& p : ps) {
        if (p.name != "goal_x" && p.name != "goal_y") continue;
        double v = p.value.get<double>();
        if (!std::isfinite(v) || std::abs(v) > half_size_)
          return dmxp::rt::SetParametersResult{false, p.name + " must lie inside the grid"};
      }
      return dmxp::rt::SetParametersResult{};
    });
    parameters().add_on_changed([this](const std::vector<dmxp::rt::Parameter>& ps) {
      for (const auto& p : ps) {
        if (p.name == "goal_x") goal_.x() = p.value.get<double>();
        if (p.name == "goal_y") goal_.y() = p.value.get<double>();
      }
    });
    pub_ = create_publisher<Path>("path", dmxp::rt::QoS(2)).value();
    go_to_goal_ = std::make_unique<GoToGoal>(
        *this, [this](double x, double y) { return std::abs(x) <= half_size_ && std::abs(y) <= half_size_; },
        [this](double x, double y) {
          set_parameters({{"goal_x", dmxp::rt::ParameterValue(x)}, {"goal_y", dmxp::rt::ParameterValue(y)}});
        },
        10.0);
    odom_ = create_subscription<Odometry>("odom", dmxp::rt::QoS(4).best_effort(), [this](const Odometry& m) {
      pose_ = m.pose.pose.isometry();
      go_to_goal_->on_pose(pose_, monotonic_ns());
    }).value();
    scan_ = create_subscription<LaserScan>("scan", dmxp::rt::QoS(4).best_effort(),
                                           [this](const LaserScan& s) { plan(s); }).value();
  }

 private:
  void plan(const LaserScan& scan) {
    Eigen::Vector2d robot = pose_.translation().head<2>();
    GridPlanner grid(robot, half_size_, resolution_);
    // Scan points, from the laser's polar ranges in place, to the odometry frame.
    auto ranges = scan.ranges_eigen();
    points_.clear();
    for (Eigen::Index i = 0; i < ranges.size(); ++i) {
      float r = ranges[i];
      if (!std::isfinite(r) || r < scan.range_min || r > scan.range_max) continue;
      double a = scan.angle_min + double(i) * scan.angle_increment;
      points_.push_back((pose_ * Eigen::Vector3d(r * std::cos(a), r * std::sin(a), 0)).head<2>());
    }
    for (const auto& cluster : cluster_points(points_, 0.3)) {
      std::optional<Circle> c = fit_circle(cluster, 2.0, 0.03);
      // A round obstacle faces the sensor: its centre lies beyond the points.
      if (c && (c->center - robot).norm() > (cluster[cluster.size() / 2] - robot).norm()) {
        grid.add_obstacle(c->center, c->radius + radius_);
        continue;
      }
      for (const auto& p : cluster) grid.add_obstacle(p, radius_);
    }
    std::vector<Eigen::Vector2d> waypoints = grid.plan(robot, goal_);
    auto path = pub_.loan();
    if (!path) return;
    path->header.stamp = scan.header.stamp;
    (void)path->header.frame_id.try_assign(frame_);  // checked at start-up
    size_t n = std::min<size_t>(waypoints.size(), path->poses.capacity());
    path->poses.resize(n);
    for (size_t i = 0; i < n; ++i) {
      auto& ps = path->poses[i];
      ps.header = path->header;
      ps.pose.position.eigen() << waypoints[i], 0.0;
      Eigen::Vector2d d = (i + 1 < n ? waypoints[i + 1] : waypoints[i]) - (i > 0 ? waypoints[i - 1] : waypoints[i]);
      ps.pose.orientation.eigen() = Eigen::Quaterniond(Eigen::AngleAxisd(std::atan2(d.y(), d.x()), Eigen::Vector3d::UnitZ()));
    }
    if (n == 0) logger().warn("no path to ({}, {})", goal_.x(), goal_.y());
    pub_.publish(std::move(path));
  }

  Eigen::Vector2d goal_;
  double resolution_, half_size_, radius_;
  std::string frame_;
  Eigen::Isometry3d pose_ = Eigen::Isometry3d::Identity();
  std::vector<Eigen::Vector2d> points_;
  std::unique_ptr<GoToGoal> go_to_goal_;
  dmxp::rt::Publisher<Path> pub_;
  dmxp::rt::Subscription<Odometry> odom_;
  dmxp::rt::Subscription<LaserScan> scan_;
};

}  // namespace dmxp_nodes

DMXP_REGISTER_COMPONENT(dmxp_nodes::Planner)
