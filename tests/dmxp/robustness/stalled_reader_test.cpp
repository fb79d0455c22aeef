// A producer SIGKILLed while holding a loan must not stall any way of reading the channel:
// a consumer that only polls (try_receive, as busy-poll executors do), a merged scan, and a
// waitset whose futex never times out because a busy neighbour channel keeps waking it all
// get the messages other producers send after the crash, once the stall timeout has passed.
// (Before the fix, only a blocking receive repaired the dead slot: pollers got 0 of them.)
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "payload.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

constexpr uint32_t kSlotSize = 128;
constexpr uint64_t kLater = 5;                // messages sent after the crash
constexpr int64_t kStallNs = 50'000'000;      // 50 ms (the neighbour rings every ms: far more often)
constexpr int64_t kBoundNs = 5'000'000'000;   // failure bound, far above the stall timeout

int send_seq(dmxp_producer* p, uint32_t producer, uint64_t seq) {
  uint8_t buf[kSlotSize];
  MessageSpec spec;
  spec.producer = producer;
  spec.seq = seq;
  return dmxp_producer_send(p, buf, write_message(buf, spec, 16), kReceiveTimeoutNs, nullptr);
}

// Sends seq 0, loans a slot, half-writes it, reports 'L' and waits to be killed.
int die_holding_a_loan(ChildIo& io, const char* ch, dmxp_channel_options o) {
  dmxp_producer* p = nullptr;
  if (dmxp_producer_open(ch, &o, &p) != DMXP_OK || send_seq(p, 0, 0) != DMXP_OK) return 2;
  void* buf = nullptr;
  if (dmxp_producer_loan(p, kSlotSize, &buf, 0) != DMXP_OK) return 3;
  std::memset(buf, 0xEE, kSlotSize / 2);
  io.send_token('L');
  io.wait_token('Z', 600'000);
  return 4;
}

int send_later(ChildIo&, const char* ch, dmxp_channel_options o) {
  dmxp_producer* p = nullptr;
  if (dmxp_producer_open(ch, &o, &p) != DMXP_OK) return 2;
  for (uint64_t s = 1; s <= kLater; ++s)
    if (send_seq(p, 1, s) != DMXP_OK) return 3;
  dmxp_producer_close(p);
  return 0;
}

// Publishes to ch every millisecond until told to stop ('S' on its pipe).
int keep_ringing(ChildIo& io, const char* ch, dmxp_channel_options o) {
  dmxp_producer* p = nullptr;
  if (dmxp_producer_open(ch, &o, &p) != DMXP_OK) return 2;
  io.send_token('R');
  for (uint64_t s = 0; !io.wait_token('S', 1); ++s)
    if (send_seq(p, 2, s) != DMXP_OK) return 3;
  dmxp_producer_close(p);
  return 0;
}

enum class Reader { kTryReceive, kMerge, kWaitset };

class StalledReader : public DomainTest, public ::testing::WithParamInterface<Reader> {
 protected:
  dmxp_channel_options crash_options() const {
    dmxp_channel_options o = options();
    o.capacity = 64;
    o.slot_size = kSlotSize;
    o.stall_timeout_ns = kStallNs;
    return o;
  }
};

// Collects messages of producers 0 and 1 from c through the reader under test until all
// kLater + 1 arrived or the bound passed.
std::vector<TestMessage> read_through(Reader reader, dmxp_consumer* c, dmxp_consumer* busy) {
  std::vector<TestMessage> got;
  MergeHandle merge;
  WaitsetHandle ws;
  if (reader == Reader::kMerge) {
    dmxp_merge* m = nullptr;
    dmxp_consumer* sources[] = {c};
    EXPECT_DMXP_OK(dmxp_merge_create(sources, 1, &m));
    merge.reset(m);
  } else if (reader == Reader::kWaitset) {
    dmxp_waitset* w = nullptr;
    EXPECT_DMXP_OK(dmxp_waitset_create(&w));
    ws.reset(w);
    EXPECT_DMXP_OK(dmxp_waitset_add(w, c));
    EXPECT_DMXP_OK(dmxp_waitset_add(w, busy));
  }
  auto take = [&](const dmxp_message& m) {
    TestMessage h;
    if (check_message(m.data, m.size, &h) != Verdict::kOk) {
      ADD_FAILURE() << "a half-written slot leaked";
      return;
    }
    got.push_back(h);
  };
  auto start = std::chrono::steady_clock::now();
  while (got.size() < kLater + 1 &&
         std::chrono::steady_clock::now() - start < std::chrono::nanoseconds(kBoundNs)) {
    dmxp_message m;
    if (reader == Reader::kTryReceive) {
      if (dmxp_consumer_try_receive(c, &m) == DMXP_OK) take(m);
      else std::this_thread::sleep_for(std::chrono::microseconds(50));
    } else if (reader == Reader::kMerge) {
      size_t source = 0;
      if (dmxp_merge_next(merge.get(), &m, &source) == DMXP_OK) take(m);
      else std::this_thread::sleep_for(std::chrono::microseconds(50));
    } else {
      uint8_t ready[2] = {0, 0};
      size_t n = 0;
      // A long timeout: it must never be what unblocks us (the neighbour rings far sooner).
      int rc = dmxp_waitset_wait(ws.get(), ready, 2, &n, 10'000'000'000);
      if (rc != DMXP_OK) continue;
      while (ready[1] && dmxp_consumer_try_receive(busy, &m) != DMXP_ERR_WOULD_BLOCK) {}
      while (ready[0] && dmxp_consumer_try_receive(c, &m) == DMXP_OK) take(m);
    }
  }
  return got;
}

TEST_P(StalledReader, GetsLaterMessagesAfterTheStallTimeout) {
  const Reader reader = GetParam();
  dmxp_channel_options o = crash_options();
  const char* ch = channel("stalled");
  const char* busy_ch = channel("busy");
  // The neighbour is KEEP_LAST: the readers that do not drain it must not block its producer.
  dmxp_channel_options busy_o = o;
  busy_o.backpressure = DMXP_KEEP_LAST;
  ConsumerHandle c = open_consumer(ch, o);
  ConsumerHandle busy = open_consumer(busy_ch, busy_o);
  ASSERT_TRUE(c && busy);
  o.create = 0;
  busy_o.create = 0;
  ChildProcess doomed = ChildProcess::fork([&](ChildIo& io) { return die_holding_a_loan(io, ch, o); });
  ASSERT_TRUE(doomed.wait_token('L', kTokenTimeoutMs));
  ASSERT_EQ(doomed.kill_and_reap().signal, SIGKILL);
  ChildProcess survivor = ChildProcess::fork([&](ChildIo& io) { return send_later(io, ch, o); });
  ASSERT_TRUE(ExitsCleanly(survivor));
  ChildProcess ringer = ChildProcess::fork([&](ChildIo& io) { return keep_ringing(io, busy_ch, busy_o); });
  ASSERT_TRUE(ringer.wait_token('R', kTokenTimeoutMs));

  std::vector<TestMessage> got = read_through(reader, c.get(), busy.get());
  ringer.send_token('S');
  EXPECT_TRUE(ExitsCleanly(ringer));

  ASSERT_EQ(got.size(), kLater + 1) << "a dead writer stalled this reader";
  EXPECT_EQ(got[0].producer, 0u);
  for (uint64_t s = 1; s <= kLater; ++s) {
    EXPECT_EQ(got[s].producer, 1u);
    EXPECT_EQ(got[s].seq, s);
  }
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 1u) << "the dead slot is counted as lost";
  EXPECT_EQ(info(ch).repaired_slots, 1u);
}

INSTANTIATE_TEST_SUITE_P(Readers, StalledReader,
                         ::testing::Values(Reader::kTryReceive, Reader::kMerge, Reader::kWaitset),
                         [](const ::testing::TestParamInfo<Reader>& i) {
                           switch (i.param) {
                             case Reader::kTryReceive: return std::string("TryReceive");
                             case Reader::kMerge: return std::string("Merge");
                             default: return std::string("WaitsetWithBusyNeighbour");
                           }
                         });

}  // namespace
}  // namespace dmxp_test
