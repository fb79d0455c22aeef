// BoundedString and BoundedSequence: layout, checked writes (no silent truncation), clamped
// reads of sizes written by someone else.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include <dmxp/msg/support.hpp>

using dmxp::msg::BoundedSequence;
using dmxp::msg::BoundedString;
using dmxp::msg::CapacityError;

static_assert(sizeof(BoundedString<5>) == 12 && alignof(BoundedString<5>) == 4);
static_assert(sizeof(BoundedString<4>) == 8);
static_assert(sizeof(BoundedSequence<uint8_t, 3>) == 8);
static_assert(sizeof(BoundedSequence<double, 2>) == 24 && alignof(BoundedSequence<double, 2>) == 8);
static_assert(std::is_standard_layout_v<BoundedSequence<BoundedString<3>, 2>>);
static_assert(std::is_trivially_copyable_v<BoundedSequence<BoundedString<3>, 2>>);

TEST(BoundedString, AssignsWithinCapacityAndRefusesMore) {
  BoundedString<5> s;
  EXPECT_TRUE(s.empty());
  s = "hello";
  EXPECT_EQ(s.view(), "hello");
  EXPECT_FALSE(s.try_assign("toolong"));
  EXPECT_EQ(s.view(), "hello");  // unchanged
  try {
    s.assign("toolong");
    FAIL() << "no exception";
  } catch (const CapacityError& e) {
    EXPECT_STREQ(e.what(), "a string of 7 exceeds the field's capacity of 5");
    EXPECT_EQ(e.wanted(), 7u);
    EXPECT_EQ(e.capacity(), 5u);
  }
  EXPECT_THROW(s = std::string(6, 'x'), CapacityError);
  s.clear();
  EXPECT_EQ(s.str(), "");
}

TEST(BoundedString, KeepsEmbeddedNulsAndClampsForeignSizes) {
  BoundedString<8> s;
  s = std::string_view("a\0b", 3);
  EXPECT_EQ(s.size(), 3u);
  uint32_t bad = 1000;
  std::memcpy(static_cast<void*>(&s), &bad, 4);
  EXPECT_EQ(s.size(), 8u);
  EXPECT_EQ(s.view().size(), 8u);
}

TEST(BoundedSequence, PushResizeAssignAndAt) {
  BoundedSequence<int32_t, 3> v;
  v.push_back(1);
  EXPECT_TRUE(v.try_push_back(2));
  v.push_back(3);
  EXPECT_TRUE(v.full());
  EXPECT_FALSE(v.try_push_back(4));
  EXPECT_THROW(v.push_back(4), CapacityError);
  EXPECT_EQ(v.size(), 3u);
  int sum = 0;
  for (int x : v) sum += x;
  EXPECT_EQ(sum, 6);
  EXPECT_THROW(v.at(3), std::out_of_range);
  EXPECT_FALSE(v.try_resize(4));
  v.resize(1);
  EXPECT_EQ(v.span().size(), 1u);
  std::vector<int32_t> four{1, 2, 3, 4};
  EXPECT_FALSE(v.try_assign(four));
  EXPECT_EQ(v.size(), 1u);
  EXPECT_THROW(v.assign(four), CapacityError);
}

TEST(BoundedSequence, DataFollowsTheSizeWordAsDocumented) {
  BoundedSequence<double, 2> d;
  BoundedSequence<uint16_t, 2> s;
  EXPECT_EQ(reinterpret_cast<char*>(d.data()) - reinterpret_cast<char*>(&d), 8);
  EXPECT_EQ(reinterpret_cast<char*>(s.data()) - reinterpret_cast<char*>(&s), 4);
  uint32_t bad = 77;
  std::memcpy(static_cast<void*>(&s), &bad, 4);
  EXPECT_EQ(s.size(), 2u);
}
