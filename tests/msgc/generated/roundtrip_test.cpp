// Fields written through the generated structs read back through the layout descriptor alone
// (support/generic_reader.hpp), the way a tool or another language would decode them.
#include <gtest/gtest.h>

#include <memory>

#include "generic_reader.hpp"
#include <demo_msgs/msg/Everything.hpp>
#include <geometry_msgs/msg/PoseStamped.hpp>
#include <nav_msgs/msg/Path.hpp>
#include <sensor_msgs/msg/Image.hpp>
#include <sensor_msgs/msg/JointState.hpp>
#include <sensor_msgs/msg/LaserScan.hpp>
#include <sensor_msgs/msg/PointCloud2.hpp>

using msgc_test::GenericReader;
using msgc_test::json::Value;

namespace {

template <class T>
Value decode(const T& msg) {
  return GenericReader(T::kDescriptor).decode(&msg, sizeof(T));
}

}  // namespace

TEST(RoundTrip, EveryKindOfField) {
  auto m = std::make_unique<demo_msgs::msg::Everything>();
  m->b = false;
  m->by = 200;
  m->i8 = -100;
  m->u16 = 65535;
  m->i32 = -7;
  m->i64 = -(int64_t(1) << 40);
  m->u64 = ~uint64_t(0);
  m->f32 = 0.25f;
  m->f64 = 1e300;
  m->name = "zero-copy";
  m->short_name = "abcde";
  m->fixed = {7, 8, 9};
  m->bounded.assign({1.0f, 2.0f});
  m->blob.assign({1, 2, 3, 4, 5, 6, 7, 8});
  m->pair[1] = "second";
  m->tags.push_back("t1");
  m->tags.push_back("t2");
  m->words.assign({"alpha", "beta", "gamma"});
  m->base.id = 5;
  m->base.label = "base";
  m->bases[1].label = "b1";
  m->more_bases.resize(2);
  m->more_bases[1].id = -3;
  m->inner.value = 2.5;
  m->inner.small.assign({10, 20});
  m->inner.pair.push_back(-1.5);
  m->inners.resize(1);
  m->inners[0].flag = 9;
  m->inners[0].pair.assign({3.0, 4.0});
  m->stamp.sec = 1700000000;
  m->span.sec = -2;
  m->header.frame_id = "map";
  m->header.stamp.nanosec = 999;
  m->point.z = -1;
  m->covariance[35] = 6.5;
  m->samples.assign({0.5f, 0.25f, 0.125f, 1.0f, 2.0f});
  m->last = 123456789012345;

  Value v = decode(*m);
  EXPECT_FALSE(v["b"].b);
  EXPECT_EQ(v["by"].u, 200u);
  EXPECT_EQ(v["ch"].u, 65u);  // default
  EXPECT_EQ(v["i8"].i, -100);
  EXPECT_EQ(v["u16"].u, 65535u);
  EXPECT_EQ(v["i32"].i, -7);
  EXPECT_EQ(v["i64"].i, -(int64_t(1) << 40));
  EXPECT_EQ(v["u64"].u, ~uint64_t(0));
  EXPECT_EQ(v["f32"].d, 0.25);
  EXPECT_EQ(v["f64"].d, 1e300);
  EXPECT_EQ(v["name"].s, "zero-copy");
  EXPECT_EQ(v["short_name"].s, "abcde");
  ASSERT_EQ(v["fixed"].array.size(), 3u);
  EXPECT_EQ(v["fixed"][2].i, 9);
  ASSERT_EQ(v["bounded"].array.size(), 2u);
  EXPECT_EQ(v["bounded"][1].d, 2.0);
  EXPECT_EQ(v["blob"].array.size(), 8u);
  EXPECT_EQ(v["pair"][0].s, "a");  // default
  EXPECT_EQ(v["pair"][1].s, "second");
  ASSERT_EQ(v["tags"].array.size(), 2u);
  EXPECT_EQ(v["tags"][1].s, "t2");
  ASSERT_EQ(v["words"].array.size(), 3u);
  EXPECT_EQ(v["words"][2].s, "gamma");
  EXPECT_EQ(v["base"]["id"].i, 5);
  EXPECT_EQ(v["base"]["label"].s, "base");
  EXPECT_EQ(v["bases"][1]["label"].s, "b1");
  ASSERT_EQ(v["more_bases"].array.size(), 2u);
  EXPECT_EQ(v["more_bases"][1]["id"].i, -3);
  EXPECT_EQ(v["inner"]["value"].d, 2.5);
  ASSERT_EQ(v["inner"]["small"].array.size(), 2u);
  EXPECT_EQ(v["inner"]["small"][1].u, 20u);
  EXPECT_EQ(v["inner"]["pair"][0].d, -1.5);
  ASSERT_EQ(v["inners"].array.size(), 1u);
  EXPECT_EQ(v["inners"][0]["flag"].u, 9u);
  EXPECT_EQ(v["inners"][0]["pair"][1].d, 4.0);
  EXPECT_EQ(v["stamp"]["sec"].i, 1700000000);
  EXPECT_EQ(v["span"]["sec"].i, -2);
  EXPECT_EQ(v["header"]["frame_id"].s, "map");
  EXPECT_EQ(v["header"]["stamp"]["nanosec"].u, 999u);
  EXPECT_EQ(v["point"]["z"].d, -1.0);
  EXPECT_EQ(v["covariance"][35].d, 6.5);
  EXPECT_EQ(v["wide"].array.size(), 6u);
  EXPECT_EQ(v["samples"][4].d, 2.0);
  EXPECT_EQ(v["last"].i, 123456789012345);
}

TEST(RoundTrip, StandardSensorAndNavigationTypes) {
  auto scan = std::make_unique<sensor_msgs::msg::LaserScan>();
  scan->header.frame_id = "laser";
  scan->angle_increment = 0.01f;
  for (int i = 0; i < 720; ++i) scan->ranges.push_back(float(i) / 10);
  Value s = decode(*scan);
  EXPECT_EQ(s["header"]["frame_id"].s, "laser");
  ASSERT_EQ(s["ranges"].array.size(), 720u);
  EXPECT_FLOAT_EQ(float(s["ranges"][719].d), 71.9f);
  EXPECT_TRUE(s["intensities"].array.empty());

  auto joints = std::make_unique<sensor_msgs::msg::JointState>();
  joints->name.assign({"shoulder", "elbow"});
  joints->position.assign({0.1, -0.2});
  Value j = decode(*joints);
  EXPECT_EQ(j["name"][1].s, "elbow");
  EXPECT_EQ(j["position"][1].d, -0.2);

  auto cloud = std::make_unique<sensor_msgs::msg::PointCloud2>();
  sensor_msgs::msg::PointField x;
  x.name = "x";
  x.datatype = sensor_msgs::msg::PointField::FLOAT32;
  x.count = 1;
  cloud->fields.push_back(x);
  cloud->data.resize(16);
  cloud->data[15] = 0xEE;
  cloud->is_dense = true;
  Value c = decode(*cloud);
  EXPECT_EQ(c["fields"][0]["name"].s, "x");
  EXPECT_EQ(c["fields"][0]["datatype"].u, 7u);
  EXPECT_EQ(c["data"][15].u, 0xEEu);
  EXPECT_TRUE(c["is_dense"].b);

  auto path = std::make_unique<nav_msgs::msg::Path>();
  geometry_msgs::msg::PoseStamped p;
  p.pose.position.x = 4;
  path->poses.push_back(p);
  path->poses.push_back(p);
  Value pv = decode(*path);
  ASSERT_EQ(pv["poses"].array.size(), 2u);
  EXPECT_EQ(pv["poses"][1]["pose"]["position"]["x"].d, 4.0);
  EXPECT_EQ(pv["poses"][1]["pose"]["orientation"]["w"].d, 1.0);  // Quaternion's default
}

TEST(RoundTrip, FourKImageOnTheHeap) {
  auto img = std::make_unique<sensor_msgs::msg::Image>();  // ~25 MB: never on the stack
  img->height = 2160;
  img->width = 3840;
  img->encoding = "rgb8";
  img->step = 3840 * 3;
  img->data.resize(size_t(img->step) * img->height);
  img->data[img->data.size() - 1] = 0x7F;
  EXPECT_EQ(img->data.size(), img->data.capacity());
  // Decoding 25 M elements as a tree is too heavy for a unit test: check the fields around.
  msgc_test::json::Value d = msgc_test::json::parse(sensor_msgs::msg::Image::kDescriptor);
  const auto* bytes = reinterpret_cast<const unsigned char*>(img.get());
  const auto& data = d["fields"][6];
  ASSERT_EQ(data["name"].str(), "data");
  uint32_t n;
  std::memcpy(&n, bytes + data["length_offset"].as_u64(), 4);
  EXPECT_EQ(n, 3840u * 2160u * 3u);
  EXPECT_EQ(bytes[data["data_offset"].as_u64() + n - 1], 0x7F);
  img->data.resize(4);  // small enough to decode fully
  Value v = decode(*img);
  EXPECT_EQ(v["encoding"].s, "rgb8");
  EXPECT_EQ(v["width"].u, 3840u);
  EXPECT_EQ(v["data"].array.size(), 4u);
}

TEST(RoundTrip, CorruptSizesAreClampedByReaders) {
  auto m = std::make_unique<demo_msgs::msg::Everything>();
  uint32_t huge = 0xFFFFFFFF;
  std::memcpy(static_cast<void*>(&m->blob), &huge, 4);  // a hostile writer's size word
  std::memcpy(static_cast<void*>(&m->name), &huge, 4);
  EXPECT_EQ(m->blob.size(), 8u);
  EXPECT_EQ(m->name.size(), 24u);
  Value v = decode(*m);
  EXPECT_EQ(v["blob"].array.size(), 8u);
  EXPECT_EQ(v["name"].s.size(), 24u);
}
