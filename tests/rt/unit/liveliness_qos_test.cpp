// Manual-by-topic liveliness in QoS: the ROS 2 compatibility rule (automatic offered to a
// manual request is incompatible, the other way round is fine) and how it prints.
#include <gtest/gtest.h>

#include "dmxp/rt/qos.hpp"

using namespace dmxp::rt;
using namespace std::chrono_literals;

TEST(LivelinessQoS, ManualRequestedNeedsManualOffered) {
  QoS manual = QoS().manual_liveliness(500ms);
  EXPECT_EQ(manual.liveliness, Liveliness::ManualByTopic);
  EXPECT_EQ(manual.liveliness_lease, 500ms);
  auto issues = check_compatibility(QoS().liveliness_lease_duration(500ms), manual);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].policy, "liveliness");
  EXPECT_EQ(issues[0].reason,
            "the publisher offers automatic liveliness, the subscription requests manual by topic");
  EXPECT_TRUE(check_compatibility(manual, manual).empty());
  EXPECT_TRUE(check_compatibility(manual, QoS().liveliness_lease_duration(1s)).empty());
  // The lease rule still applies to manual endpoints.
  auto longer = check_compatibility(QoS().manual_liveliness(2s), manual);
  ASSERT_EQ(longer.size(), 1u);
  EXPECT_EQ(longer[0].policy, "liveliness");
}

TEST(LivelinessQoS, PrintsTheKind) {
  EXPECT_EQ(to_string(QoS(5).manual_liveliness(250ms)),
            "depth 5, reliable, volatile, manual-by-topic liveliness, liveliness lease 250 ms");
  EXPECT_EQ(to_string(QoS(5)), "depth 5, reliable, volatile");
}
