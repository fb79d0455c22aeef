// The generic decoder and the YAML encoder on the real descriptors of standard messages: the
// bytes generated code writes decode field by field, the YAML encoder writes the same bytes,
// and hostile descriptors or short buffers give errors, never reads outside the message.
#include <gtest/gtest.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include <geometry_msgs/msg/PoseStamped.hpp>
#include <sensor_msgs/msg/LaserScan.hpp>
#include <std_msgs/msg/String.hpp>

#include "decode/generic_reader.hpp"
#include "decode/yaml_encoder.hpp"

namespace {

using dmxp::cli::GenericReader;
using dmxp::cli::encode_yaml;

TEST(GenericReader, DecodesWhatGeneratedCodeWrote) {
  auto m = std::make_unique<sensor_msgs::msg::LaserScan>();
  m->header.stamp.sec = 12;
  m->header.stamp.nanosec = 34;
  m->header.frame_id = "laser";
  m->angle_min = -1.5f;
  for (int i = 0; i < 5; ++i) m->ranges.push_back(float(i) * 0.5f);
  GenericReader r(sensor_msgs::msg::LaserScan::kDescriptor);
  auto v = r.decode(m.get(), sizeof *m);
  EXPECT_EQ(v["header"]["stamp"]["sec"].i, 12);
  EXPECT_EQ(v["header"]["stamp"]["nanosec"].u, 34u);
  EXPECT_EQ(v["header"]["frame_id"].s, "laser");
  EXPECT_FLOAT_EQ(float(v["angle_min"].d), -1.5f);
  ASSERT_EQ(v["ranges"].array.size(), 5u);
  EXPECT_FLOAT_EQ(float(v["ranges"][4].d), 2.0f);
  EXPECT_TRUE(v["intensities"].array.empty());
}

TEST(YamlEncoder, WritesTheBytesGeneratedCodeWrites) {
  geometry_msgs::msg::PoseStamped want{};
  want.header.stamp.sec = 3;
  want.header.frame_id = "map";
  want.pose.position.x = 1.25;
  want.pose.orientation.w = 1;
  GenericReader r(geometry_msgs::msg::PoseStamped::kDescriptor);
  auto bytes = encode_yaml(r.descriptor(),
                           "header: {stamp: {sec: 3}, frame_id: map}\npose: {position: {x: 1.25}, orientation: {w: 1}}");
  ASSERT_EQ(bytes.size(), sizeof want);
  EXPECT_EQ(std::memcmp(bytes.data(), &want, sizeof want), 0);
}

TEST(YamlEncoder, NamesTheFieldAndPlaceOfBadInput) {
  GenericReader r(sensor_msgs::msg::LaserScan::kDescriptor);
  auto error_of = [&](const char* yaml) {
    try { encode_yaml(r.descriptor(), yaml); } catch (const std::runtime_error& e) { return std::string(e.what()); }
    return std::string("no error");
  };
  EXPECT_EQ(error_of("{angle_mn: 1}"),
            "line 1, column 2: field 'angle_mn' is not in sensor_msgs/LaserScan (fields: header, angle_min, "
            "angle_max, angle_increment, time_increment, scan_time, range_min, range_max, ranges, intensities)");
  EXPECT_EQ(error_of("header: {stamp: {sec: x}}"), "line 1, column 23: field 'header.stamp.sec': 'x' is not a int32");
  EXPECT_EQ(error_of("header: {stamp: {nanosec: -1}}"),
            "line 1, column 27: field 'header.stamp.nanosec': -1 is not a uint32 (0 .. 4294967295)");
  EXPECT_EQ(error_of("ranges: 3"), "line 1, column 9: field 'ranges': expected a sequence ([a, b, ...])");
  EXPECT_EQ(error_of("{a: [1"), "line 1, column 1: end of sequence flow not found");
  std::string long_id(300, 'x');
  EXPECT_EQ(error_of(("header: {frame_id: " + long_id + "}").c_str()).substr(0, 71),
            "line 1, column 20: field 'header.frame_id': text of 300 bytes is longer");
}

TEST(GenericReader, RefusesShortMessagesAndHostileDescriptors) {
  GenericReader r(std_msgs::msg::String::kDescriptor);
  char small[8] = {};
  EXPECT_THROW(r.decode(small, sizeof small), std::runtime_error);
  // A descriptor whose field lies past the message: an error, not a read out of bounds.
  GenericReader hostile(R"({"format": "dmxp.msg.layout/1", "type": "x/Y", "size": 8, "fields": [
      {"name": "a", "kind": "scalar", "type": "float64", "offset": 4096, "size": 8}], "types": {}})");
  char bytes[8] = {};
  EXPECT_THROW(hostile.decode(bytes, sizeof bytes), std::runtime_error);
  // A type that contains itself: bounded nesting.
  GenericReader cyclic(R"({"format": "dmxp.msg.layout/1", "type": "x/Y", "size": 8, "fields": [
      {"name": "a", "kind": "nested", "type": "x/Y", "offset": 0, "size": 8}],
      "types": {"x/Y": {"size": 8, "fields": [{"name": "a", "kind": "nested", "type": "x/Y", "offset": 0, "size": 8}]}}})");
  EXPECT_THROW(cyclic.decode(bytes, sizeof bytes), std::runtime_error);
  EXPECT_THROW(GenericReader("{\"format\": \"other\"}"), std::runtime_error);
  EXPECT_THROW(GenericReader("not json"), std::runtime_error);
}

}  // namespace
