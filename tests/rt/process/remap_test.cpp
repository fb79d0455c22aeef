// Remapping from the command line: topic remaps, __node and __ns, private names; the graph
// shows the resolved names.
#include "rt_test_support.hpp"
#include "sample.hpp"

using namespace rt_test;

class RemapTest : public RtTest {};

TEST_F(RemapTest, CommandLineRemapsTopicNodeAndNamespace) {
  auto node = std::make_shared<dmxp::rt::Node>("listener", node_options());
  std::atomic<uint64_t> got{0};
  auto sub = node->create_subscription<Sample>("/remapped/topic", dmxp::rt::QoS(16),
                                               [&](const Sample& s) { if (sample_ok(s)) ++got; }).value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node);
  BackgroundSpin spin(exec);
  auto talker = peer("talker", {"chatter", "50", "wait_go=1", "hold=1", "--ros-args", "-r",
                                "chatter:=/remapped/topic", "-r", "__ns:=/robot", "-r",
                                "__node:=speaker"});
  ASSERT_TRUE(talker.wait_token('R', kWaitMs));
  ASSERT_TRUE(talker.send_token('G'));
  ASSERT_TRUE(wait_until([&] { return got.load() == 50; }));
  auto snap = node->graph()->snapshot();
  const dmxp::rt::GraphNode* speaker = snap.node("/robot/speaker");
  ASSERT_NE(speaker, nullptr);
  EXPECT_EQ(speaker->pid, talker.pid());
  auto pubs = snap.endpoints_of("/remapped/topic", dmxp::rt::EndpointKind::Publisher);
  ASSERT_EQ(pubs.size(), 1u);
  EXPECT_EQ(pubs[0].node, "/robot/speaker");
  // Its parameter service follows its name.
  EXPECT_EQ(snap.endpoints_of("/robot/speaker/_parameters", dmxp::rt::EndpointKind::ServiceServer).size(), 1u);
  EXPECT_EQ(terminate(talker).code, 0);
}

TEST_F(RemapTest, NodeOptionsRemapPrivateNames) {
  auto opts = node_options();
  opts.ns("/robot").remap("~/out", "/elsewhere").arguments({"--ros-args", "-r", "in:=/shared/in"});
  dmxp::rt::Node node("lidar", opts);
  EXPECT_EQ(node.get_fully_qualified_name(), "/robot/lidar");
  EXPECT_EQ(node.resolve_topic_name("~/out").value(), "/elsewhere");
  EXPECT_EQ(node.resolve_topic_name("~/other").value(), "/robot/lidar/other");
  auto pub = node.create_publisher<Sample>("in", dmxp::rt::QoS());
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(pub.value().topic_name(), "/shared/in");
  EXPECT_TRUE(channel_exists("t.shared.in"));
  EXPECT_THROW(dmxp::rt::Node("bad/name", node_options()), dmxp::Error);
  EXPECT_THROW(dmxp::rt::Node("n", node_options().arguments({"--ros-args", "-x"})), dmxp::Error);
}

TEST_F(RemapTest, LogLevelsPerNode) {
  auto args = std::vector<std::string>{"--ros-args", "--log-level", "warn", "--log-level", "chatty:=debug"};
  dmxp::rt::Node quiet("quiet", node_options().arguments(args));
  dmxp::rt::Node chatty("chatty", node_options().arguments(args));
  dmxp::rt::Node fixed("fixed", node_options().arguments(args).log_level("error"));
  EXPECT_EQ(quiet.logger().level(), spdlog::level::warn);
  EXPECT_EQ(chatty.logger().level(), spdlog::level::debug);
  EXPECT_EQ(fixed.logger().level(), spdlog::level::err);  // the node's own option wins
  EXPECT_EQ(chatty.logger().name(), "/chatty");
  chatty.set_log_level("off");
  EXPECT_EQ(chatty.logger().level(), spdlog::level::off);
}
