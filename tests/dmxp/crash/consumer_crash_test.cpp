// Consumers stopped or killed while taking, holding, releasing or waiting for messages. A
// live consumer's view is never freed under it; a dead queue consumer's messages are counted
// as its loss and nobody else's; a restarted named cursor repeats at most the views its
// predecessor had not released and loses nothing; a killed sleeper leaves no waiter count.
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "crash_test.hpp"
#include "payload.hpp"

namespace dmxp_test::crash {
namespace {

using ConsumerCrashes = CrashTest;

// Queue consumer V announces the range it is about to take (stopped there), live consumer L
// takes that range first and holds the view, then V is SIGKILLed. Reclaiming V must not mark
// L's slot consumed: a producer on the full ring must wait for L's release, and L's view must
// stay intact until then.
TEST_F(ConsumerCrashes, QueueConsumerLosingTheHeadRaceThenKilledNeverFreesALiveView) {
  Ring ring;
  ring.mode = DMXP_MODE_QUEUE;
  ring.capacity = 4;
  const char* ch = channel("head_race");
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ConsumerHandle live = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(t && live);
  for (uint64_t s = 0; s < 4; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, 0));
  Peer& v = victim("consumer.queue.announced", 1, /*stop=*/true);
  ASSERT_CALL_OK(v, copen("0", ch));
  v.post("recv 0 1 20000 1");
  ASSERT_TRUE(StoppedAtPoint(v));  // V announced [0, 1) and has not taken it

  dmxp_message view;
  ASSERT_DMXP_OK(dmxp_consumer_receive(live.get(), &view, recover_ns()));
  Ledger ledger;
  ledger.add("live", seen_of(view));
  std::vector<uint8_t> copy(static_cast<const uint8_t*>(view.data),
                            static_cast<const uint8_t*>(view.data) + view.size);
  ASSERT_EQ(v.kill_and_reap().signal, SIGKILL);

  Peer& p = peer();
  ASSERT_CALL_OK(p, popen("0", ch));
  // Ten stall timeouts: the producer has checked liveness (and reclaimed V) several times.
  Reply r = p.call("send 0 1 0 1 " + std::to_string(10 * kStallMs));
  EXPECT_TRUE(r.received && !r.ok && r.status == DMXP_ERR_TIMEOUT)
      << "the ring is full and live consumer L holds slot 0; the producer answered: " << r.raw;
  EXPECT_EQ(std::memcmp(view.data, copy.data(), copy.size()), 0)
      << "live consumer L's view was overwritten while held";
  EXPECT_EQ(info(ch).reclaimed, 1u);

  EXPECT_DMXP_OK(dmxp_consumer_release(live.get()));
  if (!r.ok) {
    ASSERT_CALL_OK(p, "send 0 1 0 1 " + std::to_string(kRecoverMs));
  }
  drain_into(ledger, "live", live.get());
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"live"}, 0, range(0, 4)));
  EXPECT_TRUE(ledger.EachReceived({"live"}, 1, range(0, 1)));
  EXPECT_EQ(dmxp_consumer_lost(live.get()), 0u);
}

// A named queue worker killed right after taking three messages (before it could see them):
// the restarted worker counts them in lost(), gets everything else exactly once, and the
// producer is not held back by the dead worker's slots.
TEST_F(ConsumerCrashes, NamedQueueConsumerKilledAfterTakingCountsItsLoss) {
  Ring ring;
  ring.mode = DMXP_MODE_QUEUE;
  ring.capacity = 8;
  const char* ch = channel("worker_taken");
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ASSERT_TRUE(t);
  for (uint64_t s = 0; s < 8; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, 0));
  Peer& v = victim("consumer.queue.taken", 1);
  ASSERT_CALL_OK(v, copen("0", ch, "worker"));
  v.post("recv 0 3 20000 3");
  ASSERT_TRUE(DiedAtPoint(v));

  Peer& w = peer();
  ASSERT_CALL_OK(w, copen("0", ch, "worker"));
  w.post("recv 0 13 " + std::to_string(kRecoverMs) + " 1");
  for (uint64_t s = 8; s < 16; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, recover_ns()));
  Reply r = w.answer(2 * kRecoverMs);
  ASSERT_TRUE(ReplyOk(r)) << w.log();
  Ledger ledger;
  ledger.add("w", messages_of(r));
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"w"}, 0, range(3, 13)));
  EXPECT_EQ(lost_of(r), 3u) << "the three messages the dead worker took";
  EXPECT_EQ(info(ch).reclaimed, 1u);
}

// A queue consumer killed midway through releasing four views (two slots marked consumed):
// what it received is its own, the producer reuses the rest once it finds it dead, and the
// surviving consumer gets every later message once.
TEST_F(ConsumerCrashes, QueueConsumerKilledMidReleaseLosesNothingElse) {
  Ring ring;
  ring.mode = DMXP_MODE_QUEUE;
  ring.capacity = 4;
  const char* ch = channel("mid_release");
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ConsumerHandle survivor = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(t && survivor);
  for (uint64_t s = 0; s < 4; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, 0));
  Peer& v = victim("consumer.release.slot", 3);
  ASSERT_CALL_OK(v, copen("0", ch));
  Reply r = v.call("recv 0 4 5000 4");
  ASSERT_TRUE(ReplyOk(r)) << v.log();
  Ledger ledger;
  ledger.add("v", messages_of(r));
  v.post("release 0");
  ASSERT_TRUE(DiedAtPoint(v));
  // The ring holds 4: send 4 (two of them need the dead consumer's slots), read them, repeat.
  for (uint64_t s = 4; s < 8; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, recover_ns()));
  ASSERT_DMXP_OK(receive_into(ledger, "survivor", survivor.get(), 4, recover_ns()));
  ASSERT_DMXP_OK(dmxp_consumer_release(survivor.get()));
  for (uint64_t s = 8; s < 12; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, recover_ns()));
  ASSERT_DMXP_OK(receive_into(ledger, "survivor", survivor.get(), 4, recover_ns()));
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.AllReceivedOnce(0, range(0, 12)));
  EXPECT_EQ(dmxp_consumer_lost(survivor.get()), 0u);
  EXPECT_EQ(info(ch).reclaimed, 1u);
}

// A gating consumer stopped (SIGSTOP) in the middle of a release is alive: it is not
// reclaimed however long the producer waits, and it carries on when continued.
TEST_F(ConsumerCrashes, StoppedConsumerIsNotReclaimed) {
  Ring ring;
  ring.capacity = 8;
  const char* ch = channel("stopped_consumer");
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ASSERT_TRUE(t);
  Peer& v = victim("consumer.release.cursor", 1, /*stop=*/true);
  ASSERT_CALL_OK(v, copen("0", ch));
  for (uint64_t s = 0; s < 8; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, 0));
  v.post("recv 0 2 20000 1");  // the second receive releases the first view: stop there
  ASSERT_TRUE(StoppedAtPoint(v));
  EXPECT_TRUE(IsStatus(send_message(t.get(), 0, 8, 10 * kStallMs * 1'000'000), DMXP_ERR_TIMEOUT))
      << "a stopped consumer still holds the ring";
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(i.reclaimed, 0u);
  EXPECT_EQ(i.consumers, 1u);
  v.resume();
  Reply r = v.answer();
  ASSERT_TRUE(ReplyOk(r)) << v.log();
  Ledger ledger;
  ledger.add("v", messages_of(r));
  v.post("recv 0 14 " + std::to_string(kRecoverMs) + " 1");
  for (uint64_t s = 8; s < 16; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, recover_ns()));
  r = v.answer(kRecoverMs * 2);
  ASSERT_TRUE(ReplyOk(r)) << v.log();
  ledger.add("v", messages_of(r));
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"v"}, 0, range(0, 16)));
  EXPECT_EQ(lost_of(r), 0u);
  EXPECT_EQ(info(ch).reclaimed, 0u);
}

// A named broadcast consumer killed while releasing views (before its cursor store): after a
// restart under the same name, at most the views it had not released are delivered again,
// and nothing is lost. Parameter: views per receive (1: receive, 3: receive_batch).
class NamedCursorCrash : public CrashTest, public ::testing::WithParamInterface<uint32_t> {};

TEST_P(NamedCursorCrash, RestartRedeliversAtMostTheUnreleasedViews) {
  const uint32_t per = GetParam();
  Ring ring;
  ring.capacity = 64;
  const char* ch = channel("named_holding");
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ASSERT_TRUE(t);
  for (uint64_t s = 0; s < 30; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, 0));
  // Releases happen at the start of every receive after the first: die at the 5th (per 1:
  // releasing seq 4) or the 2nd (per 3: releasing seqs 3..5).
  const unsigned release = per == 1 ? 5 : 2;
  Peer& v = victim("consumer.release.cursor", release);
  ASSERT_CALL_OK(v, copen("0", ch, "durable"));
  Ledger ledger;
  for (unsigned i = 0; i < release; ++i) {
    Reply r = v.call("recv 0 " + std::to_string(per) + " 5000 " + std::to_string(per));
    ASSERT_TRUE(ReplyOk(r)) << v.log();
    ledger.add("v", messages_of(r));
  }
  const uint64_t delivered = release * per;          // seqs 0..delivered-1 were handed out
  const uint64_t unreleased_from = delivered - per;  // the views being released at the kill
  v.post("recv 0 1 5000 1");
  ASSERT_TRUE(DiedAtPoint(v));

  Peer& w = peer();
  ASSERT_CALL_OK(w, copen("0", ch, "durable"));
  Reply r = w.call("recv 0 1 " + std::to_string(kRecoverMs) + " 1");
  ASSERT_TRUE(ReplyOk(r)) << w.log();
  std::vector<Seen> first = messages_of(r);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_GE(first[0].seq, unreleased_from) << "released views were delivered again";
  EXPECT_LE(first[0].seq, delivered) << "messages after the held views were lost";
  ledger.add("w", first);
  for (uint64_t s = 30; s < 40; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, recover_ns()));
  uint64_t rest = 40 - first[0].seq - 1;
  r = w.call("recv 0 " + std::to_string(rest) + " " + std::to_string(kRecoverMs) + " 4");
  ASSERT_TRUE(ReplyOk(r)) << w.log();
  ledger.add("w", messages_of(r));
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"v"}, 0, range(0, delivered)));
  EXPECT_TRUE(ledger.EachReceived({"w"}, 0, range(first[0].seq, 40 - first[0].seq)));
  EXPECT_EQ(lost_of(r), 0u);
}

INSTANTIATE_TEST_SUITE_P(Views, NamedCursorCrash, ::testing::Values(1u, 3u),
                         [](const ::testing::TestParamInfo<uint32_t>& i) {
                           return i.param == 1 ? std::string("OneView") : std::string("ThreeViews");
                         });

// A process killed between counting itself as a waiter and marking its record asleep: the
// channel's sleeper count must come back to what live sleepers need (here: none) once the
// dead process is noticed (dead records reclaimed by a full table, wake-ups that find no one).
class SleeperCrashes : public CrashTest {
 protected:
  // After the cleanup, the count still serves live sleepers: a consumer asleep in receive()
  // is counted once, and one commit wakes it.
  void expect_live_sleeper_counted_and_woken(const char* ch, dmxp_producer* t) {
    Peer& live = peer();
    ASSERT_CALL_OK(live, copen("0", ch, "-", "newest", 0));
    live.post("recv 0 1 " + std::to_string(kRecoverMs) + " 1");
    EXPECT_TRUE(eventually(kRecoverMs, [&] { return info(ch).sleepers == 1; }))
        << "sleepers " << info(ch).sleepers << " with one live sleeper";
    ASSERT_DMXP_OK(send_message(t, 1, 0, 0));
    Reply r = live.answer(kRecoverMs);
    ASSERT_TRUE(ReplyOk(r)) << live.log();
    EXPECT_EQ(messages_of(r).size(), 1u);
    EXPECT_TRUE(eventually(kRecoverMs, [&] { return info(ch).sleepers == 0; }))
        << "sleepers " << info(ch).sleepers << " once the live sleeper woke";
  }
};

TEST_F(SleeperCrashes, ConsumerKilledBetweenCountingAndMarkingItsSleep) {
  Ring ring;
  ring.bp = DMXP_KEEP_LAST;  // nothing gates: only wake-ups and reclaims can notice
  ring.max_consumers = 1;
  const char* ch = channel("consumer_counted");
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ASSERT_TRUE(t);
  Peer& v = victim("consumer.wait.counted", 1);
  ASSERT_CALL_OK(v, copen("0", ch, "-", "oldest", 0));
  v.post("recv 0 1 20000 1");
  ASSERT_TRUE(DiedAtPoint(v));
  for (uint64_t s = 0; s < 600; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, 0));
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));  // the table is full: reclaims
  ASSERT_TRUE(c);
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(i.sleepers, 0u) << "a dead process's waiter count is left behind";
  EXPECT_EQ(i.reclaimed, 1u);
  EXPECT_EQ(i.consumers, 1u);
  c.reset();
  expect_live_sleeper_counted_and_woken(ch, t.get());
}

// The same through a waitset: its sleep is counted in waitset_waiters, and a commit rings the
// domain's doorbell for it. Ordinary traffic must bring the count back.
TEST_F(SleeperCrashes, WaitsetKilledBetweenCountingAndMarkingItsSleep) {
  Ring ring;
  ring.bp = DMXP_KEEP_LAST;
  const char* ch = channel("waitset_counted");
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ASSERT_TRUE(t);
  Peer& v = victim("consumer.wait.counted", 1);
  ASSERT_CALL_OK(v, copen("0", ch, "-", "newest", 0));
  v.post("wswait 20000 0");
  ASSERT_TRUE(DiedAtPoint(v));
  for (uint64_t s = 0; s < 600; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, 0));
  EXPECT_EQ(info(ch).sleepers, 0u)
      << "a dead waitset's count is left behind: every commit rings the doorbell for it";
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(c);
  c.reset();
  EXPECT_EQ(info(ch).sleepers, 0u);
  expect_live_sleeper_counted_and_woken(ch, t.get());
}

TEST_F(SleeperCrashes, ProducerKilledBetweenCountingAndMarkingItsSleep) {
  Ring ring;
  ring.capacity = 4;
  ring.max_producers = 2;
  const char* ch = channel("producer_counted");
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(c);
  Peer& v = victim("producer.wait.counted", 1);
  ASSERT_CALL_OK(v, popen("0", ch));
  ASSERT_CALL_OK(v, "send 0 0 0 4 1000");  // the ring is full: c has read nothing
  v.post("send 0 0 4 1 20000");
  ASSERT_TRUE(DiedAtPoint(v));
  Ledger ledger;
  ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 4, recover_ns()));
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ASSERT_TRUE(t);
  for (uint64_t s = 0; s < 600; ++s) {  // releases that find no producer asleep
    ASSERT_DMXP_OK(send_message(t.get(), 1, s, recover_ns()));
    ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 1, recover_ns()));
  }
  ProducerHandle late = open_producer(ch, ring.apply(options()));  // full table: repairs
  ASSERT_TRUE(late);
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"c"}, 0, range(0, 4)));
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(i.sleepers, 0u) << "a dead process's waiter count is left behind";
  EXPECT_EQ(i.producers, 2u);
  // A live producer asleep on the full ring is counted once and woken by a release.
  late.reset();
  ASSERT_DMXP_OK(dmxp_consumer_release(c.get()));
  for (uint64_t s = 600; s < 604; ++s) ASSERT_DMXP_OK(send_message(t.get(), 1, s, 0));
  Peer& live = peer();
  ASSERT_CALL_OK(live, popen("0", ch));
  live.post("send 0 2 0 1 " + std::to_string(kRecoverMs));
  EXPECT_TRUE(eventually(kRecoverMs, [&] { return info(ch).sleepers == 1; }))
      << "sleepers " << info(ch).sleepers << " with one live sleeper";
  ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 2, recover_ns()));
  ASSERT_TRUE(ReplyOk(live.answer(kRecoverMs))) << live.log();
  EXPECT_TRUE(eventually(kRecoverMs, [&] { return info(ch).sleepers == 0; }))
      << "sleepers " << info(ch).sleepers << " once the live sleeper woke";
}

}  // namespace
}  // namespace dmxp_test::crash
