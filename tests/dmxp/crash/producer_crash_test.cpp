// Producers stopped or killed at each step of claim and commit. Whatever the step, consumers
// must get every message committed before the crash and every message of the producers that
// carry on, each once and intact; a batch is seen whole or not at all; slots the dead
// producer claimed are repaired exactly once (repaired_slots, lost()).
#include <signal.h>
#include <unistd.h>

#include "crash_test.hpp"

namespace dmxp_test::crash {
namespace {

std::string mode_name(dmxp_mode m) { return m == DMXP_MODE_QUEUE ? "Queue" : "Broadcast"; }

using ProducerCrashes = CrashTest;

class ProducerCrashModes : public CrashTest, public ::testing::WithParamInterface<dmxp_mode> {};

// The victim sends 3 messages, then dies after its tail CAS for a batch of 3, before stamping
// the slots "writing": the slots still hold their previous lap (here: never written).
TEST_P(ProducerCrashModes, ClaimTakenBatchIsRepairedAndOthersFlow) {
  Ring ring;
  ring.mode = GetParam();
  const char* ch = channel("claim_taken");
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(c);
  Peer& v = victim("producer.claim.taken", 4);
  ASSERT_CALL_OK(v, popen("0", ch));
  ASSERT_CALL_OK(v, "send 0 0 0 3 1000");
  v.post("batch 0 0 3 3 1 1000");
  ASSERT_TRUE(DiedAtPoint(v));

  Peer& l = peer();
  ASSERT_CALL_OK(l, popen("0", ch));
  ASSERT_CALL_OK(l, "send 0 1 0 10 20000");
  Ledger ledger;
  ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 13, recover_ns()));
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"c"}, 0, range(0, 3)));
  EXPECT_TRUE(ledger.EachReceived({"c"}, 1, range(0, 10)));
  dmxp_message m;
  EXPECT_TRUE(IsStatus(dmxp_consumer_try_receive(c.get(), &m), DMXP_ERR_WOULD_BLOCK));
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 3u);
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(i.repaired_slots, 3u);
  EXPECT_EQ(i.producers, 1u) << "the dead producer's record must be freed, the live one kept";
}

// Several repairers at once, and the crashed process restarted immediately: three consumer
// processes and the test all wait on the dead batch, while the restarted producer, finding
// the producer table full (max_producers 1), repairs the dead record itself to get a record.
TEST_P(ProducerCrashModes, StampedBatchWithSeveralRepairersAndAnImmediateRestart) {
  Ring ring;
  ring.mode = GetParam();
  ring.capacity = 64;
  ring.max_producers = 1;
  const bool queue = ring.mode == DMXP_MODE_QUEUE;
  const char* ch = channel("stamped");
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(c);
  constexpr uint64_t kLater = 40;
  std::vector<Peer*> repairers;
  for (int i = 0; i < 3; ++i) {
    Peer& r = peer();
    ASSERT_CALL_OK(r, copen("0", ch));
    repairers.push_back(&r);
  }
  Peer& v = victim("producer.claim.stamped", 3);
  ASSERT_CALL_OK(v, popen("0", ch));
  ASSERT_CALL_OK(v, "send 0 0 0 2 1000");
  v.post("batch 0 0 2 4 1 1000");
  // Broadcast: each repairer waits for every message; queue: they compete, so each asks
  // for everything and the test ends them once all is accounted for.
  const uint64_t each = 2 + kLater;
  for (Peer* r : repairers)
    r->post("recv 0 " + std::to_string(queue ? 1 : each) + " " + std::to_string(kRecoverMs) + " 1");
  ASSERT_TRUE(DiedAtPoint(v));

  Peer& restarted = peer();
  ASSERT_CALL_OK(restarted, popen("0", ch)) << "the restart repairs the dead record to get one";
  ASSERT_CALL_OK(restarted, "send 0 0 6 " + std::to_string(kLater) + " 20000");

  Ledger ledger;
  const std::vector<uint64_t> expected = range(0, 2) + range(6, kLater);
  if (!queue) {
    ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), each, recover_ns()));
    for (size_t i = 0; i < repairers.size(); ++i) {
      Reply r = repairers[i]->answer(kRecoverMs * 2);
      ASSERT_TRUE(ReplyOk(r)) << repairers[i]->log();
      ledger.add("r" + std::to_string(i), messages_of(r));
      EXPECT_EQ(lost_of(r), 4u) << "repairer " << i;
    }
    EXPECT_TRUE(ledger.EachReceived({"c", "r0", "r1", "r2"}, 0, expected));
    EXPECT_EQ(dmxp_consumer_lost(c.get()), 4u);
  } else {
    // Each repairer takes one message; the test drains the rest.
    for (size_t i = 0; i < repairers.size(); ++i) {
      Reply r = repairers[i]->answer(kRecoverMs * 2);
      ASSERT_TRUE(ReplyOk(r)) << repairers[i]->log();
      ledger.add("r" + std::to_string(i), messages_of(r));
    }
    ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), each - 3, recover_ns()));
    EXPECT_TRUE(ledger.AllReceivedOnce(0, expected));
  }
  EXPECT_TRUE(ledger.Clean());
  dmxp_message m;
  EXPECT_TRUE(IsStatus(dmxp_consumer_try_receive(c.get(), &m), DMXP_ERR_WOULD_BLOCK));
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(i.repaired_slots, 4u) << "each dead slot is repaired exactly once";
  EXPECT_EQ(i.producers, 1u);
}

INSTANTIATE_TEST_SUITE_P(Modes, ProducerCrashModes,
                         ::testing::Values(DMXP_MODE_BROADCAST, DMXP_MODE_QUEUE),
                         [](const ::testing::TestParamInfo<dmxp_mode>& i) {
                           return mode_name(i.param);
                         });

// A producer killed midway through committing a batch. Slots are committed back to front,
// so producer.commit.slot:n (after 2 single messages) fires before the batch's slot 4-(n-2)
// with the slots after it already committed: consumers must see all of the batch or none
// (here none: its first slot never became visible).
struct BatchKill {
  dmxp_mode mode;
  unsigned slot_pass;  // 1..4: which commit of the batch the victim dies before
};

class BatchCommitCrash : public CrashTest, public ::testing::WithParamInterface<BatchKill> {};

TEST_P(BatchCommitCrash, ConsumersSeeAllOfTheBatchOrNone) {
  const BatchKill k = GetParam();
  Ring ring;
  ring.mode = k.mode;
  const char* ch = channel("batch_commit");
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(c);
  Peer* watcher = nullptr;
  if (k.mode == DMXP_MODE_BROADCAST) {
    watcher = &peer();
    ASSERT_CALL_OK(*watcher, copen("0", ch));
  }
  Peer& v = victim("producer.commit.slot", 2 + k.slot_pass);
  ASSERT_CALL_OK(v, popen("0", ch));
  ASSERT_CALL_OK(v, "send 0 0 0 2 1000");
  v.post("batch 0 0 2 4 1 1000");
  ASSERT_TRUE(DiedAtPoint(v));
  Peer& l = peer();
  ASSERT_CALL_OK(l, popen("0", ch));
  ASSERT_CALL_OK(l, "send 0 1 0 10 20000");

  Ledger ledger;
  ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 12, recover_ns()));
  std::vector<std::string> consumers{"c"};
  if (watcher) {
    Reply r = watcher->call("recv 0 12 " + std::to_string(kRecoverMs) + " 4", kRecoverMs * 2);
    ASSERT_TRUE(ReplyOk(r)) << watcher->log();
    ledger.add("w", messages_of(r));
    EXPECT_EQ(lost_of(r), 4u);
    consumers.push_back("w");
  }
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived(consumers, 0, range(0, 2))) << "no part of the batch";
  EXPECT_TRUE(ledger.EachReceived(consumers, 1, range(0, 10)));
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 4u);
  EXPECT_EQ(info(ch).repaired_slots, 4u);
}

INSTANTIATE_TEST_SUITE_P(
    Slots, BatchCommitCrash,
    ::testing::Values(BatchKill{DMXP_MODE_BROADCAST, 1}, BatchKill{DMXP_MODE_BROADCAST, 2},
                      BatchKill{DMXP_MODE_BROADCAST, 3}, BatchKill{DMXP_MODE_BROADCAST, 4},
                      BatchKill{DMXP_MODE_QUEUE, 1}, BatchKill{DMXP_MODE_QUEUE, 3}),
    [](const ::testing::TestParamInfo<BatchKill>& i) {
      return mode_name(i.param.mode) + "BeforeCommit" + std::to_string(i.param.slot_pass);
    });

// An owner stopped with SIGSTOP is alive: DMXP cannot tell it from a slow one (docs/failures.md),
// so its half-committed batch is neither repaired nor shown while it is stopped, however long
// consumers wait; once continued, it completes the batch and everything is delivered.
TEST_F(ProducerCrashes, ProducerStoppedMidBatchIsNotRepairedAndCompletesWhenContinued) {
  Ring ring;
  const char* ch = channel("stopped_batch");
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(c);
  Peer& v = victim("producer.commit.slot", 2 + 2, /*stop=*/true);
  ASSERT_CALL_OK(v, popen("0", ch));
  ASSERT_CALL_OK(v, "send 0 0 0 2 1000");
  v.post("batch 0 0 2 4 1 1000");
  ASSERT_TRUE(StoppedAtPoint(v));
  Peer& l = peer();
  ASSERT_CALL_OK(l, popen("0", ch));
  ASSERT_CALL_OK(l, "send 0 1 0 5 20000");

  Ledger ledger;
  ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 2, recover_ns()));
  dmxp_message m;
  // Ten stall timeouts: long enough for any repair to have run, were the owner judged dead.
  EXPECT_TRUE(IsStatus(dmxp_consumer_receive(c.get(), &m, 10 * kStallMs * 1'000'000),
                       DMXP_ERR_TIMEOUT));
  EXPECT_EQ(info(ch).repaired_slots, 0u);
  EXPECT_EQ(v.state(), 'T');

  v.resume();
  ASSERT_TRUE(ReplyOk(v.answer())) << v.log();
  ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 9, recover_ns()));
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"c"}, 0, range(0, 6)));
  EXPECT_TRUE(ledger.EachReceived({"c"}, 1, range(0, 5)));
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 0u);
  EXPECT_EQ(info(ch).repaired_slots, 0u);
}

// Killed after its last commit store, before it clears its claim: everything it committed is
// delivered, and the restarted producer (table full, so it repairs the dead record first)
// must not turn any of it into skip entries.
TEST_F(ProducerCrashes, ProducerKilledAfterCommitLosesNothing) {
  Ring ring;
  ring.max_producers = 1;
  const char* ch = channel("commit_done");
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(c);
  Peer& v = victim("producer.commit.done", 2);
  ASSERT_CALL_OK(v, popen("0", ch));
  ASSERT_CALL_OK(v, "send 0 0 0 1 1000");
  v.post("batch 0 0 1 3 1 1000");
  ASSERT_TRUE(DiedAtPoint(v));
  Peer& restarted = peer();
  ASSERT_CALL_OK(restarted, popen("0", ch));
  ASSERT_CALL_OK(restarted, "send 0 0 4 5 20000");
  Ledger ledger;
  ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 9, recover_ns()));
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"c"}, 0, range(0, 9)));
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 0u);
  EXPECT_EQ(info(ch).repaired_slots, 0u);
  EXPECT_EQ(info(ch).producers, 1u);
}

// Killed after storing its claim in its record, before its tail CAS: it claimed nothing, so
// its record is stale. Other producers take those positions; when the dead record is
// repaired (here by a producer that finds the table full) none of their messages may be
// turned into skip entries, even while one of them still holds the first position.
TEST_F(ProducerCrashes, KilledBeforeItsTailCasRepairsNothing) {
  Ring ring;
  ring.max_producers = 3;
  const char* ch = channel("stale_claim");
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(c);
  Peer& v = victim("producer.claim.recorded", 3);
  ASSERT_CALL_OK(v, popen("0", ch));
  ASSERT_CALL_OK(v, "send 0 0 0 2 1000");
  v.post("batch 0 0 2 4 1 1000");  // its record now names positions [2, 6)
  ASSERT_TRUE(DiedAtPoint(v));
  Peer& slow = peer();
  ASSERT_CALL_OK(slow, popen("0", ch));
  ASSERT_CALL_OK(slow, "loan 0 1 0 1 1000");  // position 2, held
  Peer& fast = peer();
  ASSERT_CALL_OK(fast, popen("0", ch));
  ASSERT_CALL_OK(fast, "send 0 2 0 4 1000");  // positions 3..6
  // The table is full (the dead record, slow, fast): opening repairs the dead record first.
  ProducerHandle late = open_producer(ch, ring.apply(options()));
  ASSERT_TRUE(late);
  ASSERT_CALL_OK(slow, "commit 0");
  ASSERT_DMXP_OK(send_message(late.get(), 3, 0, recover_ns()));

  Ledger ledger;  // everything is committed: nothing to wait for
  drain_into(ledger, "c", c.get());
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"c"}, 0, range(0, 2)));
  EXPECT_TRUE(ledger.EachReceived({"c"}, 1, range(0, 1)));
  EXPECT_TRUE(ledger.EachReceived({"c"}, 2, range(0, 4)))
      << "messages committed by a live producer inside the dead record's stale range";
  EXPECT_TRUE(ledger.EachReceived({"c"}, 3, range(0, 1)));
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 0u);
  EXPECT_EQ(info(ch).repaired_slots, 0u) << "the dead producer never claimed a slot";
}

// A dead record whose claim reaches past the tail (a stale batch claim at the tail, then a
// producer that died holding the tail position): repairing the dead slot must not commit
// positions nobody claimed yet, or every later claim of them fails with DMXP_ERR_CORRUPT.
TEST_F(ProducerCrashes, DeadClaimPastTheTailDoesNotCorruptLaterClaims) {
  Ring ring;
  const char* ch = channel("past_tail");
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(c);
  Peer& stale = victim("producer.claim.recorded", 1);
  ASSERT_CALL_OK(stale, popen("0", ch));
  stale.post("batch 0 0 0 4 1 1000");  // record [0, 4), tail still 0
  ASSERT_TRUE(DiedAtPoint(stale));
  Peer& holder = victim("producer.claim.stamped", 1);
  ASSERT_CALL_OK(holder, popen("0", ch));
  holder.post("send 0 1 0 1 1000");  // claims position 0 and dies writing it
  ASSERT_TRUE(DiedAtPoint(holder));
  // The consumer waits on position 0 for ten stall timeouts: it repairs it.
  dmxp_message m;
  EXPECT_TRUE(IsStatus(dmxp_consumer_receive(c.get(), &m, 10 * kStallMs * 1'000'000),
                       DMXP_ERR_TIMEOUT));
  Peer& l = peer();
  ASSERT_CALL_OK(l, popen("0", ch));
  ASSERT_CALL_OK(l, "send 0 2 0 10 5000") << "later claims of positions 1..3 must succeed";
  Ledger ledger;
  ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 10, recover_ns()));
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"c"}, 2, range(0, 10)));
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 1u);
  EXPECT_EQ(info(ch).repaired_slots, 1u) << "only position 0 was claimed by a dead producer";
}

// QUEUE + KEEP_LAST: a producer on a full ring drops the oldest unclaimed message by moving
// the head past it, then marks its slot consumed. Killed in between, it must not leave a
// slot that no producer can ever reuse: the others keep sending, and every message is either
// received once or counted in dropped.
TEST_F(ProducerCrashes, KeepLastQueueProducerKilledWhileDroppingDoesNotHangTheChannel) {
  Ring ring;
  ring.mode = DMXP_MODE_QUEUE;
  ring.bp = DMXP_KEEP_LAST;
  ring.capacity = 4;
  const char* ch = channel("drop_oldest");
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(c);
  Peer& v = victim("producer.drop_oldest.head", 1);
  ASSERT_CALL_OK(v, popen("0", ch));
  ASSERT_CALL_OK(v, "send 0 0 0 4 1000");  // the ring is full
  v.post("send 0 0 4 1 1000");            // drops seq 0: head moved, slot not yet freed
  ASSERT_TRUE(DiedAtPoint(v));
  Peer& l = peer();
  ASSERT_CALL_OK(l, popen("0", ch));
  int64_t start = now_ms();
  ASSERT_CALL_OK(l, "send 0 1 0 8 " + std::to_string(kRecoverMs));
  EXPECT_LE(now_ms() - start, kRecoverMs);
  Ledger ledger;
  uint64_t received = drain_into(ledger, "c", c.get());
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.seqs("c", 0).empty() || ledger.seqs("c", 0).front() != 0)
      << "seq 0 was dropped: the head had moved past it";
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(received + i.dropped, 4u + 8u)
      << "received " << received << ", dropped " << i.dropped << " of 12 committed";
  EXPECT_TRUE(ledger.seqs("c", 1).size() >= 4 &&
              ledger.seqs("c", 1) == range(8 - ledger.seqs("c", 1).size(),
                                           ledger.seqs("c", 1).size()))
      << "the newest messages of the live producer are kept";
}

}  // namespace
}  // namespace dmxp_test::crash
