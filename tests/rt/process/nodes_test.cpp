// The reusable nodes, as executables and as components: the IMU -> odometry and lidar ->
// planner pipeline doing its maths on slot memory, the 4K camera, relay and throttle, and
// the latency probe through a chain of relays.
#include <dmxp_nodes_msgs/msg/LatencyReport.hpp>
#include <nav_msgs/msg/Odometry.hpp>
#include <nav_msgs/msg/Path.hpp>
#include <sensor_msgs/msg/Image.hpp>
#include <sensor_msgs/msg/Imu.hpp>
#include <sensor_msgs/msg/LaserScan.hpp>

#include <map>
#include <set>

#include "rt_test_support.hpp"
#include "sample.hpp"

using namespace rt_test;
using dmxp::rt::QoS;

class NodesTest : public RtTest {
 protected:
  void SetUp() override {
    RtTest::SetUp();
    node_ = std::make_shared<dmxp::rt::Node>("observer", node_options());
  }
  void TearDown() override {
    node_.reset();
    RtTest::TearDown();
  }
  std::shared_ptr<dmxp::rt::Node> node_;
};

TEST_F(NodesTest, ImuOdometryLidarPlannerPipeline) {
  std::mutex mu;
  std::map<int64_t, Eigen::Quaterniond> imu_attitude;  // by stamp
  double worst_attitude_error = 0;
  size_t odoms = 0, scans = 0, paths = 0;
  double max_speed = 0;
  float min_range = 1e9f;
  nav_msgs::msg::Path last_path;  // 800 KB: a member of the test, not a stack local
  auto stamp = [](const builtin_interfaces::msg::Time& t) { return int64_t(t.sec) * 1000000000 + t.nanosec; };
  auto imu = node_->create_subscription<sensor_msgs::msg::Imu>("imu", QoS(64), [&](const sensor_msgs::msg::Imu& m) {
    std::lock_guard l(mu);
    imu_attitude[stamp(m.header.stamp)] = m.orientation.eigen();
  }).value();
  auto odom = node_->create_subscription<nav_msgs::msg::Odometry>("odom", QoS(16), [&](const nav_msgs::msg::Odometry& m) {
    std::lock_guard l(mu);
    ++odoms;
    auto it = imu_attitude.find(stamp(m.header.stamp));
    if (it != imu_attitude.end())
      worst_attitude_error = std::max(worst_attitude_error,
                                      it->second.angularDistance(Eigen::Quaterniond(m.pose.pose.orientation.eigen())));
    max_speed = std::max(max_speed, m.twist.twist.linear.eigen().norm());
  }).value();
  auto scan = node_->create_subscription<sensor_msgs::msg::LaserScan>("scan", QoS(4).best_effort(),
      [&](const sensor_msgs::msg::LaserScan& s) {
        std::lock_guard l(mu);
        ++scans;
        EXPECT_EQ(s.ranges.size(), 360u);
        min_range = std::min(min_range, s.ranges_eigen().minCoeff());
      }).value();
  auto path = node_->create_subscription<nav_msgs::msg::Path>("path", QoS(2), [&](const nav_msgs::msg::Path& p) {
    std::lock_guard l(mu);
    ++paths;
    last_path = p;
  }).value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  BackgroundSpin spin(exec);

  // Two nodes as executables, two as components of one container.
  auto imu_proc = program("dmxp-node-imu-sim", {"--ros-args", "-p", "rate_hz:=200.0"});
  auto odom_proc = program("dmxp-node-odometry", {});
  auto container = program("dmxp-container",
      {"--load", "dmxp_node_lidar_sim", "dmxp_nodes::LidarSim", "-p", "rays:=360", "-p", "rate_hz:=20.0",
       "--load", "dmxp_node_planner", "dmxp_nodes::Planner", "-p", "goal_x:=8.0", "-p", "goal_y:=1.0"});
  ASSERT_TRUE(wait_until([&] { std::lock_guard l(mu); return paths >= 3 && odoms >= 100; }));
  std::lock_guard l(mu);
  EXPECT_LT(worst_attitude_error, 1e-3);  // integrated gyro vs the simulator's truth
  EXPECT_GT(max_speed, 0.0);
  EXPECT_LE(max_speed, 1.0 + 1e-3);  // the simulator cruises at 1 m/s
  EXPECT_GT(scans, 0u);
  EXPECT_LT(min_range, 3.5f);  // the pillar at (4, 0), 1 m radius, seen from near the origin
  ASSERT_GE(last_path.poses.size(), 2u);
  auto goal = last_path.poses[last_path.poses.size() - 1].pose.position.eigen();
  EXPECT_NEAR(goal.x(), 8.0, 1e-9);
  EXPECT_NEAR(goal.y(), 1.0, 1e-9);
  struct Pillar { double x, y, r; };
  for (const auto& ps : last_path.poses)
    for (Pillar p : {Pillar{4, 0, 1}, Pillar{6, 3, 0.8}, Pillar{2, -3, 0.5}}) {
      double d = std::hypot(ps.pose.position.x - p.x, ps.pose.position.y - p.y);
      // Clear of every pillar by the robot's radius (0.3), less a cell and a little pose
      // drift between the lidar's and the planner's odometry.
      ASSERT_GT(d, p.r + 0.3 - 0.15) << "waypoint (" << ps.pose.position.x << ", " << ps.pose.position.y << ")";
    }
  EXPECT_EQ(last_path.header.frame_id.view(), "odom");
  for (auto* c : {&imu_proc, &odom_proc, &container}) EXPECT_EQ(terminate(*c).code, 0);
}

TEST_F(NodesTest, Camera4kFramesArriveInPlace) {
  std::mutex mu;
  std::set<const void*> slots;
  size_t frames = 0;
  bool shape_ok = true;
  auto sub = node_->create_subscription<sensor_msgs::msg::Image>("image", QoS(2).best_effort(),
      [&](const sensor_msgs::msg::Image& img) {
        std::lock_guard l(mu);
        ++frames;
        slots.insert(&img);
        shape_ok = shape_ok && img.width == 3840 && img.height == 2160 && img.step == 3840 * 3 &&
                   img.data.size() == 3840u * 2160 * 3 && img.encoding == "rgb8";
      }).value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  BackgroundSpin spin(exec);
  auto camera = program("dmxp-node-camera-sim", {"--ros-args", "-p", "resolution:=4k", "-p", "rate_hz:=30.0"});
  ASSERT_TRUE(wait_until([&] { std::lock_guard l(mu); return frames >= 6; }));
  std::lock_guard l(mu);
  EXPECT_TRUE(shape_ok);
  EXPECT_LE(slots.size(), 2u);  // 25 MB frames read where they were written: the ring's slots
  EXPECT_EQ(terminate(camera).code, 0);
}

TEST_F(NodesTest, RelayForwardsEverythingAndThrottleLimitsTheRate) {
  std::atomic<uint64_t> relayed{0}, throttled{0}, bad{0};
  auto talker = peer("talker", {"chatter", "200", "interval_us=1000", "wait_go=1", "hold=1"});
  ASSERT_TRUE(talker.wait_token('R', kWaitMs));
  auto relay = program("dmxp-node-relay", {"--ros-args", "-p", "input:=chatter", "-p", "output:=relayed"});
  auto throttle = program("dmxp-node-throttle", {"--ros-args", "-p", "input:=chatter", "-p",
                                                 "output:=throttled", "-p", "rate_hz:=20.0"});
  auto subs_of_chatter = [&] {
    return node_->graph()->snapshot().endpoints_of("/chatter", dmxp::rt::EndpointKind::Subscription).size();
  };
  ASSERT_TRUE(wait_until([&] { return subs_of_chatter() == 2; }));
  auto r = node_->create_subscription<Sample>("relayed", QoS(16), [&](const Sample& s) {
    if (!sample_ok(s) || s.seq != relayed.load()) ++bad;
    ++relayed;
  }).value();
  auto t = node_->create_subscription<Sample>("throttled", QoS(16), [&](const Sample&) { ++throttled; }).value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  BackgroundSpin spin(exec);
  talker.send_token('G');
  ASSERT_TRUE(talker.wait_token('D', kWaitMs));
  ASSERT_TRUE(wait_until([&] { return relayed.load() == 200; }));
  EXPECT_EQ(bad.load(), 0u);
  // 200 messages over >= 200 ms at 20 Hz: a handful, never all of them.
  EXPECT_GE(throttled.load(), 1u);
  EXPECT_LE(throttled.load(), 20u);
  for (auto* c : {&relay, &throttle, &talker}) EXPECT_EQ(terminate(*c).code, 0);
}

TEST_F(NodesTest, LatencyProbeMeasuresThroughAChainOfRelays) {
  std::atomic<uint64_t> reports{0};
  std::atomic<bool> sane{true};
  auto sub = node_->create_subscription<dmxp_nodes_msgs::msg::LatencyReport>(
      "/latency_probe/report", QoS(8), [&](const dmxp_nodes_msgs::msg::LatencyReport& r) {
        sane = sane && r.count > 0 && r.p50_ns > 0 && r.p50_ns <= r.p90_ns && r.p90_ns <= r.p99_ns &&
               r.p99_ns <= r.max_ns;
        ++reports;
      }).value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  BackgroundSpin spin(exec);
  // probe -> relay a -> relay b -> probe, all in one container.
  auto container = program("dmxp-container",
      {"--load", "dmxp_node_latency_probe", "dmxp_nodes::LatencyProbe", "-p", "rate_hz:=500.0",
       "-p", "report_period_s:=0.2",
       "--load", "dmxp_node_relay", "dmxp_nodes::Relay", "--node-name", "a", "-p", "input:=probe_out", "-p", "output:=mid",
       "--load", "dmxp_node_relay", "dmxp_nodes::Relay", "--node-name", "b", "-p", "input:=mid", "-p", "output:=probe_in"});
  ASSERT_TRUE(wait_until([&] { return reports.load() >= 2; }));
  EXPECT_TRUE(sane.load());
  EXPECT_EQ(terminate(container).code, 0);
}
