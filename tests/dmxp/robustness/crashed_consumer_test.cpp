// A consumer process SIGKILLed while attached must not hold RELIABLE producers back forever:
// a producer blocked on it checks the consumers' liveness after the stall timeout, reclaims
// the dead record and proceeds (dmxp_channel_info counts it in reclaimed).
// - broadcast: the dead consumer's cursor gated the ring;
// - queue: the dead consumer held a received view, so its slot was never consumed.
#include <signal.h>
#include <unistd.h>

#include "payload.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

constexpr uint32_t kCapacity = 8;

dmxp_channel_options small_ring(dmxp_channel_options o, dmxp_mode mode) {
  o.mode = mode;
  o.capacity = kCapacity;
  o.slot_size = 128;
  o.stall_timeout_ns = 5'000'000;
  return o;
}

int send_seq(dmxp_producer* p, uint64_t seq, int64_t timeout_ns) {
  uint8_t buf[128];
  MessageSpec spec;
  spec.seq = seq;
  return dmxp_producer_send(p, buf, write_message(buf, spec, 8), timeout_ns, nullptr);
}

// Attaches (as `name` if set); receives `hold` messages (keeping the last view), reports,
// waits to be killed.
int attach_and_wait(ChildIo& io, const char* ch, const dmxp_channel_options& o, int hold,
                    const char* name = nullptr) {
  dmxp_consumer_options co;
  dmxp_consumer_options_init(&co);
  co.name = name;
  dmxp_consumer* c = nullptr;
  if (dmxp_consumer_open(ch, &o, &co, &c) != DMXP_OK) return 2;
  io.send_token(kTokenReady);
  for (int i = 0; i < hold; ++i) {
    dmxp_message m;
    if (dmxp_consumer_receive(c, &m, kReceiveTimeoutNs) != DMXP_OK) return 3;
    TestMessage h;
    if (check_message(m.data, m.size, &h) != Verdict::kOk) return 4;
    if (!io.write_all(&h.seq, sizeof h.seq)) return 5;
  }
  io.wait_token('Z', 600'000);  // never comes: the test kills us
  return 6;
}

using CrashedConsumer = DomainTest;

TEST_F(CrashedConsumer, KilledBroadcastConsumerStopsGatingTheProducer) {
  dmxp_channel_options o = small_ring(options(), DMXP_MODE_BROADCAST);
  const char* ch = channel("gated");
  ProducerHandle p = open_producer(ch, o);
  ASSERT_TRUE(p);
  o.create = 0;
  ChildProcess doomed =
      ChildProcess::fork([&](ChildIo& io) { return attach_and_wait(io, ch, o, 0); });
  ASSERT_TRUE(doomed.wait_token(kTokenReady, kTokenTimeoutMs));
  for (uint64_t s = 0; s < kCapacity; ++s) ASSERT_DMXP_OK(send_seq(p.get(), s, 0));
  EXPECT_TRUE(FailsWithoutDetail(send_seq(p.get(), kCapacity, 0), DMXP_ERR_WOULD_BLOCK))
      << "the live consumer has read nothing";
  EXPECT_EQ(info(ch).consumers, 1u);

  ASSERT_EQ(doomed.kill_and_reap().signal, SIGKILL);
  ASSERT_DMXP_OK(send_seq(p.get(), kCapacity, kReceiveTimeoutNs))
      << "the producer must proceed once it finds the consumer dead";
  for (uint64_t s = kCapacity + 1; s < 3 * kCapacity; ++s)
    ASSERT_DMXP_OK(send_seq(p.get(), s, kReceiveTimeoutNs));
  dmxp_channel_info i = info(ch);
  EXPECT_GE(i.reclaimed, 1u);
  EXPECT_EQ(i.consumers, 0u);
}

TEST_F(CrashedConsumer, KilledQueueConsumerHoldingAViewDoesNotBlockTheProducerForever) {
  dmxp_channel_options o = small_ring(options(), DMXP_MODE_QUEUE);
  const char* ch = channel("held");
  ProducerHandle p = open_producer(ch, o);
  ConsumerHandle survivor = open_consumer(ch, o);
  ASSERT_TRUE(p && survivor);
  for (uint64_t s = 0; s < kCapacity; ++s) ASSERT_DMXP_OK(send_seq(p.get(), s, 0));
  o.create = 0;
  ChildProcess doomed =
      ChildProcess::fork([&](ChildIo& io) { return attach_and_wait(io, ch, o, 1); });
  ASSERT_TRUE(doomed.wait_token(kTokenReady, kTokenTimeoutMs));
  uint64_t held_seq = 99;
  ASSERT_TRUE(doomed.read_exact(&held_seq, sizeof held_seq, kTokenTimeoutMs));
  EXPECT_EQ(held_seq, 0u);

  // The survivor consumes everything else; the ring stays full because of the held slot.
  dmxp_message m;
  TestMessage h;
  for (uint64_t s = 1; s < kCapacity; ++s) {
    ASSERT_DMXP_OK(dmxp_consumer_receive(survivor.get(), &m, kReceiveTimeoutNs));
    ASSERT_EQ(check_message(m.data, m.size, &h), Verdict::kOk);
    EXPECT_EQ(h.seq, s);
  }
  ASSERT_DMXP_OK(dmxp_consumer_release(survivor.get()));
  EXPECT_TRUE(FailsWithoutDetail(send_seq(p.get(), kCapacity, 0), DMXP_ERR_WOULD_BLOCK))
      << "slot 0 is held by a live consumer";

  ASSERT_EQ(doomed.kill_and_reap().signal, SIGKILL);
  ASSERT_DMXP_OK(send_seq(p.get(), kCapacity, kReceiveTimeoutNs))
      << "the producer must proceed once it finds the holder dead";
  ASSERT_DMXP_OK(dmxp_consumer_receive(survivor.get(), &m, kReceiveTimeoutNs));
  ASSERT_EQ(check_message(m.data, m.size, &h), Verdict::kOk);
  EXPECT_EQ(h.seq, uint64_t(kCapacity));
  EXPECT_GE(info(ch).reclaimed, 1u);
  EXPECT_EQ(info(ch).consumers, 1u);
}

// A supervisor restarts a crashed queue worker under the same name: the new process takes
// over the name's record, and what the dead one held must be freed all the same.
TEST_F(CrashedConsumer, NamedQueueConsumerRestartedAfterBeingKilledFreesWhatTheDeadOneHeld) {
  dmxp_channel_options o = small_ring(options(), DMXP_MODE_QUEUE);
  const char* ch = channel("workers");
  ProducerHandle p = open_producer(ch, o);
  ASSERT_TRUE(p);
  for (uint64_t s = 0; s < kCapacity; ++s) ASSERT_DMXP_OK(send_seq(p.get(), s, 0));
  o.create = 0;
  ChildProcess doomed =
      ChildProcess::fork([&](ChildIo& io) { return attach_and_wait(io, ch, o, 1, "worker"); });
  ASSERT_TRUE(doomed.wait_token(kTokenReady, kTokenTimeoutMs));
  uint64_t held_seq = 99;
  ASSERT_TRUE(doomed.read_exact(&held_seq, sizeof held_seq, kTokenTimeoutMs));
  EXPECT_EQ(held_seq, 0u);
  ASSERT_EQ(doomed.kill_and_reap().signal, SIGKILL);

  dmxp_consumer_options named = consumer_options("worker");
  ConsumerHandle restarted = open_consumer(ch, o, &named);
  ASSERT_TRUE(restarted);
  dmxp_message m;
  TestMessage h;
  for (uint64_t s = 1; s < kCapacity; ++s) {
    ASSERT_DMXP_OK(dmxp_consumer_receive(restarted.get(), &m, kReceiveTimeoutNs));
    ASSERT_EQ(check_message(m.data, m.size, &h), Verdict::kOk);
    EXPECT_EQ(h.seq, s);
  }
  ASSERT_DMXP_OK(dmxp_consumer_release(restarted.get()));
  ASSERT_DMXP_OK(send_seq(p.get(), kCapacity, 5'000'000'000))
      << "slot 0, held by the dead worker, must not stay in use forever";
  ASSERT_DMXP_OK(dmxp_consumer_receive(restarted.get(), &m, kReceiveTimeoutNs));
  ASSERT_EQ(check_message(m.data, m.size, &h), Verdict::kOk);
  EXPECT_EQ(h.seq, uint64_t(kCapacity));
  EXPECT_GE(info(ch).reclaimed, 1u);
}

}  // namespace
}  // namespace dmxp_test

namespace dmxp_test {
namespace {

// A consumer killed while asleep in receive() leaves its waiter count behind; without repair,
// every later commit would make a futex syscall for a sleeper that no longer exists. Wakes
// that find nobody make the producer reclaim the dead record, which takes the count back.
TEST_F(CrashedConsumer, ConsumerKilledAsleepStopsCostingProducersAWakeUp) {
  dmxp_channel_options o = small_ring(options(), DMXP_MODE_BROADCAST);
  o.backpressure = DMXP_KEEP_LAST;  // nothing gates: only the empty-wake path can notice
  const char* ch = channel("sleeper");
  ProducerHandle p = open_producer(ch, o);
  ASSERT_TRUE(p);
  o.create = 0;
  ChildProcess doomed =
      ChildProcess::fork([&](ChildIo& io) { return attach_and_wait(io, ch, o, 1); });
  ASSERT_TRUE(doomed.wait_token(kTokenReady, kTokenTimeoutMs));
  for (int i = 0; i < 5000 && info(ch).sleepers == 0; ++i) usleep(1000);
  ASSERT_EQ(info(ch).sleepers, 1u) << "the consumer should be asleep in receive()";

  ASSERT_EQ(doomed.kill_and_reap().signal, SIGKILL);
  EXPECT_EQ(info(ch).sleepers, 1u) << "the dead sleeper's count is still there";
  for (uint64_t s = 0; s < 1000; ++s) ASSERT_DMXP_OK(send_seq(p.get(), s, 0));
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(i.sleepers, 0u) << "empty wake-ups must lead to the dead sleeper's count";
  EXPECT_GE(i.reclaimed, 1u);
}

}  // namespace
}  // namespace dmxp_test
