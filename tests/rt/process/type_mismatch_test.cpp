// A topic carries one type: a publisher or subscription of another type is refused with an
// error naming the topic and both types, whichever process created the topic.
#include <rt_test_msgs/msg/Other.hpp>

#include "rt_test_support.hpp"
#include "sample.hpp"

using namespace rt_test;
using rt_test_msgs::msg::Other;

class TypeMismatchTest : public RtTest {};

TEST_F(TypeMismatchTest, RefusesOtherTypesNamingTopicAndBothTypes) {
  auto talker = peer("talker", {"chatter", "0", "hold=1"});
  ASSERT_TRUE(talker.wait_token('R', kWaitMs));
  auto node = std::make_shared<dmxp::rt::Node>("intruder", node_options());
  auto check = [&](const dmxp::Error& e) {
    EXPECT_EQ(e.status(), DMXP_ERR_INCOMPATIBLE);
    std::string m = e.what();
    for (const char* part : {"'/chatter'", "rt_test_msgs/Sample", "rt_test_msgs/Other"})
      EXPECT_NE(m.find(part), std::string::npos) << m;
  };
  auto sub = node->create_subscription<Other>("chatter", dmxp::rt::QoS(), [](const Other&) {});
  ASSERT_FALSE(sub.ok());
  check(sub.error());
  EXPECT_NE(std::string(sub.error().what()).find("subscription"), std::string::npos);
  auto pub = node->create_publisher<Other>("/chatter", dmxp::rt::QoS());
  ASSERT_FALSE(pub.ok());
  check(pub.error());
  // The right type is welcome.
  EXPECT_TRUE(node->create_subscription<Sample>("chatter", dmxp::rt::QoS(), [](const Sample&) {}).ok());
  EXPECT_EQ(terminate(talker).code, 0);
  // The topic outlives its creator, and so does its type.
  EXPECT_FALSE(node->create_publisher<Other>("chatter", dmxp::rt::QoS()).ok());
}
