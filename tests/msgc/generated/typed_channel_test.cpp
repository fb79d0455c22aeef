// Generated types on real channels: typed_options<T>() stores the fingerprint, name and
// layout descriptor in the channel; a consumer reads the message in place and a tool decodes
// it from the stored descriptor alone; a channel refuses another type.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <dmxp/msg/typed.hpp>
#include <geometry_msgs/msg/PoseStamped.hpp>
#include <geometry_msgs/msg/Twist.hpp>
#include <new>

#include "generic_reader.hpp"

namespace {

// A domain of this test alone (under $DMXP_TEST_DOMAIN_PREFIX, which test.sh checks for
// leftovers), removed at the end.
class TypedChannel : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* prefix = std::getenv("DMXP_TEST_DOMAIN_PREFIX");
    domain_ = std::string(prefix && *prefix ? prefix : "t") + "m" + std::to_string(getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name();
    domain_ = domain_.substr(0, 32);
  }
  void TearDown() override {
    dmxp_channel_remove(domain_.c_str(), "pose");
    shm_unlink(("/dmxp." + domain_ + ".keys").c_str());
  }
  std::string domain_;
};

using geometry_msgs::msg::PoseStamped;

}  // namespace

TEST_F(TypedChannel, SendInPlaceReceiveInPlaceAndDecodeFromTheStoredDescriptor) {
  auto opts = dmxp::msg::typed_options<PoseStamped>();
  opts.domain(domain_.c_str()).capacity(4);
  auto cons = dmxp::Consumer::open("pose", opts).value();
  auto prod = dmxp::Producer::open("pose", opts).value();

  void* slot = prod.loan(sizeof(PoseStamped)).value();
  ASSERT_EQ(reinterpret_cast<uintptr_t>(slot) % alignof(PoseStamped), 0u);
  auto* out = new (slot) PoseStamped();
  out->header.frame_id = "odom";
  out->pose.position.x = 1.25;
  prod.commit(sizeof(PoseStamped)).value();

  dmxp::Message msg = cons.receive(5'000'000'000).value();
  ASSERT_EQ(msg.size(), sizeof(PoseStamped));
  const auto* in = static_cast<const PoseStamped*>(msg.data());
  EXPECT_EQ(in->header.frame_id.view(), "odom");
  EXPECT_EQ(in->pose.position.x, 1.25);
  EXPECT_EQ(in->pose.orientation.w, 1.0);

  dmxp_channel_info info{};
  ASSERT_EQ(dmxp_channel_info_get(domain_.c_str(), "pose", &info), DMXP_OK);
  EXPECT_EQ(info.type_fingerprint, PoseStamped::kFingerprint);
  EXPECT_STREQ(info.type_name, "geometry_msgs/PoseStamped");

  uint64_t size = 0;
  ASSERT_EQ(dmxp_channel_descriptor_get(domain_.c_str(), "pose", nullptr, 0, &size), DMXP_OK);
  std::string stored(size, '\0');
  ASSERT_EQ(dmxp_channel_descriptor_get(domain_.c_str(), "pose", stored.data(), size, &size), DMXP_OK);
  EXPECT_EQ(stored, PoseStamped::kDescriptor);
  auto decoded = msgc_test::GenericReader(stored).decode(msg.data(), msg.size());
  EXPECT_EQ(decoded["header"]["frame_id"].s, "odom");
  EXPECT_EQ(decoded["pose"]["position"]["x"].d, 1.25);
}

TEST_F(TypedChannel, RefusesAnotherType) {
  auto opts = dmxp::msg::typed_options<PoseStamped>();
  opts.domain(domain_.c_str()).capacity(4);
  auto prod = dmxp::Producer::open("pose", opts).value();
  auto other = dmxp::msg::typed_options<geometry_msgs::msg::Twist>();
  other.domain(domain_.c_str()).slot_size(0);  // only the type differs
  auto cons = dmxp::Consumer::open("pose", other);
  ASSERT_FALSE(cons.ok());
  EXPECT_EQ(cons.status(), DMXP_ERR_INCOMPATIBLE);
}
