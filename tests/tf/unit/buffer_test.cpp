// The transform buffer alone (no node): interpolation values, tf2's error texts, chains
// through the tree, static against dynamic frames, the cache span, the waiting lookup.
#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "dmxp/tf/buffer.hpp"

namespace {

using dmxp::tf::Buffer;
using dmxp::tf::StampedTransform;
using dmxp::tf::TimeNs;
using namespace std::chrono_literals;

constexpr TimeNs kSec = 1'000'000'000;

Eigen::Isometry3d pose(double x, double y, double z, double yaw) {
  return Eigen::Translation3d(x, y, z) * Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ());
}

StampedTransform link(TimeNs stamp, const std::string& parent, const std::string& child, const Eigen::Isometry3d& t) {
  return StampedTransform{stamp, parent, child, t};
}

void expect_near(const Eigen::Isometry3d& actual, const Eigen::Isometry3d& expected) {
  EXPECT_TRUE(actual.matrix().isApprox(expected.matrix(), 1e-12)) << "actual\n"
                                                                  << actual.matrix() << "\nexpected\n"
                                                                  << expected.matrix();
}

template <class E>
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "<no exception>";
}

// odom -> base_link moving (1 s: origin, yaw 0; 2 s: x = 2, yaw 90 degrees), map -> odom and
// base_link -> laser, imu static.
class RobotTree : public ::testing::Test {
 protected:
  void SetUp() override {
    buffer.set_transform(link(0, "map", "odom", pose(10, 0, 0, 0)), "test", true);
    buffer.set_transform(link(1 * kSec, "odom", "base_link", pose(0, 0, 0, 0)), "test", false);
    buffer.set_transform(link(2 * kSec, "odom", "base_link", pose(2, 0, 0, M_PI / 2)), "test", false);
    buffer.set_transform(link(0, "base_link", "laser", pose(0.2, 0, 0.1, 0)), "test", true);
    buffer.set_transform(link(0, "base_link", "imu", pose(0, 0.05, 0, M_PI)), "test", true);
  }
  Buffer buffer;
};

TEST_F(RobotTree, InterpolatesTranslationLinearlyAndRotationBySlerp) {
  StampedTransform t = buffer.lookup_transform("odom", "base_link", 1'500'000'000);
  EXPECT_EQ(t.stamp, 1'500'000'000);
  EXPECT_EQ(t.frame_id, "odom");
  EXPECT_EQ(t.child_frame_id, "base_link");
  EXPECT_NEAR(t.transform.translation().x(), 1.0, 1e-12);
  Eigen::Quaterniond q(t.transform.rotation());
  EXPECT_NEAR(q.z(), std::sin(M_PI / 8), 1e-12);  // 45 degrees about z
  EXPECT_NEAR(q.w(), std::cos(M_PI / 8), 1e-12);
  // A quarter of the way: x = 0.5, yaw 22.5 degrees.
  expect_near(buffer.lookup_transform("odom", "base_link", 1'250'000'000).transform, pose(0.5, 0, 0, M_PI / 8));
}

TEST_F(RobotTree, ExactStampsReturnTheSamples) {
  expect_near(buffer.lookup_transform("odom", "base_link", 1 * kSec).transform, pose(0, 0, 0, 0));
  expect_near(buffer.lookup_transform("odom", "base_link", 2 * kSec).transform, pose(2, 0, 0, M_PI / 2));
}

TEST_F(RobotTree, ChainsUpThroughParentsAndDownToTheTarget) {
  Eigen::Isometry3d base = pose(1, 0, 0, M_PI / 4);
  expect_near(buffer.lookup_transform("map", "laser", 1'500'000'000).transform,
              pose(10, 0, 0, 0) * base * pose(0.2, 0, 0.1, 0));
  // The other way is the inverse.
  expect_near(buffer.lookup_transform("laser", "map", 1'500'000'000).transform,
              (pose(10, 0, 0, 0) * base * pose(0.2, 0, 0.1, 0)).inverse());
  // Siblings meet at their common parent: no dynamic link, any time.
  expect_near(buffer.lookup_transform("imu", "laser", 77 * kSec).transform,
              pose(0, 0.05, 0, M_PI).inverse() * pose(0.2, 0, 0.1, 0));
  // A point 1 m ahead of the laser, at 2 s, in the map: base at (12, 0) facing +y.
  Eigen::Vector3d p = buffer.lookup_transform("map", "laser", 2 * kSec).transform * Eigen::Vector3d(1, 0, 0);
  EXPECT_TRUE(p.isApprox(Eigen::Vector3d(12, 1.2, 0.1), 1e-12)) << p.transpose();
}

TEST_F(RobotTree, TimeZeroIsTheLatestCommonTime) {
  StampedTransform t = buffer.lookup_transform("map", "laser", 0);
  EXPECT_EQ(t.stamp, 2 * kSec);
  expect_near(t.transform, pose(10, 0, 0, 0) * pose(2, 0, 0, M_PI / 2) * pose(0.2, 0, 0.1, 0));
  // Two dynamic links: the older of their newest stamps.
  buffer.set_transform(link(1'200'000'000, "base_link", "wheel", pose(0, 0, 0, 0)), "test", false);
  buffer.set_transform(link(1'700'000'000, "base_link", "wheel", pose(0, 1, 0, 0)), "test", false);
  EXPECT_EQ(buffer.lookup_transform("odom", "wheel", 0).stamp, 1'700'000'000);
  expect_near(buffer.lookup_transform("odom", "wheel", 0).transform, pose(1.4, 0, 0, 0.35 * M_PI) * pose(0, 1, 0, 0));
  // Only static links: stamp 0, the static transforms.
  StampedTransform s = buffer.lookup_transform("laser", "imu", 0);
  EXPECT_EQ(s.stamp, 0);
  expect_near(s.transform, pose(0.2, 0, 0.1, 0).inverse() * pose(0, 0.05, 0, M_PI));
}

TEST_F(RobotTree, ExtrapolationErrorsSayWhichWayFramesAndTimes) {
  using dmxp::tf::ExtrapolationError;
  EXPECT_EQ(error_of<ExtrapolationError>([&] { buffer.lookup_transform("odom", "base_link", 2'500'000'000); }),
            "Lookup would require extrapolation into the future.  Requested time 2.500000 but the latest data is "
            "at time 2.000000, when looking up transform from frame [base_link] to frame [odom]");
  EXPECT_EQ(error_of<ExtrapolationError>([&] { buffer.lookup_transform("map", "laser", 500'000'000); }),
            "Lookup would require extrapolation into the past.  Requested time 0.500000 but the earliest data is "
            "at time 1.000000, when looking up transform from frame [laser] to frame [map]");
  buffer.set_transform(link(3 * kSec, "base_link", "arm", pose(0, 0, 1, 0)), "test", false);
  EXPECT_EQ(error_of<ExtrapolationError>([&] { buffer.lookup_transform("base_link", "arm", 4 * kSec); }),
            "Lookup would require extrapolation at time 4.000000, but only time 3.000000 is in the buffer, when "
            "looking up transform from frame [arm] to frame [base_link]");
  // Time 0 through arm (3 s) and base_link (2 s): 2 s, where arm has no data.
  EXPECT_EQ(error_of<ExtrapolationError>([&] { buffer.lookup_transform("odom", "arm", 0); }),
            "Lookup would require extrapolation at time 2.000000, but only time 3.000000 is in the buffer, when "
            "looking up transform from frame [arm] to frame [odom]");
}

TEST_F(RobotTree, UnknownAndUnconnectedFramesAreNamed) {
  EXPECT_EQ(error_of<dmxp::tf::LookupError>([&] { buffer.lookup_transform("odom", "camera", 0); }),
            "\"camera\" passed to lookupTransform argument source_frame does not exist. ");
  EXPECT_EQ(error_of<dmxp::tf::LookupError>([&] { buffer.lookup_transform("world", "odom", 0); }),
            "\"world\" passed to lookupTransform argument target_frame does not exist. ");
  buffer.set_transform(link(0, "other_map", "other_odom", pose(1, 2, 3, 0)), "test", true);
  EXPECT_EQ(error_of<dmxp::tf::ConnectivityError>([&] { buffer.lookup_transform("other_map", "laser", 0); }),
            "Could not find a connection between 'other_map' and 'laser' because they are not part of the same "
            "tree. Tf has two or more unconnected trees.");
  EXPECT_EQ(error_of<dmxp::tf::ConnectivityError>([&] { buffer.lookup_transform("other_map", "laser", 2 * kSec); }),
            "Could not find a connection between 'other_map' and 'laser' because they are not part of the same "
            "tree. Tf has two or more unconnected trees.");
  std::string why;
  EXPECT_FALSE(buffer.can_transform("other_map", "laser", 0, &why));
  EXPECT_NE(why.find("unconnected trees"), std::string::npos);
  EXPECT_TRUE(buffer.can_transform("map", "imu", 0));
  EXPECT_EQ(error_of<dmxp::tf::InvalidArgumentError>([&] { buffer.lookup_transform("/map", "imu", 0); }),
            "Invalid argument \"/map\" passed to lookupTransform argument target_frame - in tf2 frame_ids cannot "
            "start with a '/' like: ");
}

TEST_F(RobotTree, StaticFramesHoldAtEveryTimeDynamicOnesOnlyInTheirSpan) {
  expect_near(buffer.lookup_transform("map", "odom", 1).transform, pose(10, 0, 0, 0));
  expect_near(buffer.lookup_transform("map", "odom", 1000 * kSec).transform, pose(10, 0, 0, 0));
  // A static frame sent again replaces its transform.
  buffer.set_transform(link(5 * kSec, "map", "odom", pose(20, 0, 0, 0)), "test", true);
  expect_near(buffer.lookup_transform("map", "odom", 1).transform, pose(20, 0, 0, 0));
  std::vector<dmxp::tf::FrameInfo> info = buffer.frame_info();
  ASSERT_EQ(info.size(), 4u);
  EXPECT_EQ(info[0].frame, "base_link");
  EXPECT_EQ(info[0].parent, "odom");
  EXPECT_FALSE(info[0].is_static);
  EXPECT_EQ(info[0].samples, 2u);
  EXPECT_EQ(info[0].oldest, 1 * kSec);
  EXPECT_EQ(info[0].newest, 2 * kSec);
  EXPECT_EQ(info[2].frame, "laser");
  EXPECT_TRUE(info[2].is_static);
  EXPECT_EQ(buffer.frames(), (std::vector<std::string>{"base_link", "imu", "laser", "map", "odom"}));
}

TEST(Buffer, KeepsTheCacheTimeBehindTheNewestSample) {
  Buffer buffer(2s);
  for (int i = 1; i <= 5; ++i)
    EXPECT_TRUE(buffer.set_transform(link(i * kSec, "odom", "base_link", pose(i, 0, 0, 0)), "t", false));
  // 5 s is the newest: 3 s is the oldest kept, 1 s and 2 s are gone.
  EXPECT_EQ(buffer.frame_info()[0].oldest, 3 * kSec);
  EXPECT_EQ(error_of<dmxp::tf::ExtrapolationError>([&] { buffer.lookup_transform("odom", "base_link", 2 * kSec); }),
            "Lookup would require extrapolation into the past.  Requested time 2.000000 but the earliest data is at "
            "time 3.000000, when looking up transform from frame [base_link] to frame [odom]");
  std::string why;
  EXPECT_FALSE(buffer.set_transform(link(1 * kSec, "odom", "base_link", pose(0, 0, 0, 0)), "t", false, &why));
  EXPECT_EQ(why, "TF_OLD_DATA: data at time 1.000000 is older than the 2.000000 s the cache keeps behind its newest, "
                 "5.000000");
  // Out of order inside the span is fine; a repeated stamp is ignored, as tf2 (Jazzy) does.
  EXPECT_TRUE(buffer.set_transform(link(4'500'000'000, "odom", "base_link", pose(9, 0, 0, 0)), "t", false));
  EXPECT_FALSE(buffer.set_transform(link(4 * kSec, "odom", "base_link", pose(7, 0, 0, 0)), "t", false, &why));
  EXPECT_EQ(why, "TF_REPEATED_DATA: already have data at time 4.000000");
  expect_near(buffer.lookup_transform("odom", "base_link", 4'250'000'000).transform, pose(6.5, 0, 0, 0));
}

TEST(Buffer, RejectsBadTransformsWithTf2sText) {
  Buffer buffer;
  using dmxp::tf::InvalidArgumentError;
  EXPECT_EQ(error_of<InvalidArgumentError>([&] { buffer.set_transform(link(1, "a", "a", pose(0, 0, 0, 0)), "node_x", false); }),
            "TF_SELF_TRANSFORM: Ignoring transform from authority \"node_x\" with frame_id and child_frame_id \"a\" "
            "because they are the same");
  EXPECT_EQ(error_of<InvalidArgumentError>([&] { buffer.set_transform(link(1, "", "a", pose(0, 0, 0, 0)), "n", false); }),
            "TF_NO_FRAME_ID: Ignoring transform with child_frame_id \"a\" from authority \"n\" because frame_id not set");
  EXPECT_EQ(error_of<InvalidArgumentError>([&] { buffer.set_transform(link(1, "a", "", pose(0, 0, 0, 0)), "n", false); }),
            "TF_NO_CHILD_FRAME_ID: Ignoring transform from authority \"n\" because child_frame_id not set");
  EXPECT_EQ(error_of<InvalidArgumentError>([&] { buffer.set_transform(link(1, "a", "b", pose(NAN, 0, 0, 0)), "n", false); }),
            "TF_NAN_INPUT: Ignoring transform for child_frame_id \"b\" from authority \"n\" because of a nan value "
            "in the transform");
  EXPECT_TRUE(buffer.frames().empty());
  // A leading slash is dropped, as tf2 does.
  buffer.set_transform(link(1, "/a", "/b", pose(1, 0, 0, 0)), "n", true);
  expect_near(buffer.lookup_transform("a", "b", 0).transform, pose(1, 0, 0, 0));
}

TEST(Buffer, WaitingLookupReturnsOnceTheTransformArrives) {
  Buffer buffer;
  std::thread later([&] {
    std::this_thread::sleep_for(50ms);
    buffer.set_transform(link(3 * kSec, "odom", "base_link", pose(3, 0, 0, 0)), "t", false);
  });
  StampedTransform t = buffer.lookup_transform("odom", "base_link", 0, 5s);
  later.join();
  EXPECT_EQ(t.stamp, 3 * kSec);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(error_of<dmxp::tf::LookupError>([&] { buffer.lookup_transform("odom", "laser", 0, 100ms); }),
            "\"laser\" passed to lookupTransform argument source_frame does not exist. ");
  EXPECT_GE(std::chrono::steady_clock::now() - start, 100ms);
}

}  // namespace
