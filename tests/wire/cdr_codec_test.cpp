// The CDR codec on generated types: exact bytes written by hand from the XCDR1 rules
// (docs/wire.md), round trips that give back every byte, and big-endian input. The same
// codec against an independent serializer (rosbags) for every standard type is
// test_cdr_rosbags.py.
#include <cmath>
#include <cstring>

#include <builtin_interfaces/msg/Time.hpp>
#include <geometry_msgs/msg/PoseStamped.hpp>
#include <nav_msgs/msg/Odometry.hpp>
#include <nav_msgs/msg/Path.hpp>
#include <sensor_msgs/msg/Image.hpp>
#include <sensor_msgs/msg/JointState.hpp>
#include <sensor_msgs/msg/LaserScan.hpp>
#include <std_msgs/msg/Bool.hpp>
#include <std_msgs/msg/Empty.hpp>
#include <std_msgs/msg/Float64MultiArray.hpp>
#include <std_msgs/msg/Header.hpp>
#include <std_msgs/msg/String.hpp>
#include <std_srvs/srv/SetBool_Response.hpp>

#include "cdr_test_support.hpp"

namespace {

using cdr_test::bytes;
using cdr_test::codec;
using cdr_test::hex;
using cdr_test::make;

template <class T>
std::string encode_hex(const T& msg) {
  std::vector<std::byte> out;
  auto s = codec<T>().encode(&msg, out);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().what());
  return hex(out);
}

// Decodes into a fresh zeroed message and checks every byte against the original (both
// were zeroed before their fields were set, so unused capacity compares equal too).
template <class T>
void expect_round_trip(const T& msg) {
  auto c = codec<T>();
  std::vector<std::byte> cdr;
  ASSERT_TRUE(c.encode(&msg, cdr).ok());
  auto back = make<T>();
  auto s = c.decode(cdr, back.get());
  ASSERT_TRUE(s.ok()) << s.error().what();
  EXPECT_EQ(std::memcmp(back.get(), &msg, sizeof(T)), 0) << T::kTypeName;
}

TEST(CdrCodec, NamesSizeAndHashComeFromTheDescriptor) {
  auto c = codec<nav_msgs::msg::Odometry>();
  EXPECT_EQ(c.type_name(), "nav_msgs/Odometry");
  EXPECT_EQ(c.ros_type_name(), "nav_msgs/msg/Odometry");
  EXPECT_EQ(c.message_size(), sizeof(nav_msgs::msg::Odometry));
  EXPECT_EQ(codec<std_srvs::srv::SetBool_Response>().ros_type_name(), "std_srvs/srv/SetBool_Response");
}

TEST(CdrCodec, StringCountsItsNul) {
  std_msgs::msg::String m;
  m.data = "ab";
  EXPECT_EQ(encode_hex(m), "00 01 00 00 03 00 00 00 61 62 00");
  m.data = "";
  EXPECT_EQ(encode_hex(m), "00 01 00 00 01 00 00 00 00");
}

TEST(CdrCodec, HeaderIsTimeThenString) {
  std_msgs::msg::Header h;
  h.stamp.sec = 1;
  h.stamp.nanosec = 2;
  h.frame_id = "map";
  EXPECT_EQ(encode_hex(h), "00 01 00 00 01 00 00 00 02 00 00 00 04 00 00 00 6d 61 70 00");
}

TEST(CdrCodec, AlignmentCountsFromAfterTheHeader) {
  geometry_msgs::msg::PoseStamped p;  // orientation defaults to identity: w = 1
  p.header.stamp.sec = -1;
  p.header.frame_id = "a";
  p.pose.position.x = 1.0;
  // 8 bytes of stamp, 4 + 2 of frame_id, 2 of padding to 16, then 7 float64.
  EXPECT_EQ(encode_hex(p),
            "00 01 00 00 ff ff ff ff 00 00 00 00 02 00 00 00 61 00 00 00 "
            "00 00 00 00 00 00 f0 3f 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
            "00 00 00 00 00 00 f0 3f");
}

TEST(CdrCodec, SequenceCountThenAlignedElementsAndNoPaddingWhenEmpty) {
  std_msgs::msg::Float64MultiArray m;
  m.layout.data_offset = 7;
  m.data.push_back(1.5);
  // dim: count 0; data_offset; data: count 1 at 8, padding to 16, 1.5.
  EXPECT_EQ(encode_hex(m),
            "00 01 00 00 00 00 00 00 07 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 f8 3f");
  m.data.clear();
  EXPECT_EQ(encode_hex(m), "00 01 00 00 00 00 00 00 07 00 00 00 00 00 00 00");
}

TEST(CdrCodec, EmptyMessageIsOneByteAndBoolIsOneByte) {
  EXPECT_EQ(encode_hex(std_msgs::msg::Empty{}), "00 01 00 00 00");
  std_msgs::msg::Bool b;
  b.data = true;
  EXPECT_EQ(encode_hex(b), "00 01 00 00 01");
  // A DMXP bool byte other than 0/1 (a raw writer) still goes out as 1.
  std::memset(static_cast<void*>(&b), 7, 1);
  EXPECT_EQ(encode_hex(b), "00 01 00 00 01");
}

TEST(CdrCodec, EncodeAppendsToWhatTheVectorHolds) {
  std_msgs::msg::String m;
  m.data = "x";
  std::vector<std::byte> out = bytes("aa bb");
  ASSERT_TRUE(codec<std_msgs::msg::String>().encode(&m, out).ok());
  // Alignment counts from this message's header, not from the start of the vector.
  EXPECT_EQ(hex(out), "aa bb 00 01 00 00 02 00 00 00 78 00");
}

TEST(CdrCodec, RoundTripsGiveBackEveryByte) {
  auto scan = make<sensor_msgs::msg::LaserScan>();
  scan->header.frame_id = "laser";
  scan->header.stamp.sec = 1700000000;
  scan->angle_min = -1.5f;
  scan->range_max = 30.f;
  for (int i = 0; i < 8192; ++i) scan->ranges.push_back(0.5f + float(i) * 1e-3f);
  for (int i = 0; i < 100; ++i) scan->intensities.push_back(-float(i));
  expect_round_trip(*scan);

  auto odom = make<nav_msgs::msg::Odometry>();
  odom->header.frame_id = std::string(128, 'o');  // at capacity
  odom->child_frame_id = "base_link";
  odom->pose.pose.position.y = -2.25;
  for (int i = 0; i < 36; ++i) odom->twist.covariance[i] = i * 0.5;
  expect_round_trip(*odom);

  auto js = make<sensor_msgs::msg::JointState>();
  for (int i = 0; i < 64; ++i) {
    js->name.resize(i + 1);
    js->name[i] = "joint_" + std::to_string(i);
    js->position.push_back(i * 0.1);
  }
  js->effort.push_back(-3.0);
  expect_round_trip(*js);

  auto path = make<nav_msgs::msg::Path>();
  path->header.frame_id = "odom";
  for (int i = 0; i < 3; ++i) {
    path->poses.resize(i + 1);
    path->poses[i].header.frame_id = std::string(size_t(i), 'p');
    path->poses[i].pose.position.x = i;
  }
  expect_round_trip(*path);

  auto img = make<sensor_msgs::msg::Image>();
  img->height = 2;
  img->width = 3;
  img->encoding = "rgb8";
  img->step = 9;
  for (int i = 0; i < 18; ++i) img->data.push_back(uint8_t(i * 13));
  expect_round_trip(*img);

  expect_round_trip(std_msgs::msg::Empty{});
}

TEST(CdrCodec, DecodesBigEndian) {
  auto c = codec<std_msgs::msg::Header>();
  std_msgs::msg::Header h;
  auto s = c.decode(bytes("00 00 00 00 00 00 00 01 00 00 00 02 00 00 00 04 6d 61 70 00"), &h);
  ASSERT_TRUE(s.ok()) << s.error().what();
  EXPECT_EQ(h.stamp.sec, 1);
  EXPECT_EQ(h.stamp.nanosec, 2u);
  EXPECT_EQ(h.frame_id.view(), "map");

  std_msgs::msg::Float64MultiArray m;
  s = codec<std_msgs::msg::Float64MultiArray>().decode(
      bytes("00 00 00 00 00 00 00 00 00 00 00 07 00 00 00 02 00 00 00 00 3f f8 00 00 00 00 00 00 "
            "c0 00 00 00 00 00 00 00"),
      &m);
  ASSERT_TRUE(s.ok()) << s.error().what();
  EXPECT_EQ(m.layout.data_offset, 7u);
  ASSERT_EQ(m.data.size(), 2u);
  EXPECT_EQ(m.data[0], 1.5);
  EXPECT_EQ(m.data[1], -2.0);
}

TEST(CdrCodec, DecodeIgnoresTrailingPaddingAndAcceptsALengthOfZeroAsEmpty) {
  auto c = codec<std_msgs::msg::String>();
  std_msgs::msg::String m;
  m.data = "old";
  ASSERT_TRUE(c.decode(bytes("00 01 00 00 03 00 00 00 68 69 00 00"), &m).ok());
  EXPECT_EQ(m.data.view(), "hi");
  ASSERT_TRUE(c.decode(bytes("00 01 00 00 00 00 00 00"), &m).ok());
  EXPECT_EQ(m.data.view(), "");
}

}  // namespace
