// A producer process SIGKILLed between loan and commit must not stall the channel: once the
// stall timeout passes, whoever waits on the dead slot (a consumer, or a producer lapping it)
// finds the writer dead and publishes the slot as a skipped entry. Later messages of other
// producers are delivered, the consumer counts the dead slot in lost(), and
// dmxp_channel_info reports it in repaired_slots.
#include <signal.h>
#include <unistd.h>

#include <cstring>

#include "payload.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

constexpr uint32_t kSlotSize = 128;
constexpr uint64_t kLater = 10;  // messages another producer sends after the crash

dmxp_channel_options crash_options(dmxp_channel_options o, dmxp_mode mode) {
  o.mode = mode;
  o.capacity = 64;
  o.slot_size = kSlotSize;
  o.stall_timeout_ns = 5'000'000;  // 5 ms until a stalled slot's writer is checked
  return o;
}

int send_seq(dmxp_producer* p, uint32_t producer, uint64_t seq) {
  uint8_t buf[kSlotSize];
  MessageSpec spec;
  spec.producer = producer;
  spec.seq = seq;
  return dmxp_producer_send(p, buf, write_message(buf, spec, 16), kReceiveTimeoutNs, nullptr);
}

// Sends one message, loans `slots` slots, scribbles into them, tells the test and waits to
// be killed.
int die_holding_a_loan(ChildIo& io, const char* ch, const dmxp_channel_options& o,
                       uint32_t slots) {
  dmxp_producer* p = nullptr;
  if (dmxp_producer_open(ch, &o, &p) != DMXP_OK) return 2;
  if (send_seq(p, 0, 0) != DMXP_OK) return 3;
  void* bufs[8];
  int rc = slots == 1 ? dmxp_producer_loan(p, kSlotSize, bufs, 0)
                      : dmxp_producer_loan_batch(p, slots, bufs, 0);
  if (rc != DMXP_OK) return 4;
  for (uint32_t i = 0; i < slots; ++i) std::memset(bufs[i], 0xEE, kSlotSize / 2);  // half-written
  io.send_token('L');
  io.wait_token('Z', 600'000);  // never comes: the test kills us
  return 5;
}

int send_later_messages(ChildIo&, const char* ch, const dmxp_channel_options& o, uint64_t n) {
  dmxp_producer* p = nullptr;
  if (dmxp_producer_open(ch, &o, &p) != DMXP_OK) return 2;
  for (uint64_t s = 1; s <= n; ++s)
    if (int rc = send_seq(p, 1, s)) {
      dprintf(2, "later producer: status %d: %s\n", rc, dmxp_last_error());
      return 3;
    }
  dmxp_producer_close(p);
  return 0;
}

struct Crash {
  dmxp_mode mode;
  uint32_t slots;       // slots the dead producer held (1: loan, more: loan_batch)
  bool zombie = false;  // killed but not reaped while the others carry on
};

class CrashedProducer : public DomainTest, public ::testing::WithParamInterface<Crash> {};

TEST_P(CrashedProducer, ConsumerSkipsTheDeadSlotAndGetsLaterMessages) {
  const Crash crash = GetParam();
  dmxp_channel_options o = crash_options(options(), crash.mode);
  const char* ch = channel("crash");
  ConsumerHandle c = open_consumer(ch, o);
  ASSERT_TRUE(c);
  o.create = 0;

  ChildProcess doomed = ChildProcess::fork(
      [&](ChildIo& io) { return die_holding_a_loan(io, ch, o, crash.slots); });
  ASSERT_TRUE(doomed.wait_token('L', kTokenTimeoutMs));
  if (crash.zombie) {
    ASSERT_TRUE(doomed.kill_leaving_zombie(kTokenTimeoutMs));
  } else {
    ASSERT_EQ(doomed.kill_and_reap().signal, SIGKILL);
  }

  ChildProcess survivor =
      ChildProcess::fork([&](ChildIo& io) { return send_later_messages(io, ch, o, kLater); });
  ASSERT_TRUE(ExitsCleanly(survivor)) << "another producer must not be stuck behind the dead slot";

  dmxp_message m;
  TestMessage h;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
  ASSERT_EQ(check_message(m.data, m.size, &h), Verdict::kOk);
  EXPECT_EQ(h.producer, 0u) << "the message the dead producer committed before the crash";
  for (uint64_t s = 1; s <= kLater; ++s) {
    ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs)) << "message " << s;
    ASSERT_EQ(check_message(m.data, m.size, &h), Verdict::kOk) << "a half-written slot leaked";
    EXPECT_EQ(h.producer, 1u);
    EXPECT_EQ(h.seq, s);
  }
  EXPECT_TRUE(IsStatus(dmxp_consumer_try_receive(c.get(), &m), DMXP_ERR_WOULD_BLOCK));
  EXPECT_EQ(dmxp_consumer_lost(c.get()), crash.slots);
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(i.repaired_slots, crash.slots);
  EXPECT_EQ(i.producers, 0u);
  if (crash.zombie) {
    EXPECT_EQ(doomed.kill_and_reap().signal, SIGKILL);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Modes, CrashedProducer,
    ::testing::Values(Crash{DMXP_MODE_BROADCAST, 1}, Crash{DMXP_MODE_QUEUE, 1},
                      Crash{DMXP_MODE_BROADCAST, 3}, Crash{DMXP_MODE_QUEUE, 3},
                      Crash{DMXP_MODE_BROADCAST, 1, true}, Crash{DMXP_MODE_QUEUE, 1, true}),
    [](const ::testing::TestParamInfo<Crash>& i) {
      return std::string(i.param.mode == DMXP_MODE_QUEUE ? "Queue" : "Broadcast") +
             (i.param.slots == 1 ? "Loan" : "BatchLoan") + (i.param.zombie ? "Zombie" : "");
    });

class CrashedProducerLapped : public DomainTest,
                              public ::testing::WithParamInterface<dmxp_backpressure> {};

// Nobody consumes: the next producer to reuse the dead slot's position is the one that
// waits on it, and repairs it.
TEST_P(CrashedProducerLapped, ProducerLappingTheDeadSlotRepairsIt) {
  dmxp_channel_options o = crash_options(options(), DMXP_MODE_BROADCAST);
  o.backpressure = GetParam();
  o.capacity = 4;
  const char* ch = channel("lap");
  ProducerHandle creator = open_producer(ch, o);
  ASSERT_TRUE(creator);
  o.create = 0;
  ChildProcess doomed =
      ChildProcess::fork([&](ChildIo& io) { return die_holding_a_loan(io, ch, o, 1); });
  ASSERT_TRUE(doomed.wait_token('L', kTokenTimeoutMs));
  doomed.kill_and_reap();
  ChildProcess survivor =
      ChildProcess::fork([&](ChildIo& io) { return send_later_messages(io, ch, o, 20); });
  EXPECT_TRUE(ExitsCleanly(survivor));
  EXPECT_EQ(info(ch).repaired_slots, 1u);
  // What the ring retains is intact and in order.
  ConsumerHandle c = open_consumer(ch, o);
  ASSERT_TRUE(c);
  dmxp_message m;
  TestMessage h;
  uint64_t last = 0;
  while (dmxp_consumer_try_receive(c.get(), &m) == DMXP_OK) {
    ASSERT_EQ(check_message(m.data, m.size, &h), Verdict::kOk);
    EXPECT_GT(h.seq, last);
    last = h.seq;
  }
  EXPECT_EQ(last, 20u);
}

INSTANTIATE_TEST_SUITE_P(Backpressure, CrashedProducerLapped,
                         ::testing::Values(DMXP_RELIABLE, DMXP_KEEP_LAST),
                         [](const ::testing::TestParamInfo<dmxp_backpressure>& i) {
                           return std::string(i.param == DMXP_KEEP_LAST ? "KeepLast" : "Reliable");
                         });

}  // namespace
}  // namespace dmxp_test
