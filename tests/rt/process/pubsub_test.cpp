// Typed publish/subscribe between processes: every message arrives once, in order, intact,
// read in place in the ring (zero-copy), by loan or by copy, with blocking and busy-poll
// executors.
#include <set>

#include "rt_test_support.hpp"
#include "sample.hpp"

using namespace rt_test;
using dmxp::rt::QoS;

struct PubSubCase {
  const char* mode;  // the talker's publish path
  bool busy_poll;
};

class PubSubTest : public RtTest, public ::testing::WithParamInterface<PubSubCase> {};

TEST_P(PubSubTest, EveryMessageOnceInOrderAndInPlace) {
  const uint64_t n = dmxp_test::scaled(2000, 100);
  auto node = std::make_shared<dmxp::rt::Node>("listener", node_options());
  std::mutex mu;
  std::vector<uint64_t> seqs;
  std::set<const void*> addresses;
  bool intact = true;
  int32_t publisher = 0;
  auto sub = node->create_subscription<Sample>(
      "chatter", QoS(16), [&](const Sample& s, const dmxp::rt::MessageInfo& info) {
        std::lock_guard lock(mu);
        seqs.push_back(s.seq);
        addresses.insert(&s);
        intact = intact && sample_ok(s);
        publisher = info.publisher_pid;
      }).value();
  dmxp::rt::Executor exec(test_executor(1, GetParam().busy_poll));
  exec.add_node(node);
  BackgroundSpin spin(exec);

  auto talker = peer("talker", {"chatter", std::to_string(n), std::string("mode=") + GetParam().mode,
                                "depth=16", "wait_go=1"});
  const pid_t talker_pid = talker.pid();
  ASSERT_TRUE(talker.wait_token('R', kWaitMs));
  ASSERT_TRUE(talker.send_token('G'));
  ASSERT_TRUE(talker.wait_token('D', kWaitMs));
  ASSERT_TRUE(dmxp_test::ExitsCleanly(talker));
  ASSERT_TRUE(wait_until([&] { std::lock_guard l(mu); return seqs.size() >= n; }));
  std::lock_guard lock(mu);
  ASSERT_EQ(seqs.size(), n);
  for (uint64_t i = 0; i < n; ++i) ASSERT_EQ(seqs[i], i);
  EXPECT_TRUE(intact);
  EXPECT_EQ(publisher, talker_pid);
  // In place: the callbacks saw the ring's slots, a capacity's worth of addresses, reused.
  EXPECT_GT(addresses.size(), 1u);
  EXPECT_LE(addresses.size(), 16u);
  EXPECT_EQ(sub.received(), n);
  EXPECT_EQ(sub.lost(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Paths, PubSubTest,
                         ::testing::Values(PubSubCase{"loan", false}, PubSubCase{"copy", false},
                                           PubSubCase{"loan", true}),
                         [](const auto& info) {
                           return std::string(info.param.mode) + (info.param.busy_poll ? "_busy" : "_blocking");
                         });

class InProcessTest : public RtTest {};

TEST_F(InProcessTest, LoanNotPublishedIsAbortedAndPublishAfterIsFine) {
  auto node = std::make_shared<dmxp::rt::Node>("n", node_options());
  auto pub = node->create_publisher<Sample>("t", QoS(4)).value();
  std::vector<uint64_t> got;
  auto sub = node->create_subscription<Sample>("t", QoS(4), [&](const Sample& s) { got.push_back(s.seq); }).value();
  {
    auto dropped = pub.loan();
    ASSERT_TRUE(dropped);
    fill_sample(*dropped, 99, 1);
    auto second = pub.loan();  // one loan at a time
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().status(), DMXP_ERR_BUSY);
    EXPECT_THROW(second->seq = 1, dmxp::Error);
    auto r = pub.publish(std::move(second));
    EXPECT_FALSE(r.ok());
  }  // the first loan is aborted here
  auto m = pub.loan();
  fill_sample(*m, 1, 1);
  ASSERT_TRUE(pub.publish(std::move(m)).ok());
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node);
  exec.spin_for(std::chrono::milliseconds(50));
  EXPECT_EQ(got, (std::vector<uint64_t>{1}));
  EXPECT_EQ(sub.publisher_count(), 1u);
  EXPECT_EQ(pub.subscription_count(), 1u);
}

TEST_F(InProcessTest, AThrowingCallbackIsLoggedAndTheNextMessagesStillArrive) {
  auto node = std::make_shared<dmxp::rt::Node>("n", node_options().log_level("off"));
  auto pub = node->create_publisher<Sample>("t", QoS(8)).value();
  std::vector<uint64_t> got;
  auto sub = node->create_subscription<Sample>("t", QoS(8), [&](const Sample& s) {
    got.push_back(s.seq);
    if (s.seq == 1) throw std::runtime_error("bad sample");
  }).value();
  int ticks = 0;
  auto timer = node->create_timer(std::chrono::milliseconds(1), [&] {
    if (++ticks == 1) throw 42;  // not even a std::exception
  });
  Sample s;
  for (uint64_t i = 0; i < 4; ++i) {
    fill_sample(s, i, 1);
    ASSERT_TRUE(pub.publish(s).ok());
  }
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node);
  exec.spin_for(std::chrono::milliseconds(50));
  EXPECT_EQ(got, (std::vector<uint64_t>{0, 1, 2, 3}));
  EXPECT_EQ(sub.received(), 4u);
  EXPECT_GT(ticks, 1);
}
