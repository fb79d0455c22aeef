// Transforms across processes: broadcasters in their own processes (the static transform
// publisher node, a C++ broadcaster, the robot's odometry) and a TransformListener here.
#include <gtest/gtest.h>

#include <nav_msgs/msg/Odometry.hpp>

#include "dmxp/tf/msg_conversions.hpp"
#include "dmxp/tf/transform_listener.hpp"
#include "rt_test_support.hpp"

namespace {

using namespace std::chrono_literals;
using dmxp::tf::StampedTransform;

class TfProcessTest : public rt_test::RtTest {
 protected:
  // A listener in this process, its executor spinning in the background.
  struct Listener {
    explicit Listener(const dmxp::rt::NodeOptions& o)
        : node("tf_test_listener", o), listener(node, buffer), exec(rt_test::test_executor()) {
      exec.add_node(node);
    }
    dmxp::rt::Node node;
    dmxp::tf::Buffer buffer;
    dmxp::tf::TransformListener listener;
    dmxp::rt::Executor exec;
  };

  dmxp_test::ChildProcess static_publisher(const std::string& parent, const std::string& child,
                                           const std::vector<std::string>& params) {
    std::vector<std::string> args{"--ros-args", "-r", "__node:=" + child + "_mount", "-p", "frame_id:=" + parent,
                                  "-p", "child_frame_id:=" + child};
    for (const std::string& p : params) args.insert(args.end(), {"-p", p});
    return program("dmxp-node-static-transform-publisher", args);
  }
};

void expect_near(const Eigen::Isometry3d& actual, const Eigen::Isometry3d& expected, double tol = 1e-12) {
  EXPECT_TRUE(actual.matrix().isApprox(expected.matrix(), tol)) << actual.matrix() << "\nexpected\n"
                                                                << expected.matrix();
}

// Static frames published before the listener exists still reach it (transient local), from
// two publisher processes, and chain through their common parent.
TEST_F(TfProcessTest, StaticFramesFromTwoProcessesReachALateListener) {
  auto laser = static_publisher("base_link", "laser", {"x:=0.2", "z:=0.15", "yaw:=1.5707963267948966"});
  auto imu = static_publisher("base_link", "imu_link", {"z:=0.05", "qx:=1.0", "qw:=0.0"});
  // Both published (the /tf_static ring holds two messages) before the listener starts.
  ASSERT_TRUE(rt_test::wait_until([&] {
    dmxp_channel_info info{};
    return dmxp_channel_info_get(domain(), "t.tf_static", &info) == DMXP_OK && info.published >= 2;
  }));
  Listener l(node_options());
  rt_test::BackgroundSpin spin(l.exec);
  StampedTransform t = l.buffer.lookup_transform("base_link", "laser", 0, 10s);
  EXPECT_EQ(t.stamp, 0);
  expect_near(t.transform, Eigen::Translation3d(0.2, 0, 0.15) * Eigen::AngleAxisd(M_PI / 2, Eigen::Vector3d::UnitZ()));
  // imu_link is upside down (180 degrees about x); a point 1 m along the laser's x is, in
  // imu_link, at (0.2, -1, -(0.15 - 0.05)) after the flip: y and z change sign.
  Eigen::Vector3d p = l.buffer.lookup_transform("imu_link", "laser", 0, 10s).transform * Eigen::Vector3d(1, 0, 0);
  EXPECT_TRUE(p.isApprox(Eigen::Vector3d(0.2, -1.0, -0.1), 1e-12)) << p.transpose();
  EXPECT_EQ(rt_test::terminate(laser).code, 0);
  EXPECT_EQ(rt_test::terminate(imu).code, 0);
}

TEST_F(TfProcessTest, StaticPublisherRejectsMissingFrames) {
  auto p = program("dmxp-node-static-transform-publisher", {"--ros-args", "-p", "frame_id:=base_link"});
  dmxp_test::ExitStatus s = p.wait(dmxp_test::kChildTimeoutMs);
  EXPECT_TRUE(s.exited && s.code != 0) << s.describe();
}

// A broadcaster process's dynamic transforms, interpolated here.
TEST_F(TfProcessTest, DynamicTransformsFromAnotherProcessInterpolate) {
  Listener l(node_options());
  rt_test::BackgroundSpin spin(l.exec);
  auto broadcaster = program("tf_test_broadcaster", {});
  ASSERT_TRUE(rt_test::wait_until([&] { return l.buffer.can_transform("odom", "base_link", 1'900'000'000); }));
  EXPECT_TRUE(broadcaster.wait(dmxp_test::kChildTimeoutMs).ok());
  // Between k = 3 (x 3, yaw 0.3) and k = 4 (x 4, yaw 0.4): x 3.5, yaw 0.35.
  StampedTransform t = l.buffer.lookup_transform("odom", "base_link", 1'350'000'000);
  expect_near(t.transform, Eigen::Translation3d(3.5, 0, 0) * Eigen::AngleAxisd(0.35, Eigen::Vector3d::UnitZ()));
  EXPECT_EQ(l.buffer.lookup_transform("odom", "base_link", 0).stamp, 1'900'000'000);
  EXPECT_EQ(l.buffer.frame_info().at(0).samples, 10u);
}

// The robot's odometry node broadcasts its pose: at an /odom message's stamp the transform
// odom -> base_link is that message's pose.
TEST_F(TfProcessTest, OdometryBroadcastsTheSamePoseAsItsOdom) {
  Listener l(node_options());
  std::mutex mu;
  std::vector<StampedTransform> odoms;
  auto sub = l.node
                 .create_subscription<nav_msgs::msg::Odometry>(
                     "/odom", dmxp::rt::QoS(16),
                     [&](const nav_msgs::msg::Odometry& m) {
                       std::lock_guard lock(mu);
                       Eigen::Isometry3d pose = Eigen::Translation3d(m.pose.pose.position.eigen()) *
                                                Eigen::Quaterniond(m.pose.pose.orientation.eigen());
                       odoms.push_back({dmxp::tf::to_ns(m.header.stamp), "odom", "base_link", pose});
                     })
                 .value();
  rt_test::BackgroundSpin spin(l.exec);
  auto odometry = program("dmxp-node-odometry", {});
  auto imu = program("dmxp-node-imu-sim", {"--ros-args", "-p", "rate_hz:=200.0"});
  ASSERT_TRUE(rt_test::wait_until([&] {
    std::lock_guard lock(mu);
    return odoms.size() >= 20;
  }));
  StampedTransform odom;
  {
    std::lock_guard lock(mu);
    odom = odoms[10];
  }
  StampedTransform t = l.buffer.lookup_transform("odom", "base_link", odom.stamp, 5s);
  expect_near(t.transform, odom.transform, 1e-9);
  EXPECT_EQ(rt_test::terminate(imu).code, 0);
  EXPECT_EQ(rt_test::terminate(odometry).code, 0);
}

}  // namespace
