// Eigen accessors are views of the message's own memory: writes through them land in the
// fields, reads see the fields, with ROS's row-major matrices.
#include <gtest/gtest.h>

#include <memory>

#include <demo_msgs/msg/Everything.hpp>
#include <geometry_msgs/msg/Point32.hpp>
#include <geometry_msgs/msg/PoseWithCovariance.hpp>
#include <geometry_msgs/msg/Transform.hpp>
#include <sensor_msgs/msg/CameraInfo.hpp>
#include <sensor_msgs/msg/LaserScan.hpp>

static_assert(DMXP_MSG_HAS_EIGEN, "the tests build with Eigen");

TEST(Eigen, VectorsAndQuaternionsMapTheFields) {
  geometry_msgs::msg::Point p;
  p.eigen() = Eigen::Vector3d(1, 2, 3);
  EXPECT_EQ(p.y, 2);
  p.z = 9;
  EXPECT_EQ(p.eigen().z(), 9);
  EXPECT_EQ(static_cast<const geometry_msgs::msg::Point&>(p).eigen().sum(), 12);

  geometry_msgs::msg::Point32 q;
  q.eigen() << 1.5f, 0, 0;
  EXPECT_EQ(q.x, 1.5f);

  geometry_msgs::msg::Quaternion r;
  EXPECT_TRUE(r.eigen().toRotationMatrix().isIdentity());  // the default w = 1
  r.eigen() = Eigen::Quaterniond(Eigen::AngleAxisd(M_PI / 2, Eigen::Vector3d::UnitZ()));
  EXPECT_NEAR(r.z, std::sqrt(0.5), 1e-12);
  EXPECT_NEAR(r.w, std::sqrt(0.5), 1e-12);
}

TEST(Eigen, PoseAndTransformAsIsometries) {
  geometry_msgs::msg::Pose pose;
  Eigen::Isometry3d t = Eigen::Translation3d(1, 2, 3) * Eigen::AngleAxisd(0.3, Eigen::Vector3d::UnitX());
  pose.set_isometry(t);
  EXPECT_EQ(pose.position.x, 1);
  EXPECT_TRUE(pose.isometry().isApprox(t));
  geometry_msgs::msg::Transform tf;
  tf.set_isometry(t);
  EXPECT_TRUE(tf.isometry().isApprox(t));
}

TEST(Eigen, CovariancesAreRowMajorMatrices) {
  geometry_msgs::msg::PoseWithCovariance p;
  p.covariance[1] = 5;  // row 0, column 1
  static_assert(decltype(p.covariance_eigen())::RowsAtCompileTime == 6);
  EXPECT_EQ(p.covariance_eigen()(0, 1), 5);
  p.covariance_eigen()(5, 4) = 7;
  EXPECT_EQ(p.covariance[34], 7);

  auto info = std::make_unique<sensor_msgs::msg::CameraInfo>();
  static_assert(decltype(info->p_eigen())::RowsAtCompileTime == 3);  // @shape 3x4
  static_assert(decltype(info->p_eigen())::ColsAtCompileTime == 4);
  info->p[4] = 8;
  EXPECT_EQ(info->p_eigen()(1, 0), 8);
  info->k_eigen().setIdentity();
  EXPECT_EQ(info->k[4], 1);
}

TEST(Eigen, BoundedFloatSequencesAreDynamicVectors) {
  auto scan = std::make_unique<sensor_msgs::msg::LaserScan>();
  scan->ranges.assign({1.0f, 2.0f, 4.0f});
  EXPECT_EQ(scan->ranges_eigen().size(), 3);
  EXPECT_EQ(scan->ranges_eigen().sum(), 7.0f);
  scan->ranges_eigen() *= 2;
  EXPECT_EQ(scan->ranges[2], 8.0f);

  auto e = std::make_unique<demo_msgs::msg::Everything>();
  e->wide[5] = 3;
  EXPECT_EQ(e->wide_eigen()(1, 2), 3);
}
