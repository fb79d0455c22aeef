// Composition: components (shared libraries) loaded by name into dmxp-container share one
// process and talk through the same channels; node libraries load by bare name.
#include <std_msgs/msg/UInt64.hpp>

#include "rt_test_support.hpp"
#include "sample.hpp"

using namespace rt_test;

class CompositionTest : public RtTest {};

TEST_F(CompositionTest, ComponentsInOneContainerTalk) {
  auto node = std::make_shared<dmxp::rt::Node>("observer", node_options());
  std::atomic<uint64_t> heard{0}, zero{0};
  auto sub = node->create_subscription<std_msgs::msg::UInt64>("heard", dmxp::rt::QoS(4).best_effort(),
                                                             [&](const std_msgs::msg::UInt64& m) {
                                                               heard = m.data;
                                                               if (m.data == 0) ++zero;
                                                             }).value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node);
  BackgroundSpin spin(exec);
  auto container = program("dmxp-container",
                           {"--load", RT_TEST_COMPONENTS, "rt_test::Talker", "--load",
                            RT_TEST_COMPONENTS, "rt_test::Listener", "--node-namespace", "/ears", "-r",
                            "chatter:=/chatter", "-r", "heard:=/heard"});
  ASSERT_TRUE(wait_until([&] { return heard.load() >= 100; }));
  EXPECT_EQ(zero.load(), 0u);  // every sample intact and in order
  auto snap = node->graph()->snapshot();
  ASSERT_NE(snap.node("/talker"), nullptr);
  ASSERT_NE(snap.node("/ears/listener"), nullptr);
  EXPECT_EQ(snap.node("/talker")->pid, container.pid());
  EXPECT_EQ(snap.node("/ears/listener")->pid, container.pid());
  EXPECT_EQ(terminate(container).code, 0);
}

TEST_F(CompositionTest, NodeLibrariesLoadByName) {
  auto node = std::make_shared<dmxp::rt::Node>("observer", node_options());
  std::atomic<uint64_t> got{0};
  auto talker = peer("talker", {"chatter", "100", "wait_go=1", "hold=1"});
  ASSERT_TRUE(talker.wait_token('R', kWaitMs));
  auto container = program("dmxp-container",
                           {"--load", "dmxp_node_relay", "dmxp_nodes::Relay", "--node-name", "r1",
                            "-p", "input:=chatter", "-p", "output:=copied"});
  ASSERT_TRUE(wait_until([&] {
    return !node->graph()->snapshot().endpoints_of("/chatter", dmxp::rt::EndpointKind::Subscription).empty();
  }));
  auto sub = node->create_subscription<Sample>("copied", dmxp::rt::QoS(16), [&](const Sample& s) {
    if (sample_ok(s)) ++got;
  }).value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node);
  BackgroundSpin spin(exec);
  ASSERT_TRUE(wait_until([&] {
    return !node->graph()->snapshot().endpoints_of("/copied", dmxp::rt::EndpointKind::Publisher).empty();
  }));
  talker.send_token('G');
  ASSERT_TRUE(wait_until([&] { return got.load() == 100; }));
  EXPECT_NE(node->graph()->snapshot().node("/r1"), nullptr);
  EXPECT_EQ(terminate(container).code, 0);
  EXPECT_EQ(terminate(talker).code, 0);
}

TEST_F(CompositionTest, UnknownComponentsAndLibrariesFailTheContainer) {
  auto a = program("dmxp-container", {"--load", RT_TEST_COMPONENTS, "rt_test::Nope"});
  EXPECT_EQ(a.wait(kWaitMs).code, 1);
  auto b = program("dmxp-container", {"--load", "no_such_library", "x::Y"});
  EXPECT_EQ(b.wait(kWaitMs).code, 1);
  auto c = program("dmxp-container", {"--bogus"});
  EXPECT_EQ(c.wait(kWaitMs).code, 2);
}
