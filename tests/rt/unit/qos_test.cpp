// QoS mapping onto channels and ROS 2 compatibility rules.
#include <gtest/gtest.h>

#include "dmxp/rt/qos.hpp"

using namespace dmxp::rt;
using namespace std::chrono_literals;

TEST(QoS, MapsDepthAndReliabilityOntoTheChannel) {
  EXPECT_EQ(ring_capacity(QoS(1)), 2u);
  EXPECT_EQ(ring_capacity(QoS(10)), 16u);
  EXPECT_EQ(ring_capacity(QoS(64)), 64u);
  EXPECT_EQ(backpressure(QoS()), DMXP_RELIABLE);
  EXPECT_EQ(backpressure(QoS::sensor_data()), DMXP_KEEP_LAST);
}

TEST(QoS, FollowsRos2Compatibility) {
  auto policies = [](const QoS& offered, const QoS& requested) {
    std::vector<std::string> out;
    for (const auto& i : check_compatibility(offered, requested)) out.push_back(i.policy);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(policies(QoS(), QoS()), V{});
  EXPECT_EQ(policies(QoS().best_effort(), QoS()), V{"reliability"});
  EXPECT_EQ(policies(QoS(), QoS().best_effort()), V{});
  EXPECT_EQ(policies(QoS(), QoS().transient_local()), V{"durability"});
  EXPECT_EQ(policies(QoS().transient_local(), QoS()), V{});
  EXPECT_EQ(policies(QoS(), QoS().deadline_period(100ms)), V{"deadline"});
  EXPECT_EQ(policies(QoS().deadline_period(200ms), QoS().deadline_period(100ms)), V{"deadline"});
  EXPECT_EQ(policies(QoS().deadline_period(50ms), QoS().deadline_period(100ms)), V{});
  EXPECT_EQ(policies(QoS(), QoS().liveliness_lease_duration(1s)), V{"liveliness"});
  EXPECT_EQ(policies(QoS().best_effort(), QoS().transient_local()), (V{"reliability", "durability"}));
}
