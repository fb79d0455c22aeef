// The default constructor zeroes every byte (padding included) and then applies the
// defaults of the .msg file; the SkipInit constructor leaves the storage of bounded strings
// and sequences alone.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <new>
#include <vector>

#include "json.hpp"
#include <demo_msgs/msg/Everything.hpp>
#include <geometry_msgs/msg/Pose.hpp>
#include <sensor_msgs/msg/Image.hpp>

namespace {

// Constructs T in memory that held 0xAB everywhere, and returns its bytes.
template <class T, class... Args>
std::vector<unsigned char> bytes_of_new(Args... args) {
  std::vector<unsigned char> buf(sizeof(T) + alignof(T), 0xAB);
  void* at = buf.data() + (alignof(T) - reinterpret_cast<uintptr_t>(buf.data()) % alignof(T)) % alignof(T);
  T* t = new (at) T(args...);
  std::vector<unsigned char> out(reinterpret_cast<unsigned char*>(t), reinterpret_cast<unsigned char*>(t) + sizeof(T));
  t->~T();
  return out;
}

}  // namespace

TEST(Defaults, QuaternionIsTheIdentityAndEverythingElseZero) {
  geometry_msgs::msg::Pose p;
  EXPECT_EQ(p.orientation.w, 1.0);
  EXPECT_EQ(p.orientation.x, 0.0);
  auto b = bytes_of_new<geometry_msgs::msg::Pose>();
  double w;
  std::memcpy(&w, b.data() + offsetof(geometry_msgs::msg::Pose, orientation) + 24, 8);
  EXPECT_EQ(w, 1.0);
  for (size_t i = 0; i < b.size(); ++i)
    if (i < 48 || i >= 56) {
      EXPECT_EQ(b[i], 0) << "byte " << i;
    }
}

TEST(Defaults, ScalarsStringsArraysAndSequences) {
  auto m = std::make_unique<demo_msgs::msg::Everything>();
  EXPECT_TRUE(m->b);
  EXPECT_EQ(m->by, 7);
  EXPECT_EQ(m->ch, 65);
  EXPECT_EQ(m->i8, -8);
  EXPECT_EQ(m->u8, 42);
  EXPECT_EQ(m->i16, -1600);
  EXPECT_EQ(m->i64, -6400000000LL);
  EXPECT_EQ(m->u64, 6400000000ULL);
  EXPECT_EQ(m->f32, 1.5f);
  EXPECT_EQ(m->f64, -2.25);
  EXPECT_EQ(m->name.view(), "default name");
  EXPECT_TRUE(m->short_name.empty());
  EXPECT_EQ(m->fixed[1], 2);
  ASSERT_EQ(m->bounded.size(), 1u);
  EXPECT_EQ(m->bounded[0], 0.5f);
  EXPECT_EQ(m->pair[1].view(), "b");
  EXPECT_TRUE(m->blob.empty());
  EXPECT_EQ(m->header.stamp.sec, 0);
}

TEST(Defaults, Constants) {
  using demo_msgs::msg::Everything;
  static_assert(Everything::ANSWER == 42);
  static_assert(Everything::MIN_I64 == INT64_MIN);
  static_assert(Everything::MAX_U64 == UINT64_MAX);
  static_assert(Everything::FLAG);
  EXPECT_EQ(Everything::GREETING, "hello # world (ROS 1: the rest of the line)");
  EXPECT_EQ(Everything::QUOTED, "quoted # text\twith tab");
  EXPECT_DOUBLE_EQ(Everything::PI, 3.14159);
}

TEST(Defaults, PaddingBytesAreZero) {
  using demo_msgs::msg::Everything;
  auto b = bytes_of_new<Everything>();
  auto d = msgc_test::json::parse(Everything::kDescriptor);
  std::vector<bool> in_field(b.size(), false);
  for (const auto& f : d["fields"].array)
    for (uint64_t i = 0; i < f["size"].as_u64(); ++i) in_field[f["offset"].as_u64() + i] = true;
  size_t padding = 0;
  for (size_t i = 0; i < b.size(); ++i)
    if (!in_field[i]) {
      ++padding;
      EXPECT_EQ(b[i], 0) << "padding byte " << i;
    }
  EXPECT_GT(padding, 0u);
  // A field without a default is all zero, container tails included.
  const msgc_test::json::Value* found = nullptr;
  for (const auto& f : d["fields"].array)
    if (f["name"].str() == "tags") found = &f;
  ASSERT_NE(found, nullptr);
  const auto& tags = *found;
  for (uint64_t i = 0; i < tags["size"].as_u64(); ++i) EXPECT_EQ(b[tags["offset"].as_u64() + i], 0);
}

TEST(Defaults, SkipInitLeavesBoundedStorageAlone) {
  using sensor_msgs::msg::Image;
  auto b = bytes_of_new<Image>(dmxp::msg::skip_init);
  Image* img = reinterpret_cast<Image*>(b.data());  // a copy of the bytes, same alignment-free reads
  uint32_t size;
  std::memcpy(&size, b.data() + offsetof(Image, data), 4);
  EXPECT_EQ(size, 0u);
  std::memcpy(&size, b.data() + offsetof(Image, encoding), 4);
  EXPECT_EQ(size, 0u);
  EXPECT_EQ(b[offsetof(Image, data) + 4 + 1000], 0xAB);  // pixels untouched
  EXPECT_EQ(b[offsetof(Image, height)], 0);               // scalars still zero
  (void)img;
}
