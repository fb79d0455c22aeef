// Declared topics: the launcher creates their channels before any node starts, with the
// declared type, capacity, slot size, delivery and reliability; a channel that exists with
// another type is refused before anything starts.
#include <dmxp_nodes_msgs/msg/Probe.hpp>

#include <dmxp/msg/typed.hpp>

#include "launch_harness.hpp"

namespace launch_test {
namespace {

using TopicsTest = LaunchTest;

TEST_F(TopicsTest, ChannelsAreCreatedAsDeclared) {
  write("graph.yaml",
        "topics:\n"
        "  - {name: /robot/scan, type: sensor_msgs/LaserScan, capacity: 16, reliability: best_effort}\n"
        "  - {name: jobs, slot_size: 256, capacity: 64, delivery: queue}\n"
        "  - {name: /skipped, slot_size: 8, if: \"false\"}\n");
  std::string out;
  LaunchExit r = run({"graph.yaml"}, &out);
  EXPECT_TRUE(r.exited && r.code == 0) << out;
  EXPECT_NE(out.find("nothing to run"), std::string::npos) << out;
  dmxp_channel_info scan = info(channel("t.robot.scan"));
  EXPECT_STREQ(scan.type_name, "sensor_msgs/LaserScan");
  EXPECT_EQ(scan.capacity, 16u);
  EXPECT_EQ(scan.backpressure, DMXP_KEEP_LAST);
  EXPECT_EQ(scan.mode, DMXP_MODE_BROADCAST);
  dmxp_channel_info jobs = info(channel("t.jobs"));
  EXPECT_EQ(jobs.type_fingerprint, 0u);
  EXPECT_EQ(jobs.slot_size, 256u);
  EXPECT_EQ(jobs.capacity, 64u);
  EXPECT_EQ(jobs.mode, DMXP_MODE_QUEUE);
  EXPECT_EQ(jobs.backpressure, DMXP_RELIABLE);
  EXPECT_EQ(channels().size(), 2u);
}

TEST_F(TopicsTest, AnExistingChannelOfAnotherTypeIsRefused) {
  {
    dmxp::ChannelOptions o = dmxp::msg::typed_options<dmxp_nodes_msgs::msg::Probe>();
    o.domain(domain());
    ASSERT_TRUE(dmxp::Producer::open(channel("t.scan"), o).ok());
  }
  write("graph.yaml", "topics:\n  - {name: /scan, type: sensor_msgs/LaserScan}\n");
  std::string out;
  EXPECT_EQ(run({"graph.yaml"}, &out).code, 2);
  EXPECT_NE(out.find("graph.yaml:2:5: error: topic '/scan' already exists in domain '" + std::string(domain()) +
                     "' as broadcast channel of type 'dmxp_nodes_msgs/Probe'; remove it (dmxp channel rm "
                     "t.scan) or declare it as it is\n"),
            std::string::npos)
      << out;
}

TEST_F(TopicsTest, TypedTopicSlotSizeMustBeTheTypes) {
  write("graph.yaml", "topics:\n  - {name: /imu, type: sensor_msgs/Imu, slot_size: 64}\n");
  std::string out;
  EXPECT_EQ(run({"--check", "graph.yaml"}, &out).code, 2);
  EXPECT_NE(out.find("graph.yaml:2:5: error: topic '/imu': slot_size 64 differs from the size of "
                     "'sensor_msgs/Imu' (440 bytes); leave slot_size out for typed topics\n"),
            std::string::npos)
      << out;
}

}  // namespace
}  // namespace launch_test
