// Manual-by-topic liveliness across processes: a publisher in another process asserts its
// liveliness, lets its lease run out (the subscription is told it is not alive), publishes
// again (alive again), then is SIGKILLed (gone). And the ROS 2 rule that a manual request
// is incompatible with an automatic publisher.
#include <mutex>

#include "rt_test_support.hpp"
#include "sample.hpp"

using namespace rt_test;
using dmxp::rt::LivelinessChanged;
using dmxp::rt::QoS;

namespace {

struct Change {
  uint32_t alive, not_alive;
  int32_t alive_change, not_alive_change;
  bool operator==(const Change&) const = default;
};

std::ostream& operator<<(std::ostream& o, const Change& c) {
  return o << "{alive " << c.alive << ", not alive " << c.not_alive << ", changes "
           << c.alive_change << "/" << c.not_alive_change << "}";
}

}  // namespace

class ManualLivelinessTest : public RtTest {
 protected:
  void SetUp() override {
    RtTest::SetUp();
    node_ = std::make_shared<dmxp::rt::Node>("watcher", node_options());
  }
  void TearDown() override {
    node_.reset();
    RtTest::TearDown();
  }
  std::shared_ptr<dmxp::rt::Node> node_;
};

TEST_F(ManualLivelinessTest, LostAndRegainedAcrossProcesses) {
  auto talker = peer("manual_talker", {"beat", "lease_ms=300", "alive_ms=900", "pause_ms=1500"});
  ASSERT_TRUE(talker.wait_token('R', kWaitMs));
  std::mutex mu;
  std::vector<Change> changes;
  dmxp::rt::SubscriptionOptions so;
  so.events.liveliness_changed = [&](const LivelinessChanged& e) {
    std::lock_guard l(mu);
    changes.push_back({e.alive_count, e.not_alive_count, e.alive_count_change, e.not_alive_count_change});
  };
  std::vector<uint64_t> seqs;
  auto sub = node_->create_subscription<Sample>("beat", QoS(16).manual_liveliness(600ms),
                                                [&](const Sample& s) {
                                                  std::lock_guard l(mu);
                                                  seqs.push_back(sample_ok(s) ? s.seq : UINT64_MAX);
                                                }, so).value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  BackgroundSpin spin(exec);
  auto count = [&] {
    std::lock_guard l(mu);
    return changes.size();
  };
  // Alive while it asserts; not alive once its 300 ms lease passed without an assertion;
  // alive again when it publishes.
  ASSERT_TRUE(wait_until([&] { return count() >= 3; }));
  ASSERT_TRUE(wait_until([&] {
    std::lock_guard l(mu);
    return seqs.size() >= 5;
  }));
  talker.kill_and_reap();
  ASSERT_TRUE(wait_until([&] { return count() >= 4; }));
  std::this_thread::sleep_for(400ms);  // nothing more happens
  std::lock_guard l(mu);
  std::vector<Change> expected = {
      {1, 0, 1, 0},    // the asserting publisher
      {0, 1, -1, 1},   // its lease ran out
      {1, 0, 1, -1},   // publishing asserted it again
      {0, 1, -1, 1},   // SIGKILL: gone
  };
  EXPECT_EQ(changes, expected);
  for (size_t i = 0; i < seqs.size(); ++i) ASSERT_EQ(seqs[i], i);  // every one, in order, intact
}

TEST_F(ManualLivelinessTest, ManualRequestedAndAutomaticOfferedAreIncompatible) {
  std::mutex mu;
  std::vector<std::string> reasons;
  dmxp::rt::SubscriptionOptions so;
  so.events.incompatible_qos = [&](const dmxp::rt::IncompatibleQoS& e) {
    std::lock_guard l(mu);
    reasons.push_back(e.policy + ": " + e.reason);
  };
  auto sub = node_->create_subscription<Sample>("auto_only", QoS().manual_liveliness(1s),
                                                [](const Sample&) {}, so).value();
  auto pub_node = std::make_shared<dmxp::rt::Node>("pub", node_options());
  auto pub = pub_node->create_publisher<Sample>("auto_only", QoS().liveliness_lease_duration(1s)).value();
  dmxp::rt::Executor exec(test_executor());
  exec.add_node(node_);
  exec.add_node(pub_node);
  BackgroundSpin spin(exec);
  ASSERT_TRUE(wait_until([&] {
    std::lock_guard l(mu);
    return !reasons.empty();
  }));
  std::lock_guard l(mu);
  EXPECT_EQ(reasons[0], "liveliness: the publisher offers automatic liveliness, the subscription "
                        "requests manual by topic");
}
