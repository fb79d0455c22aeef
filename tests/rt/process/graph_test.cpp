// The graph registry seen from another process: nodes with pids and endpoints with types,
// and the entries of a SIGKILLed process removed.
#include "rt_test_support.hpp"
#include "sample.hpp"

using namespace rt_test;
using dmxp::rt::EndpointKind;

class GraphTest : public RtTest {};

TEST_F(GraphTest, ShowsLiveNodesAndForgetsKilledOnes) {
  auto me = std::make_shared<dmxp::rt::Node>("observer", node_options().ns("/obs"));
  auto sub = me->create_subscription<Sample>("/chatter", dmxp::rt::QoS(4).best_effort(), [](const Sample&) {}).value();
  auto talker = peer("talker", {"chatter", "0", "hold=1"});
  ASSERT_TRUE(talker.wait_token('R', kWaitMs));
  dmxp::rt::GraphRegistry& g = *me->graph();
  auto snap = g.snapshot();
  const dmxp::rt::GraphNode* t = snap.node("/talker");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->pid, talker.pid());
  ASSERT_NE(snap.node("/obs/observer"), nullptr);
  EXPECT_EQ(snap.node("/obs/observer")->pid, getpid());
  auto pubs = snap.endpoints_of("/chatter", EndpointKind::Publisher);
  ASSERT_EQ(pubs.size(), 1u);
  EXPECT_EQ(pubs[0].type_name, "rt_test_msgs/Sample");
  EXPECT_EQ(pubs[0].type_fingerprint, rt_test_msgs::msg::Sample::kFingerprint);
  EXPECT_EQ(pubs[0].qos.reliability, dmxp::rt::Reliability::Reliable);
  auto subs = snap.endpoints_of("/chatter", EndpointKind::Subscription);
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_EQ(subs[0].node, "/obs/observer");
  EXPECT_EQ(subs[0].qos.reliability, dmxp::rt::Reliability::BestEffort);

  uint64_t gen = g.generation();
  talker.kill_and_reap();
  snap = g.snapshot();  // notices the dead process and removes its entries
  EXPECT_EQ(snap.node("/talker"), nullptr);
  EXPECT_TRUE(snap.endpoints_of("/chatter", EndpointKind::Publisher).empty());
  EXPECT_EQ(snap.endpoints_of("/chatter", EndpointKind::Subscription).size(), 1u);
  EXPECT_GT(snap.generation, gen);
  // Dropping a handle removes its endpoint; dropping the node removes the node.
  sub.reset();
  EXPECT_TRUE(g.snapshot().endpoints_of("/chatter", EndpointKind::Subscription).empty());
  auto reg = dmxp::rt::GraphRegistry::open(domain()).value();
  me.reset();
  EXPECT_EQ(reg->snapshot().node("/obs/observer"), nullptr);
}
