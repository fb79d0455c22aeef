// Text forms of decoded messages (YAML, JSON, CSV), array limits, field paths and filters.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>

#include <sensor_msgs/msg/LaserScan.hpp>

#include "decode/generic_reader.hpp"
#include "decode/value_filter.hpp"
#include "decode/value_format.hpp"
#include "decode/value_path.hpp"

namespace {

using namespace dmxp::cli;

json::Value scan() {
  auto m = std::make_unique<sensor_msgs::msg::LaserScan>();
  m->header.stamp.sec = 7;
  m->header.frame_id = "laser one";
  m->angle_min = -1.5f;
  m->range_max = 30.0f;
  for (int i = 0; i < 4; ++i) m->ranges.push_back(float(i) + 0.5f);
  return GenericReader(sensor_msgs::msg::LaserScan::kDescriptor).decode(m.get(), sizeof *m);
}

TEST(Format, YamlLooksLikeRos2Echo) {
  EXPECT_EQ(to_yaml(scan(), {false, 2}),
            "header:\n  stamp:\n    sec: 7\n    nanosec: 0\n  frame_id: 'laser one'\n"
            "angle_min: -1.5\nangle_max: 0.0\nangle_increment: 0.0\ntime_increment: 0.0\n"
            "scan_time: 0.0\nrange_min: 0.0\nrange_max: 30.0\n"
            "ranges:\n  - 0.5\n  - 1.5\n  - '... (2 more)'\nintensities: []\n");
  EXPECT_NE(to_yaml(scan(), {true}).find("ranges: '<array of 4>'\n"), std::string::npos);
}

TEST(Format, JsonIsOneCompactObject) {
  ValuePath p = parse_value_path("header");
  EXPECT_EQ(to_json(*find_value(scan(), p), {}), R"({"stamp":{"sec":7,"nanosec":0},"frame_id":"laser one"})");
  EXPECT_EQ(to_json(*find_value(scan(), parse_value_path("ranges")), {false, 1}), R"j([0.5,"... (3 more)"])j");
}

TEST(Format, CsvHasAHeaderAndFlattenedLeaves) {
  json::Value v = scan();
  const json::Value* h = find_value(v, parse_value_path("header"));
  EXPECT_EQ(csv_header(*h, {}), "stamp.sec,stamp.nanosec,frame_id");
  EXPECT_EQ(csv_row(*h, {}), "7,0,laser one");
  const json::Value* r = find_value(v, parse_value_path("ranges"));
  EXPECT_EQ(csv_header(*r, {false, 2}), "0,1");
  EXPECT_EQ(csv_row(*r, {false, 2}), "0.5,1.5");
}

TEST(Path, SelectsFieldsAndItems) {
  json::Value v = scan();
  EXPECT_DOUBLE_EQ(find_value(v, parse_value_path("ranges[3]"))->d, 3.5);
  EXPECT_EQ(find_value(v, parse_value_path("header.stamp.sec"))->i, 7);
  EXPECT_EQ(find_value(v, parse_value_path("ranges[4]")), nullptr);
  EXPECT_EQ(find_value(v, parse_value_path("nope")), nullptr);
  try {
    parse_value_path("ranges[x]");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "bad field path 'ranges[x]' at column 8: expected an index");
  }
}

TEST(Filter, ComparesNumbersAndText) {
  json::Value v = scan();
  EXPECT_TRUE(ValueFilter("header.stamp.sec == 7").matches(v));
  EXPECT_FALSE(ValueFilter("header.stamp.sec > 7").matches(v));
  EXPECT_TRUE(ValueFilter("ranges[1] >= 1.5 && header.frame_id == 'laser one'").matches(v));
  EXPECT_TRUE(ValueFilter("range_max < 1 || angle_min < -1").matches(v));
  EXPECT_FALSE(ValueFilter("range_max < 1 || angle_min > -1").matches(v));
  EXPECT_THROW(ValueFilter("header.frame_id > 3").matches(v), std::runtime_error);
  EXPECT_THROW(ValueFilter("missing == 1").matches(v), std::runtime_error);
  try {
    ValueFilter("a = 1");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "bad filter 'a = 1' at column 3: expected a comparison (== != < <= > >=)");
  }
}

}  // namespace
