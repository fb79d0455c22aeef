// Clean shutdown on SIGINT/SIGTERM: the node stops in the middle of its traffic, exits 0,
// every message it published is complete (no half-written or repaired slot), and it leaves
// no executor channel, parameter service or graph entry behind.
#include "rt_test_support.hpp"
#include "sample.hpp"

using namespace rt_test;

class ShutdownTest : public RtTest, public ::testing::WithParamInterface<int> {};

TEST_P(ShutdownTest, StopsCleanlyInTheMiddleOfTraffic) {
  auto node = std::make_shared<dmxp::rt::Node>("observer", node_options());
  std::atomic<uint64_t> got{0}, bad{0}, echoes{0};
  auto sub = node->create_subscription<Sample>("stream", dmxp::rt::QoS(64), [&](const Sample& s) {
    ++got;
    if (!sample_ok(s)) ++bad;
  }).value();
  auto echo_sub = node->create_subscription<Sample>("echo_out", dmxp::rt::QoS(16), [&](const Sample& s) {
    if (sample_ok(s)) ++echoes;
  }).value();
  auto echo_pub = node->create_publisher<Sample>("echo_in", dmxp::rt::QoS(16)).value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node);
  BackgroundSpin spin(exec);

  auto streamer = peer("streamer", {"stream"});
  ASSERT_TRUE(streamer.wait_token('R', kWaitMs));
  ASSERT_TRUE(wait_until([&] { return got.load() > 50; }));
  Sample s;
  for (int i = 0; i < 20; ++i) {
    fill_sample(s, i, 1);
    ASSERT_TRUE(echo_pub.publish(s).ok());
  }
  ASSERT_TRUE(wait_until([&] { return echoes.load() == 20; }));

  ::kill(streamer.pid(), GetParam());
  uint64_t published = 0;
  ASSERT_TRUE(streamer.read_exact(&published, sizeof published, kWaitMs));
  pid_t pid = streamer.pid();
  dmxp_test::ExitStatus st = streamer.wait(kWaitMs);
  EXPECT_TRUE(st.ok()) << st.describe();
  ASSERT_TRUE(wait_until([&] { return got.load() == published; }))
      << got.load() << " of " << published;
  EXPECT_EQ(bad.load(), 0u);
  EXPECT_EQ(sub.lost(), 0u);
  dmxp_channel_info ci = info("t.stream");
  EXPECT_EQ(ci.repaired_slots, 0u);
  EXPECT_EQ(ci.producers, 0u);  // its publishers closed
  std::string its_wake = "x." + std::to_string(pid) + ".";
  for (const std::string& c : channels()) {
    EXPECT_NE(c.rfind(its_wake, 0), 0u) << "executor channel left behind: " << c;
    EXPECT_NE(c, "q.streamer._parameters");
    EXPECT_NE(c, "r.streamer._parameters");
  }
  auto snap = node->graph()->snapshot();
  EXPECT_EQ(snap.node("/streamer"), nullptr);
  EXPECT_TRUE(snap.endpoints_of("/stream", dmxp::rt::EndpointKind::Publisher).empty());
}

INSTANTIATE_TEST_SUITE_P(Signals, ShutdownTest, ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& info) { return info.param == SIGINT ? "SIGINT" : "SIGTERM"; });

class TeardownTest : public RtTest {};

TEST_F(TeardownTest, DestroyingNodesAndExecutorsRemovesTheirPrivateChannels) {
  {
    auto node = std::make_shared<dmxp::rt::Node>("temp", node_options());
    auto sub = node->create_subscription<Sample>("keep", dmxp::rt::QoS(4), [](const Sample&) {}).value();
    dmxp::rt::Executor exec(test_executor());
    exec.add_node(node);
    exec.spin_for(std::chrono::milliseconds(20));
    EXPECT_TRUE(channel_exists("q.temp._parameters"));
    // Executors wake their waiter with dmxp_waitset_wake: no wake-up channel in the domain.
    for (const std::string& c : channels()) EXPECT_NE(c.rfind("x.", 0), 0u) << c;
  }
  // Topics persist (they are the data); what belonged to the node and executor does not.
  EXPECT_EQ(channels(), std::vector<std::string>{"t.keep"});
}

TEST_F(TeardownTest, ASignalDuringStartUpEndsTheFirstSpinCleanly) {
  // The talker is still starting (it sleeps before spinning) when SIGTERM arrives: the signal
  // is held, then handled by its executor, and it exits 0 instead of dying of the signal.
  auto talker = peer("talker", {"early", "1", "hold=1", "start_delay_ms=300"});
  ASSERT_TRUE(talker.wait_token('R', kWaitMs));
  ASSERT_TRUE(talker.wait_token('D', kWaitMs));
  dmxp_test::ExitStatus st = terminate(talker);
  EXPECT_TRUE(st.ok()) << st.describe();
}
