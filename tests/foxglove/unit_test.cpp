// Unit tests of dmxp-foxglove's parts that need no socket: the per-client queue, field probes,
// the subprotocol answer, request targets and parameter values.
#include <gtest/gtest.h>

#include <cstring>

#include <nav_msgs/msg/Odometry.hpp>
#include <sensor_msgs/msg/LaserScan.hpp>
#include <std_msgs/msg/Header.hpp>

#include "field_probe.hpp"
#include "http_connection.hpp"
#include "outbound_queue.hpp"
#include "parameter_bridge.hpp"
#include "protocol.hpp"

namespace fx = dmxp::foxglove;
using dmxp::wire::json::parse;

namespace {

fx::Payload bytes(size_t n) { return std::make_shared<const std::vector<std::byte>>(n); }

}  // namespace

TEST(OutboundQueue, DropsTheOldestMessagesBeyondItsCountAndCountsThem) {
  fx::OutboundQueue q({3, 1u << 20});
  for (uint32_t i = 0; i < 5; ++i) q.push_message(i, 100 + i, bytes(10));
  EXPECT_EQ(q.queued_messages(), 3u);
  EXPECT_EQ(q.counters().dropped, 2u);
  fx::OutboundFrame f = q.pop();
  ASSERT_TRUE(f.binary);
  // 0x01, subscription id 2 (the oldest kept), receive time 102, little-endian.
  EXPECT_EQ(f.header, (std::array<unsigned char, 13>{1, 2, 0, 0, 0, 102, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(q.counters().sent, 1u);
  EXPECT_EQ(q.counters().sent_bytes, 23u);
}

TEST(OutboundQueue, BoundsBytesButAlwaysKeepsTheNewestMessage) {
  fx::OutboundQueue q({100, 1000});
  q.push_message(1, 0, bytes(600));
  q.push_message(2, 0, bytes(600));  // 1226 bytes: the first goes
  EXPECT_EQ(q.queued_messages(), 1u);
  EXPECT_EQ(q.queued_bytes(), 613u);
  q.push_message(3, 0, bytes(5000));  // alone over the limit: kept, the other dropped
  EXPECT_EQ(q.queued_messages(), 1u);
  EXPECT_EQ(q.counters().dropped, 2u);
  EXPECT_EQ(q.pop().header[1], 3);
  EXPECT_TRUE(q.empty());
}

TEST(OutboundQueue, NeverDropsControlFramesAndSendsThemFirst) {
  fx::OutboundQueue q({1, 1u << 20});
  q.push_message(1, 0, bytes(1));
  q.push_control("{\"op\":\"advertise\"}");
  q.push_message(2, 0, bytes(1));
  q.push_control("{\"op\":\"status\"}");
  EXPECT_EQ(q.pop().text, "{\"op\":\"advertise\"}");
  EXPECT_EQ(q.pop().text, "{\"op\":\"status\"}");
  EXPECT_EQ(q.pop().header[1], 2);
  EXPECT_EQ(q.counters().dropped, 1u);
  for (size_t i = 0; i <= fx::OutboundQueue::kMaxControlFrames; ++i) {
    EXPECT_FALSE(q.overflowed());
    q.push_control("{}");
  }
  EXPECT_TRUE(q.overflowed());
}

TEST(FieldProbe, ReadsNestedScalarsAndChecksSequenceSizes) {
  auto odom = std::make_unique<nav_msgs::msg::Odometry>();
  odom->pose.pose.position.x = 2.5;
  odom->header.stamp.sec = 17;
  auto desc = parse(nav_msgs::msg::Odometry::kDescriptor);
  auto x = fx::FieldProbe::locate(desc, "pose.pose.position.x");
  EXPECT_EQ(x.scalar_type(), "float64");
  EXPECT_EQ(x.read(odom.get(), sizeof *odom), 2.5);
  EXPECT_EQ(fx::FieldProbe::locate(desc, "header.stamp.sec").read(odom.get(), sizeof *odom), 17.0);
  EXPECT_EQ(fx::FieldProbe::locate(desc, "pose.covariance[35]").offset(),
            offsetof(nav_msgs::msg::Odometry, pose) + offsetof(geometry_msgs::msg::PoseWithCovariance, covariance) + 35 * 8);
  EXPECT_EQ(x.read(odom.get(), 10), std::nullopt);  // too short

  auto scan = std::make_unique<sensor_msgs::msg::LaserScan>();
  scan->ranges.assign({1.0f, 2.0f, 3.0f});
  auto r2 = fx::FieldProbe::locate(parse(sensor_msgs::msg::LaserScan::kDescriptor), "ranges[2]");
  EXPECT_EQ(r2.read(scan.get(), sizeof *scan), 3.0);
  scan->ranges.resize(2);
  EXPECT_EQ(r2.read(scan.get(), sizeof *scan), std::nullopt);  // past the sequence's size
}

TEST(FieldProbe, RefusesPathsThatAreNotNumbersNamingWhy) {
  auto desc = parse(nav_msgs::msg::Odometry::kDescriptor);
  auto error = [&](const char* path) {
    try {
      fx::FieldProbe::locate(desc, path);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error("header.frame_id"), "field 'header.frame_id' of nav_msgs/Odometry: 'frame_id' is a string, not a number");
  EXPECT_EQ(error("pose.pose"), "field 'pose.pose' of nav_msgs/Odometry: 'pose' is a message (geometry_msgs/Pose): name one of its fields");
  EXPECT_EQ(error("pose.covariance"), "field 'pose.covariance' of nav_msgs/Odometry: 'covariance' is an array: give an index, e.g. covariance[0]");
  EXPECT_EQ(error("pose.covariance[36]"), "field 'pose.covariance[36]' of nav_msgs/Odometry: index 36 is past 'covariance' (36 elements at most)");
  EXPECT_EQ(error("twist.nope"), "field 'twist.nope' of nav_msgs/Odometry: geometry_msgs/TwistWithCovariance has no field 'nope'");
  EXPECT_EQ(error("header..x"), "bad field path 'header..x' at column 8: expected a field name");
}

TEST(FieldProbe, ListsScalarPathsOutsideArrays) {
  auto paths = fx::FieldProbe::scalar_paths(parse(nav_msgs::msg::Odometry::kDescriptor), 100);
  ASSERT_GE(paths.size(), 4u);
  EXPECT_EQ(paths[0], "header.stamp.sec");
  EXPECT_EQ(paths[1], "header.stamp.nanosec");
  EXPECT_EQ(paths[2], "pose.pose.position.x");
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "twist.twist.angular.z"), 1);
}

TEST(Protocol, AnswersWithTheFirstSubprotocolItSpeaks) {
  EXPECT_EQ(fx::choose_subprotocol("foxglove.websocket.v1"), "foxglove.websocket.v1");
  EXPECT_EQ(fx::choose_subprotocol("foxglove.sdk.v1"), "foxglove.sdk.v1");
  EXPECT_EQ(fx::choose_subprotocol("x, foxglove.websocket.v1 , foxglove.sdk.v1"), "foxglove.websocket.v1");
  EXPECT_EQ(fx::choose_subprotocol("foxglove.websocket.v2, x"), "");
  EXPECT_EQ(fx::choose_subprotocol(""), "");
}

TEST(Protocol, EscapesWhatItEchoes) {
  EXPECT_EQ(fx::status_json(fx::StatusLevel::Error, "unknown op '\"\\\n'"),
            "{\"level\":2,\"message\":\"unknown op '\\\"\\\\\\n'\",\"op\":\"status\"}");
}

TEST(RequestTarget, DecodesThePathAndTheQuery) {
  fx::RequestTarget t = fx::parse_target("/api/field?topic=%2Frobot%2Fodom&path=pose.x&since=12&flag");
  EXPECT_EQ(t.path, "/api/field");
  EXPECT_EQ(t.query["topic"], "/robot/odom");
  EXPECT_EQ(t.query["path"], "pose.x");
  EXPECT_EQ(t.query["since"], "12");
  EXPECT_EQ(t.query["flag"], "");
  EXPECT_EQ(fx::parse_target("/a%2").path, "/a%2");  // a cut escape stays as it is
}

TEST(ParameterValues, MapToTheDeclaredTypeBothWays) {
  using dmxp::rt::ParameterValue;
  nlohmann::json two = {{"name", "/n.p"}, {"value", 2}};
  EXPECT_EQ(fx::parameter_from_json(two, "double"), ParameterValue(2.0));
  EXPECT_EQ(fx::parameter_from_json(two, ""), ParameterValue(int64_t(2)));
  EXPECT_EQ(fx::parameter_from_json({{"name", "/n.p"}, {"value", 2}, {"type", "float64"}}, ""), ParameterValue(2.0));
  EXPECT_EQ(fx::parameter_from_json({{"name", "/n.p"}, {"value", {1, 2}}}, "double_array"),
            ParameterValue(std::vector<double>{1.0, 2.0}));
  EXPECT_EQ(fx::parameter_from_json({{"name", "/n.p"}, {"value", {"a"}}}, ""),
            ParameterValue(std::vector<std::string>{"a"}));
  EXPECT_THROW(fx::parameter_from_json({{"name", "/n.p"}, {"value", "x"}}, "integer"), std::runtime_error);
  EXPECT_THROW(fx::parameter_from_json({{"name", "/n.p"}, {"value", {1, "a"}}}, ""), std::runtime_error);
  EXPECT_EQ(fx::parameter_json("/n.p", ParameterValue(2.0)),
            (nlohmann::json{{"name", "/n.p"}, {"value", 2.0}, {"type", "float64"}}));
  EXPECT_EQ(fx::parameter_json("/n.q", ParameterValue(int64_t(7))), (nlohmann::json{{"name", "/n.q"}, {"value", 7}}));
}
