// A waitset over several channels wakes when another process publishes on any one of them,
// reports exactly that one, and times out while none has data; traffic on other channels of
// the domain does not wake it (counted with the kernel's context-switch counter).
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "payload.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

constexpr int kChannels = 3;
constexpr int kRounds = 6;

// Publishes on channel (round % kChannels) each time the test sends a token.
int publish_on_request(ChildIo& io, const char* const* names, const dmxp_channel_options& o) {
  dmxp_producer* p[kChannels] = {};
  for (int c = 0; c < kChannels; ++c)
    if (dmxp_producer_open(names[c], &o, &p[c]) != DMXP_OK) return 2;
  io.send_token(kTokenReady);
  uint8_t buf[sizeof(TestMessage)];
  for (int r = 0; r < kRounds; ++r) {
    if (!io.wait_token('P', kTokenTimeoutMs)) return 3;
    usleep(20'000);  // let the waiter fall asleep (not required for correctness)
    MessageSpec spec;
    spec.seq = uint64_t(r);
    if (dmxp_producer_send(p[r % kChannels], buf, write_message(buf, spec, 0), 0, nullptr))
      return 4;
  }
  for (dmxp_producer* q : p) dmxp_producer_close(q);
  return 0;
}

using WaitsetProcess = DomainTest;

TEST_F(WaitsetProcess, WakesForTheChannelAnotherProcessPublishedOn) {
  dmxp_channel_options o = options();
  const char* names[kChannels] = {channel("ws0"), channel("ws1"), channel("ws2")};
  ConsumerHandle cons[kChannels];
  dmxp_waitset* raw = nullptr;
  ASSERT_DMXP_OK(dmxp_waitset_create(&raw));
  WaitsetHandle ws(raw);
  for (int c = 0; c < kChannels; ++c) {
    cons[c] = open_consumer(names[c], o);
    ASSERT_TRUE(cons[c]);
    ASSERT_DMXP_OK(dmxp_waitset_add(ws.get(), cons[c].get()));
  }
  o.create = 0;
  ChildProcess producer =
      ChildProcess::fork([&](ChildIo& io) { return publish_on_request(io, names, o); });
  ASSERT_TRUE(producer.wait_token(kTokenReady, kTokenTimeoutMs));
  uint8_t ready[kChannels];
  size_t count = 0;
  EXPECT_TRUE(FailsWithoutDetail(dmxp_waitset_wait(ws.get(), ready, kChannels, &count, 30'000'000),
                                 DMXP_ERR_TIMEOUT))
      << "the producer is attached but has published nothing";
  for (int r = 0; r < kRounds; ++r) {
    SCOPED_TRACE("round " + std::to_string(r));
    ASSERT_TRUE(producer.send_token('P'));
    ASSERT_DMXP_OK(dmxp_waitset_wait(ws.get(), ready, kChannels, &count, kReceiveTimeoutNs));
    EXPECT_EQ(count, 1u);
    for (int c = 0; c < kChannels; ++c) EXPECT_EQ(ready[c], c == r % kChannels ? 1 : 0) << c;
    dmxp_message m;
    ASSERT_DMXP_OK(dmxp_consumer_receive(cons[r % kChannels].get(), &m, 0));
    TestMessage h;
    ASSERT_EQ(check_message(m.data, m.size, &h), Verdict::kOk);
    EXPECT_EQ(h.seq, uint64_t(r));
  }
  EXPECT_TRUE(ExitsCleanly(producer));
  EXPECT_TRUE(FailsWithoutDetail(dmxp_waitset_wait(ws.get(), ready, kChannels, &count, 10'000'000),
                                 DMXP_ERR_TIMEOUT));
}

// Voluntary context switches of the calling thread: one per futex sleep that ended.
uint64_t thread_sleeps() {
  struct rusage u{};
  getrusage(RUSAGE_THREAD, &u);
  return uint64_t(u.ru_nvcsw);
}

struct WakeCounts {
  uint64_t idle = 0;  // sleeps of a waitset on a quiet channel, in another process
  uint64_t busy = 0;  // sleeps of a waitset on the busy channel
};

class WaitsetNeighbours : public DomainTest {
 protected:
  // A process sleeps 500 ms in a waitset on its own quiet channel while this one publishes
  // 2500 messages, 200 us apart, to a waitset that sleeps between them.
  WakeCounts run_neighbours() {
    dmxp_channel_options o = options();
    o.stall_timeout_ns = 5'000'000'000;  // no stall-check naps in the measurement
    const char* quiet = channel("quiet");
    const char* busy = channel("busy");
    ConsumerHandle idle_consumer = open_consumer(quiet, o);
    ConsumerHandle busy_consumer = open_consumer(busy, o);
    ProducerHandle producer = open_producer(busy, o);
    WakeCounts counts;
    if (!idle_consumer || !busy_consumer || !producer) {
      ADD_FAILURE() << "cannot open the channels";
      return counts;
    }
    ChildProcess idle = ChildProcess::fork([&](ChildIo& io) {
      dmxp_waitset* ws = nullptr;
      if (dmxp_waitset_create(&ws) || dmxp_waitset_add(ws, idle_consumer.get())) return 2;
      io.send_token(kTokenReady);
      uint64_t before = thread_sleeps();
      size_t count = 0;
      int rc = dmxp_waitset_wait(ws, nullptr, 0, &count, 500'000'000);
      uint64_t slept = thread_sleeps() - before;
      dmxp_waitset_destroy(ws);
      if (rc != DMXP_ERR_TIMEOUT) return 3;
      return io.write_all(&slept, sizeof slept) ? 0 : 4;
    });
    idle_consumer.reset();
    if (!idle.wait_token(kTokenReady, kTokenTimeoutMs)) {
      ADD_FAILURE() << "the idle process did not start";
      return counts;
    }
    std::atomic<bool> stop{false};
    std::atomic<uint64_t> busy_sleeps{0};
    std::thread sleeper([&] {
      dmxp_waitset* ws = nullptr;
      dmxp_waitset_create(&ws);
      dmxp_waitset_add(ws, busy_consumer.get());
      uint64_t before = thread_sleeps();
      while (!stop.load()) {
        size_t count = 0;
        if (dmxp_waitset_wait(ws, nullptr, 0, &count, 50'000'000) != DMXP_OK) continue;
        dmxp_message m;
        while (dmxp_consumer_try_receive(busy_consumer.get(), &m) == DMXP_OK) {}
        dmxp_consumer_release(busy_consumer.get());
      }
      busy_sleeps = thread_sleeps() - before;
      dmxp_waitset_destroy(ws);
    });
    for (int i = 0; i < 2500; ++i) {
      dmxp_producer_send(producer.get(), &i, sizeof i, kReceiveTimeoutNs, nullptr);
      usleep(200);
    }
    EXPECT_TRUE(idle.read_exact(&counts.idle, sizeof counts.idle, kTokenTimeoutMs));
    stop = true;
    sleeper.join();
    counts.busy = busy_sleeps.load();
    EXPECT_TRUE(ExitsCleanly(idle));
    return counts;
  }
};

TEST_F(WaitsetNeighbours, TrafficOnOtherChannelsDoesNotWakeAWaitset) {
  WakeCounts n = run_neighbours();
  ASSERT_GE(n.busy, 100u) << "the busy waitset must have slept between messages";
  EXPECT_LE(n.idle, 5u) << "the idle waitset woke for another channel's traffic ("
                        << n.busy << " sleeps of the busy one)";
}

TEST_F(WaitsetNeighbours, TheDoorbellFallbackWakesEveryWaitsetOfTheDomain) {
  // What the test above would see without per-channel wake-ups: it can fail.
  ::setenv("DMXP_WAITSET_DOORBELL", "1", 1);
  WakeCounts n = run_neighbours();
  ::unsetenv("DMXP_WAITSET_DOORBELL");
  ASSERT_GE(n.busy, 100u) << "the busy waitset must have slept between messages";
  EXPECT_GE(n.idle, n.busy / 4) << "the idle waitset slept through the doorbell";
}

}  // namespace
}  // namespace dmxp_test
