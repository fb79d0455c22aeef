// Crash repair interrupted: whoever repairs a dead producer's claim or reclaims a dead
// consumer's record can itself be stopped or killed at any step. Another actor must finish the
// job (slots repaired exactly once, records freed, cursors parked, counters exact), a half-done
// repair must never show part of a batch, and a repairer that resumes late must not clean a
// record that has meanwhile been taken by a new owner.
#include <signal.h>
#include <unistd.h>

#include "crash_test.hpp"

namespace dmxp_test::crash {
namespace {

using RepairCrashes = CrashTest;

// The dead producer D holds a stamped batch of 3 at positions 1..3; consumer R, waiting on
// position 1, takes D's record for repair and dies. The test's consumer must still get past
// the dead batch, the record must be freed, and the slots repaired once.
TEST_F(RepairCrashes, RepairerKilledAfterTakingIsFinishedByAnother) {
  Ring ring;
  ring.max_producers = 2;
  const char* ch = channel("repairer_taken");
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(c);
  Peer& d = victim("producer.claim.stamped", 2);
  ASSERT_CALL_OK(d, popen("0", ch));
  ASSERT_CALL_OK(d, "send 0 0 0 1 1000");
  d.post("batch 0 0 1 3 1 1000");
  ASSERT_TRUE(DiedAtPoint(d));
  Peer& r = victim("repair.producer.taken", 1);
  ASSERT_CALL_OK(r, copen("0", ch));
  r.post("recv 0 4 20000 1");
  ASSERT_TRUE(DiedAtPoint(r));

  Peer& l = peer();
  ASSERT_CALL_OK(l, popen("0", ch));
  ASSERT_CALL_OK(l, "send 0 1 0 5 5000");
  Ledger ledger;
  ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 6, recover_ns()));
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"c"}, 0, range(0, 1)));
  EXPECT_TRUE(ledger.EachReceived({"c"}, 1, range(0, 5)));
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 3u);
  EXPECT_EQ(info(ch).repaired_slots, 3u);
  ProducerHandle late = open_producer(ch, ring.apply(options()));  // D's record must be free
  ASSERT_TRUE(late);
  EXPECT_EQ(info(ch).producers, 2u);
}

// Killed after repairing the claim, before freeing the record: a producer that needs the
// record (full table) frees it, without counting the slots twice.
TEST_F(RepairCrashes, RepairerKilledBeforeFreeingTheRecordIsFinishedByAnother) {
  Ring ring;
  ring.max_producers = 1;
  const char* ch = channel("repairer_cleaned");
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(c);
  Peer& d = victim("producer.claim.stamped", 1);
  ASSERT_CALL_OK(d, popen("0", ch));
  d.post("batch 0 0 0 2 1 1000");
  ASSERT_TRUE(DiedAtPoint(d));
  Peer& r = victim("repair.producer.cleaned", 1);
  ASSERT_CALL_OK(r, copen("0", ch));
  r.post("recv 0 1 20000 1");
  ASSERT_TRUE(DiedAtPoint(r));
  Peer& n = peer();
  ASSERT_CALL_OK(n, popen("0", ch)) << "the only producer record must be freed";
  ASSERT_CALL_OK(n, "send 0 1 0 5 5000");
  Ledger ledger;
  ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 5, recover_ns()));
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"c"}, 1, range(0, 5)));
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 2u);
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(i.repaired_slots, 2u) << "each dead slot is repaired exactly once";
  EXPECT_EQ(i.producers, 1u);
}

// A repairer stopped right after taking a dead producer's record resumes after the record has
// been repaired and reused by a new producer (here asleep on a full ring): it must not touch
// the new owner's record. Observable: the new owner's waiter count (sleepers back to 0).
TEST_F(RepairCrashes, SlowRepairerDoesNotCleanARecordTakenAgain) {
  Ring ring;
  ring.capacity = 8;
  ring.max_producers = 3;
  const char* ch = channel("slow_repairer");
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(c);
  Peer& d = victim("producer.claim.stamped", 2);
  ASSERT_CALL_OK(d, popen("0", ch));
  ASSERT_CALL_OK(d, "send 0 0 0 1 1000");  // position 0
  d.post("batch 0 0 1 3 1 1000");          // positions 1..3, never written
  ASSERT_TRUE(DiedAtPoint(d));
  Peer& l = peer();
  ASSERT_CALL_OK(l, popen("0", ch));
  ASSERT_CALL_OK(l, "send 0 1 0 2 1000");  // positions 4, 5
  Peer& r = victim("repair.producer.taken", 1, /*stop=*/true);
  ASSERT_CALL_OK(r, copen("0", ch));  // gates at position 0
  r.post("recv 0 3 20000 1");
  ASSERT_TRUE(StoppedAtPoint(r));

  // The test's consumer may repair meanwhile (or wait, if the stopped repairer's take is
  // exclusive): both are fine.
  Ledger ledger;
  dmxp_message m;
  while (ledger.count("c") < 3 &&
         dmxp_consumer_receive(c.get(), &m, 10 * kStallMs * 1'000'000) == DMXP_OK)
    ledger.add("c", seen_of(m));
  // A new producer, asleep on the ring the stopped repairer still gates.
  Peer& p = peer();
  ASSERT_CALL_OK(p, popen("0", ch));
  p.post("send 0 2 0 10 " + std::to_string(kRecoverMs * 2));
  ASSERT_TRUE(eventually(kRecoverMs, [&] { return info(ch).sleepers >= 1; }))
      << "the new producer never went to sleep on the full ring";
  r.resume();
  Reply rr = r.answer(kRecoverMs * 2);
  ASSERT_TRUE(ReplyOk(rr)) << r.log();
  ledger.add("r", messages_of(rr));
  ASSERT_CALL_OK(r, "cclose 0");
  uint64_t rest = 1 + 2 + 10 - ledger.count("c");
  ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), rest, recover_ns()));
  ASSERT_TRUE(ReplyOk(p.answer(kRecoverMs * 2))) << p.log();
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"c", "r"}, 0, range(0, 1)));
  EXPECT_TRUE(ledger.EachReceived({"c", "r"}, 1, range(0, 2)));
  EXPECT_TRUE(ledger.EachReceived({"c"}, 2, range(0, 10)));
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 3u);
  EXPECT_EQ(info(ch).repaired_slots, 3u);
  EXPECT_TRUE(eventually(kRecoverMs, [&] { return info(ch).sleepers == 0; }))
      << "sleepers " << info(ch).sleepers
      << ": the late repairer took back the new owner's waiter count";
}

// Dead producer D died midway through committing a batch of 4 (the last slot committed, the
// first three not). Repairer R is stopped before its n-th slot repair; meanwhile a consumer
// polling the channel must never see part of the batch. Then R is SIGKILLed there, and the
// consumer, finishing the repair itself, still sees none of the batch.
class RepairSlotCrash : public CrashTest, public ::testing::WithParamInterface<unsigned> {};

TEST_P(RepairSlotCrash, HalfRepairedBatchIsNeverShownInPart) {
  const unsigned n = GetParam();
  Ring ring;
  const char* ch = channel("half_repaired");
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(c);
  Peer& d = victim("producer.commit.slot", 2 + 2);
  ASSERT_CALL_OK(d, popen("0", ch));
  ASSERT_CALL_OK(d, "send 0 0 0 2 1000");
  d.post("batch 0 0 2 4 1 1000");  // positions 2..5; dies with only position 5 committed
  ASSERT_TRUE(DiedAtPoint(d));
  Peer& l = peer();
  ASSERT_CALL_OK(l, popen("0", ch));
  ASSERT_CALL_OK(l, "send 0 1 0 5 1000");  // positions 6..10
  Peer& r = victim("repair.slot", n, /*stop=*/true);
  ASSERT_CALL_OK(r, copen("0", ch));
  r.post("recv 0 7 20000 1");
  ASSERT_TRUE(StoppedAtPoint(r));

  Ledger ledger;
  int64_t until = now_ms() + 10 * kStallMs;
  while (now_ms() < until) {  // poll without repairing: what does the half repair show?
    drain_into(ledger, "c", c.get());
    usleep(1000);
  }
  EXPECT_TRUE(ledger.Clean()) << "while the repairer is stopped before slot repair " << n;
  ASSERT_EQ(r.kill_and_reap().signal, SIGKILL);
  uint64_t have = ledger.count("c");
  if (have < 7) {
    ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 7 - have, recover_ns()));
  }
  EXPECT_TRUE(ledger.Clean()) << "after another actor finished the repair";
  EXPECT_TRUE(ledger.EachReceived({"c"}, 0, range(0, 2))) << "none of the batch";
  EXPECT_TRUE(ledger.EachReceived({"c"}, 1, range(0, 5)));
  dmxp_message m;
  EXPECT_TRUE(IsStatus(dmxp_consumer_try_receive(c.get(), &m), DMXP_ERR_WOULD_BLOCK));
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 4u);
  EXPECT_EQ(info(ch).repaired_slots, 4u);
}

INSTANTIATE_TEST_SUITE_P(Slots, RepairSlotCrash, ::testing::Values(1u, 2u, 3u, 4u),
                         [](const ::testing::TestParamInfo<unsigned>& i) {
                           return "StoppedBeforeSlotRepair" + std::to_string(i.param);
                         });

using ReclaimCrashes = CrashTest;

// Dead gating consumer D; producer R, blocked behind it, takes D's record for reclaim and
// dies. Another producer must finish the reclaim and proceed; it is counted once.
TEST_F(ReclaimCrashes, ReclaimerKilledAfterTakingIsFinishedByAnother) {
  Ring ring;
  ring.capacity = 4;
  const char* ch = channel("reclaimer_taken");
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ASSERT_TRUE(t);
  Peer& d = peer();
  ASSERT_CALL_OK(d, copen("0", ch));
  ASSERT_EQ(d.kill_and_reap().signal, SIGKILL);
  Peer& r = victim("reclaim.consumer.taken", 1);
  ASSERT_CALL_OK(r, popen("0", ch));
  ASSERT_CALL_OK(r, "send 0 0 0 4 1000");
  r.post("send 0 0 4 1 20000");
  ASSERT_TRUE(DiedAtPoint(r));
  for (uint64_t s = 0; s < 8; ++s)
    ASSERT_DMXP_OK(send_message(t.get(), 1, s, recover_ns())) << "seq " << s;
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(i.reclaimed, 1u);
  EXPECT_EQ(i.consumers, 0u);
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(c);
  Ledger ledger;
  drain_into(ledger, "c", c.get());
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"c"}, 1, range(4, 4)));
}

// A reclaimer stopped right after taking a dead consumer's record resumes after the record
// has been reclaimed and taken by a new reliable consumer N: it must not clear N's gating
// (else producers overwrite what N has not read). N loses nothing.
TEST_F(ReclaimCrashes, SlowReclaimerDoesNotCleanARecordTakenAgain) {
  Ring ring;
  ring.capacity = 4;
  const char* ch = channel("slow_reclaimer");
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ASSERT_TRUE(t);
  Peer& d = peer();
  ASSERT_CALL_OK(d, copen("0", ch));
  ASSERT_EQ(d.kill_and_reap().signal, SIGKILL);
  Peer& r = victim("reclaim.consumer.taken", 1, /*stop=*/true);
  ASSERT_CALL_OK(r, popen("0", ch));
  ASSERT_CALL_OK(r, "send 0 0 0 4 1000");
  r.post("send 0 0 4 1 " + std::to_string(kRecoverMs * 2));
  ASSERT_TRUE(StoppedAtPoint(r));
  // The test's producer may reclaim D meanwhile, or wait if the stopped take is exclusive.
  int first = send_message(t.get(), 1, 0, 10 * kStallMs * 1'000'000);
  ASSERT_TRUE(first == DMXP_OK || first == DMXP_ERR_TIMEOUT) << first << ": " << last_error();
  ConsumerHandle n = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(n);
  r.resume();
  // The reclaimer has finished with D's record once it answers or sleeps behind N.
  bool answered = false;
  Reply rr;
  ASSERT_TRUE(eventually(kRecoverMs, [&] {
    if (!answered) {
      rr = r.answer(1);
      answered = rr.received;
    }
    return answered || info(ch).sleepers >= 1;
  })) << r.log();
  // N has read nothing: the ring may take at most what is free before N's cursor.
  uint64_t sent = 0;
  for (uint64_t s = 1; s <= 8; ++s)
    if (send_message(t.get(), 1, s, 0) == DMXP_OK) ++sent;
  EXPECT_LT(sent, 8u) << "N no longer holds the producers back";
  Ledger ledger;
  for (int64_t deadline = now_ms() + kRecoverMs; !answered && now_ms() < deadline;) {
    uint64_t got = drain_into(ledger, "n", n.get());
    rr = r.answer(got ? 1 : 20);
    answered = rr.received;
  }
  drain_into(ledger, "n", n.get());
  EXPECT_TRUE(ReplyOk(rr)) << r.log();
  EXPECT_TRUE(ledger.Clean());
  EXPECT_EQ(dmxp_consumer_lost(n.get()), 0u) << "a reliable consumer lost messages";
  EXPECT_EQ(info(ch).reclaimed, 1u);
}

// A dead queue worker held three slots; reclaimer R dies after freeing the first of them.
// Another producer frees the rest; the restarted worker's lost() counts exactly the three.
TEST_F(ReclaimCrashes, ReclaimerKilledWhileFreeingQueueSlotsIsFinishedByAnother) {
  Ring ring;
  ring.mode = DMXP_MODE_QUEUE;
  ring.capacity = 4;
  const char* ch = channel("reclaimer_slot");
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ASSERT_TRUE(t);
  for (uint64_t s = 0; s < 4; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, 0));
  Peer& d = peer();
  ASSERT_CALL_OK(d, copen("0", ch, "worker"));
  ASSERT_CALL_OK(d, "recv 0 3 5000 3");  // holds positions 0..2
  ASSERT_EQ(d.kill_and_reap().signal, SIGKILL);
  Peer& r = victim("reclaim.consumer.slot", 2);
  ASSERT_CALL_OK(r, popen("0", ch));
  r.post("send 0 1 0 1 20000");
  ASSERT_TRUE(DiedAtPoint(r));
  for (uint64_t s = 4; s < 7; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, recover_ns()));
  Peer& w = peer();
  ASSERT_CALL_OK(w, copen("0", ch, "worker"));
  Reply rr = w.call("recv 0 4 5000 1");
  ASSERT_TRUE(ReplyOk(rr)) << w.log();
  Ledger ledger;
  ledger.add("w", messages_of(rr));
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"w"}, 0, range(3, 4)));
  EXPECT_EQ(lost_of(rr), 3u) << "exactly the three messages the dead worker held";
  EXPECT_EQ(info(ch).reclaimed, 1u);
}

// Reclaimer R dies after cleaning a dead named consumer's record, before parking it: the
// cursor is kept, and the restarted consumer resumes exactly there.
TEST_F(ReclaimCrashes, ReclaimerKilledBeforeParkingKeepsTheCursor) {
  Ring ring;
  ring.capacity = 4;
  const char* ch = channel("reclaimer_cleaned");
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ASSERT_TRUE(t);
  Peer& d = peer();
  ASSERT_CALL_OK(d, copen("0", ch, "durable"));
  for (uint64_t s = 0; s < 4; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, 0));
  ASSERT_CALL_OK(d, "recv 0 2 5000 1");
  ASSERT_CALL_OK(d, "release 0");  // cursor at seq 2
  ASSERT_EQ(d.kill_and_reap().signal, SIGKILL);
  for (uint64_t s = 4; s < 6; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, 0));
  Peer& r = victim("reclaim.consumer.cleaned", 1);
  ASSERT_CALL_OK(r, popen("0", ch));
  r.post("send 0 1 0 1 20000");  // the ring is full for the dead cursor
  ASSERT_TRUE(DiedAtPoint(r));
  Peer& w = peer();
  ASSERT_CALL_OK(w, copen("0", ch, "durable"));
  w.post("recv 0 8 " + std::to_string(kRecoverMs) + " 1");
  for (uint64_t s = 6; s < 10; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, recover_ns()));
  Reply rr = w.answer(kRecoverMs * 2);
  ASSERT_TRUE(ReplyOk(rr)) << w.log();
  Ledger ledger;
  ledger.add("w", messages_of(rr));
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"w"}, 0, range(2, 8)));
  EXPECT_EQ(lost_of(rr), 0u);
  EXPECT_EQ(info(ch).reclaimed, 1u);
}

}  // namespace
}  // namespace dmxp_test::crash
