// QoS behaviours between processes: reliable never loses, best effort reports what it lost,
// transient local hands late joiners the retained history, liveliness reports publishers
// that die (SIGKILL) or close, deadlines report silence, incompatible QoS is reported.
#include "rt_test_support.hpp"
#include "sample.hpp"

using namespace rt_test;
using dmxp::rt::QoS;

class QosTest : public RtTest {
 protected:
  void SetUp() override {
    RtTest::SetUp();  // the domain exists from here on
    node_ = std::make_shared<dmxp::rt::Node>("sub", node_options());
  }
  void TearDown() override {
    node_.reset();
    RtTest::TearDown();
  }
  std::shared_ptr<dmxp::rt::Node> node_;
};

TEST_F(QosTest, ReliableNeverLosesWithASlowSubscriber) {
  const uint64_t n = dmxp_test::scaled(3000, 200);
  std::vector<uint64_t> seqs;
  bool intact = true;
  auto sub = node_->create_subscription<Sample>("r", QoS(4), [&](const Sample& s) {
    seqs.push_back(s.seq);
    intact = intact && sample_ok(s);
    if (s.seq % 100 == 0) std::this_thread::sleep_for(1ms);  // the ring (4) fills behind us
  }).value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  BackgroundSpin spin(exec);
  auto talker = peer("talker", {"r", std::to_string(n), "depth=4", "wait_go=1"});
  ASSERT_TRUE(talker.wait_token('R', kWaitMs));
  talker.send_token('G');
  ASSERT_TRUE(dmxp_test::ExitsCleanly(talker));
  ASSERT_TRUE(wait_until([&] { return sub.received() == n; }));
  for (uint64_t i = 0; i < n; ++i) ASSERT_EQ(seqs[i], i);
  EXPECT_TRUE(intact);
  EXPECT_EQ(sub.lost(), 0u);
}

TEST_F(QosTest, BestEffortReportsEveryLostMessage) {
  const uint64_t n = dmxp_test::scaled(3000, 500);
  std::vector<uint64_t> seqs;
  uint64_t lost_events = 0, lost_total = 0;
  dmxp::rt::SubscriptionOptions so;
  so.events.message_lost = [&](const dmxp::rt::MessageLost& e) {
    ++lost_events;
    lost_total = e.total_count;
  };
  auto sub = node_->create_subscription<Sample>("be", QoS(4).best_effort(), [&](const Sample& s) {
    seqs.push_back(s.seq);
    std::this_thread::sleep_for(200us);  // far slower than the publisher
  }, so).value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  BackgroundSpin spin(exec);
  auto talker = peer("talker", {"be", std::to_string(n), "qos=best_effort", "depth=4", "wait_go=1"});
  ASSERT_TRUE(talker.wait_token('R', kWaitMs));
  talker.send_token('G');
  ASSERT_TRUE(dmxp_test::ExitsCleanly(talker));
  // Every message is either received or counted lost: nothing vanishes silently.
  ASSERT_TRUE(wait_until([&] { return sub.received() + sub.lost() == n; }))
      << sub.received() << " received, " << sub.lost() << " lost";
  exec.cancel();
  EXPECT_GT(lost_total, 0u);
  EXPECT_GT(lost_events, 0u);
  EXPECT_EQ(lost_total, sub.lost());
  for (size_t i = 1; i < seqs.size(); ++i) ASSERT_LT(seqs[i - 1], seqs[i]);
  EXPECT_EQ(seqs.back(), n - 1);  // the newest always arrives
}

TEST_F(QosTest, TransientLocalHandsLateJoinersTheLastDepthMessages) {
  auto talker = peer("talker", {"latched", "10", "depth=5", "durability=transient"});
  ASSERT_TRUE(dmxp_test::ExitsCleanly(talker));  // gone before anyone subscribed
  std::vector<uint64_t> late, volatile_seqs;
  auto t = node_->create_subscription<Sample>("latched", QoS(5).transient_local(),
                                              [&](const Sample& s) { late.push_back(s.seq); }).value();
  auto v = node_->create_subscription<Sample>("latched", QoS(5),
                                              [&](const Sample& s) { volatile_seqs.push_back(s.seq); }).value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  exec.spin_for(100ms);
  EXPECT_EQ(late, (std::vector<uint64_t>{5, 6, 7, 8, 9}));
  EXPECT_TRUE(volatile_seqs.empty());
}

TEST_F(QosTest, LivelinessReportsAKilledAndAClosedPublisher) {
  std::mutex mu;
  std::vector<dmxp::rt::LivelinessChanged> events;
  dmxp::rt::SubscriptionOptions so;
  so.events.liveliness_changed = [&](const dmxp::rt::LivelinessChanged& e) {
    std::lock_guard l(mu);
    events.push_back(e);
  };
  auto sub = node_->create_subscription<Sample>("alive", QoS(), [](const Sample&) {}, so).value();
  auto a = peer("talker", {"alive", "0", "hold=1"});
  auto b = peer("talker", {"alive", "0", "hold=1", "--ros-args", "-r", "__node:=talker_b"});
  ASSERT_TRUE(a.wait_token('R', kWaitMs));
  ASSERT_TRUE(b.wait_token('R', kWaitMs));
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  BackgroundSpin spin(exec);
  auto last = [&] { std::lock_guard l(mu); return events.empty() ? dmxp::rt::LivelinessChanged{} : events.back(); };
  ASSERT_TRUE(wait_until([&] { return last().alive_count == 2; }));
  a.kill_and_reap();  // SIGKILL: no goodbye
  ASSERT_TRUE(wait_until([&] { return last().alive_count == 1; }));
  EXPECT_EQ(last().not_alive_count, 1u);
  EXPECT_EQ(last().alive_count_change, -1);
  EXPECT_EQ(terminate(b).code, 0);  // a clean stop is reported the same way
  ASSERT_TRUE(wait_until([&] { return last().alive_count == 0; }));
  EXPECT_EQ(last().not_alive_count, 2u);
}

TEST_F(QosTest, DeadlineReportsSilence) {
  std::atomic<bool> talker_done{false};
  std::atomic<uint64_t> missed_after{0};
  dmxp::rt::SubscriptionOptions so;
  so.events.deadline_missed = [&](const dmxp::rt::DeadlineMissed& e) {
    EXPECT_EQ(e.count_change, 1u);
    if (talker_done.load()) ++missed_after;
  };
  auto sub = node_->create_subscription<Sample>("beat", QoS().deadline_period(40ms),
                                                [&](const Sample&) {}, so).value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  BackgroundSpin spin(exec);
  auto talker = peer("talker", {"beat", "30", "interval_us=5000", "deadline_ms=40", "wait_go=1", "hold=1"});
  ASSERT_TRUE(talker.wait_token('R', kWaitMs));
  talker.send_token('G');
  ASSERT_TRUE(talker.wait_token('D', kWaitMs));
  ASSERT_TRUE(wait_until([&] { return sub.received() == 30; }));
  talker_done = true;
  // Silence from now on: a miss every deadline period.
  ASSERT_TRUE(wait_until([&] { return missed_after.load() >= 2; }));
  EXPECT_EQ(terminate(talker).code, 0);
}

TEST_F(QosTest, IncompatibleQosIsReportedToBothSides) {
  std::mutex mu;
  std::vector<std::string> sub_policies, pub_policies;
  dmxp::rt::SubscriptionOptions so;
  so.events.incompatible_qos = [&](const dmxp::rt::IncompatibleQoS& e) {
    std::lock_guard l(mu);
    sub_policies.push_back(e.policy);
  };
  // A transient-local, reliable subscription meets a volatile best-effort publisher.
  auto sub = node_->create_subscription<Sample>("mismatch", QoS().transient_local(), [](const Sample&) {}, so).value();
  auto pub_node = std::make_shared<dmxp::rt::Node>("pub", node_options());
  dmxp::rt::PublisherOptions po;
  po.events.incompatible_qos = [&](const dmxp::rt::IncompatibleQoS& e) {
    std::lock_guard l(mu);
    pub_policies.push_back(e.policy + " with " + e.other_node);
  };
  auto pub = pub_node->create_publisher<Sample>("mismatch", QoS().best_effort(), po).value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  exec.add_node(pub_node);
  BackgroundSpin spin(exec);
  auto has = [&](const std::vector<std::string>& v, const std::string& p) {
    std::lock_guard l(mu);
    return std::find(v.begin(), v.end(), p) != v.end();
  };
  ASSERT_TRUE(wait_until([&] { return has(sub_policies, "reliability") && has(sub_policies, "durability"); }));
  ASSERT_TRUE(wait_until([&] { return has(pub_policies, "reliability with /sub") && has(pub_policies, "durability with /sub"); }));
}
