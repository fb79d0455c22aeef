// Recovery seen through every way of reading, and reads that race crashed or paused writers.
// - A dead writer must not stall a consumer that only polls (try_receive), reads through a
//   merge, or waits in a waitset whose other channel keeps it busy, for longer than the stall
//   timeout plus slack, while other producers keep sending.
// - A consumer joining at the oldest message, or seeking backwards, on a full reliable ring
//   while a producer is about to reuse that slot: every view handed out without a
//   DMXP_ERR_OVERRUN report stays intact until released.
// - seek(key) across a repaired slot lands on the first message with a key >= the target.
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "crash_test.hpp"
#include "payload.hpp"

namespace dmxp_test::crash {
namespace {

using RecoverySurfaces = CrashTest;

// Kills a producer holding position 1 of ch (after it committed seq 0 at position 0).
void kill_writer_holding_a_slot(Peer& d, const char* ch) {
  ASSERT_CALL_OK(d, "popen 0 " + std::string(ch) + " -");
  ASSERT_CALL_OK(d, "send 0 0 0 1 1000");
  d.post("send 0 0 1 1 1000");
  ASSERT_TRUE(DiedAtPoint(d));
}

TEST_F(RecoverySurfaces, TryReceivePollingRecovers) {
  Ring ring;
  ring.capacity = 64;
  const char* ch = channel("polled");
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(c);
  Peer& d = victim("producer.claim.stamped", 2);
  kill_writer_holding_a_slot(d, ch);
  if (HasFatalFailure()) return;
  Peer& l = peer();
  ASSERT_CALL_OK(l, popen("0", ch));
  l.post("send 0 1 0 50 5000 2000");  // keeps sending, one message every 2 ms
  Ledger ledger;
  int64_t start = now_ms(), first_later = -1;
  while (ledger.count("c") < 51 && now_ms() - start < kRecoverMs) {
    dmxp_message m;
    int rc = dmxp_consumer_try_receive(c.get(), &m);
    if (rc == DMXP_OK) {
      ledger.add("c", seen_of(m));
      if (first_later < 0 && ledger.count("c") == 2) first_later = now_ms() - start;
    } else {
      ASSERT_TRUE(IsStatus(rc, DMXP_ERR_WOULD_BLOCK));
      usleep(200);
    }
  }
  EXPECT_GE(first_later, 0) << "try_receive never got past the dead writer's slot in "
                            << kRecoverMs << " ms";
  ASSERT_TRUE(ReplyOk(l.answer())) << l.log();
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"c"}, 0, range(0, 1)));
  EXPECT_TRUE(ledger.EachReceived({"c"}, 1, range(0, 50)));
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 1u);
  EXPECT_EQ(info(ch).repaired_slots, 1u);
}

TEST_F(RecoverySurfaces, MergeRecovers) {
  Ring ring;
  ring.capacity = 64;
  const char* a = channel("merged_a");
  const char* b = channel("merged_b");
  ConsumerHandle ca = open_consumer(a, ring.apply(options()));
  ConsumerHandle cb = open_consumer(b, ring.apply(options()));
  ASSERT_TRUE(ca && cb);
  dmxp_consumer* both[] = {ca.get(), cb.get()};
  dmxp_merge* raw = nullptr;
  ASSERT_DMXP_OK(dmxp_merge_create(both, 2, &raw));
  MergeHandle merge(raw);
  Peer& d = victim("producer.claim.stamped", 2);
  kill_writer_holding_a_slot(d, a);
  if (HasFatalFailure()) return;
  Peer& la = peer();
  Peer& lb = peer();
  ASSERT_CALL_OK(la, popen("0", a));
  ASSERT_CALL_OK(lb, popen("0", b));
  la.post("send 0 1 0 20 5000 2000");
  lb.post("send 0 2 0 20 5000 2000");
  Ledger ledger;
  int64_t start = now_ms();
  while (ledger.count("merge") < 41 && now_ms() - start < kRecoverMs) {
    dmxp_message m;
    size_t source = 9;
    int rc = dmxp_merge_next(merge.get(), &m, &source);
    if (rc == DMXP_OK) {
      ledger.add("merge", seen_of(m));
    } else {
      ASSERT_TRUE(IsStatus(rc, DMXP_ERR_WOULD_BLOCK));
      usleep(200);
    }
  }
  ASSERT_TRUE(ReplyOk(la.answer())) << la.log();
  ASSERT_TRUE(ReplyOk(lb.answer())) << lb.log();
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"merge"}, 0, range(0, 1)));
  EXPECT_TRUE(ledger.EachReceived({"merge"}, 1, range(0, 20)))
      << "the merge never got past the dead writer's slot on channel a";
  EXPECT_TRUE(ledger.EachReceived({"merge"}, 2, range(0, 20)));
  EXPECT_EQ(info(a).repaired_slots, 1u);
}

// The waitset's other channel has a message every millisecond, so its futex wait never runs
// out: recovery must not depend on the wait timing out.
TEST_F(RecoverySurfaces, WaitsetWithABusyNeighbourRecovers) {
  Ring ring;
  ring.capacity = 64;
  const char* a = channel("waited_a");
  const char* b = channel("waited_b");
  ConsumerHandle ca = open_consumer(a, ring.apply(options()));
  ConsumerHandle cb = open_consumer(b, ring.apply(options()));
  ASSERT_TRUE(ca && cb);
  dmxp_waitset* raw = nullptr;
  ASSERT_DMXP_OK(dmxp_waitset_create(&raw));
  WaitsetHandle ws(raw);
  ASSERT_DMXP_OK(dmxp_waitset_add(ws.get(), ca.get()));
  ASSERT_DMXP_OK(dmxp_waitset_add(ws.get(), cb.get()));
  Peer& d = victim("producer.claim.stamped", 2);
  kill_writer_holding_a_slot(d, a);
  if (HasFatalFailure()) return;
  Peer& lb = peer();  // the busy neighbour: longer than the recovery bound
  ASSERT_CALL_OK(lb, popen("0", b));
  lb.post("send 0 2 0 100000 5000 1000");
  Peer& la = peer();
  ASSERT_CALL_OK(la, popen("0", a));
  ASSERT_CALL_OK(la, "send 0 1 0 20 5000");
  Ledger ledger;
  int64_t start = now_ms();
  while (ledger.seqs("a", 1).size() < 20 && now_ms() - start < kRecoverMs) {
    uint8_t ready[2] = {0, 0};
    size_t n = 0;
    int rc = dmxp_waitset_wait(ws.get(), ready, 2, &n, 100'000'000);
    ASSERT_TRUE(rc == DMXP_OK || rc == DMXP_ERR_TIMEOUT) << rc << ": " << last_error();
    drain_into(ledger, "a", ca.get());
    drain_into(ledger, "b", cb.get());
  }
  int64_t took = now_ms() - start;
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"a"}, 0, range(0, 1)));
  EXPECT_TRUE(ledger.EachReceived({"a"}, 1, range(0, 20)))
      << "after " << took << " ms, a waitset kept busy by channel b never repaired channel a";
  EXPECT_GT(ledger.count("b"), 0u) << "the neighbour was not sending";
  EXPECT_EQ(info(a).repaired_slots, 1u);
}

// Producer P has checked the ring for space (the only gating consumer had read everything),
// stored its claim of position 8 (slot 0) and is stopped before its tail CAS. Consumer N then
// starts reading slot 0: by joining at the oldest message, or by seeking back to it. P goes
// on and overwrites slot 0. N's view must be intact until its release, or the release must
// report DMXP_ERR_OVERRUN.
class ReadPathCrashes : public CrashTest {
 protected:
  void overwrite_race(bool seek) {
    Ring ring;
    ring.capacity = 8;
    const char* ch = channel("full_ring");
    dmxp_channel_options o = ring.apply(options());
    ProducerHandle t = open_producer(ch, o);
    ConsumerHandle reader = open_consumer(ch, o);
    ASSERT_TRUE(t && reader);
    uint64_t first_key = 0;
    for (uint64_t s = 0; s < 8; ++s)
      ASSERT_DMXP_OK(send_message(t.get(), 0, s, 0, s == 0 ? &first_key : nullptr));
    Ledger ledger;
    ASSERT_DMXP_OK(receive_into(ledger, "reader", reader.get(), 8, recover_ns()));
    ASSERT_DMXP_OK(dmxp_consumer_release(reader.get()));  // caught up: the ring may lap
    ConsumerHandle n;
    if (seek) {
      dmxp_consumer_options newest = consumer_options(nullptr, DMXP_START_NEWEST);
      n = open_consumer(ch, o, &newest);
      ASSERT_TRUE(n);
    }
    Peer& p = victim("producer.claim.recorded", 1, /*stop=*/true);
    ASSERT_CALL_OK(p, popen("0", ch));
    p.post("send 0 1 0 1 " + std::to_string(kRecoverMs));
    ASSERT_TRUE(StoppedAtPoint(p));
    if (seek) {
      ASSERT_DMXP_OK(dmxp_consumer_seek(n.get(), first_key));
    } else {
      dmxp_consumer_options oldest = consumer_options(nullptr, DMXP_START_OLDEST);
      n = open_consumer(ch, o, &oldest);
      ASSERT_TRUE(n);
    }
    dmxp_message view;
    ASSERT_DMXP_OK(dmxp_consumer_try_receive(n.get(), &view));
    Seen first = seen_of(view);
    ledger.add("n", first);
    std::vector<uint8_t> copy(static_cast<const uint8_t*>(view.data),
                              static_cast<const uint8_t*>(view.data) + view.size);
    p.resume();
    // P commits, or (if the library makes it wait for N) blocks until N releases.
    Reply pr = p.answer(20 * kStallMs);
    bool intact = std::memcmp(view.data, copy.data(), copy.size()) == 0;
    int rc = dmxp_consumer_release(n.get());
    EXPECT_TRUE(intact || rc == DMXP_ERR_OVERRUN)
        << "the view of producer " << first.producer << " seq " << first.seq
        << " changed while held and release() reported " << rc;
    if (!pr.received) pr = p.answer(kRecoverMs);
    EXPECT_TRUE(ReplyOk(pr)) << p.log();
    // Everything N reads from here on is intact too, and P's message comes once.
    drain_into(ledger, "n", n.get());
    EXPECT_TRUE(ledger.Clean());
    EXPECT_TRUE(ledger.EachReceived({"n"}, 1, range(0, 1)));
  }
};

TEST_F(ReadPathCrashes, StartOldestJoinOnAFullReliableRing) { overwrite_race(/*seek=*/false); }

TEST_F(ReadPathCrashes, BackwardsSeekOnAFullReliableRing) { overwrite_race(/*seek=*/true); }

// The same race without a crash point, many times over: two producers send without pause on a
// reliable ring that a reader process keeps draining (so the oldest slot is always the next
// to be overwritten), while the test joins at the oldest message and seeks back to it again
// and again. Every view handed out without a DMXP_ERR_OVERRUN report must be intact.
TEST_F(ReadPathCrashes, JoinsAndBackwardsSeeksUnderLiveProducersNeverHandOutTornViews) {
  Ring ring;
  ring.capacity = 16;
  const char* ch = channel("live_full_ring");
  dmxp_channel_options o = ring.apply(options());
  ProducerHandle creator = open_producer(ch, o);  // creates the channel
  ASSERT_TRUE(creator);
  creator.reset();
  Peer& reader = peer();
  ASSERT_CALL_OK(reader, copen("0", ch));
  reader.post("recv 0 100000000 60000 16");
  Peer& p1 = peer();
  Peer& p2 = peer();
  ASSERT_CALL_OK(p1, popen("0", ch));
  ASSERT_CALL_OK(p2, popen("0", ch));
  p1.post("send 0 1 0 100000000 60000");
  p2.post("send 0 2 0 100000000 60000");
  ASSERT_TRUE(eventually(kRecoverMs, [&] { return info(ch).published > 4 * ring.capacity; }));

  const uint64_t rounds = scaled(2000, 100);
  uint64_t views = 0, overruns = 0;
  for (uint64_t round = 0; round < rounds; ++round) {
    ConsumerHandle n = open_consumer(ch, o);  // START_OLDEST
    ASSERT_TRUE(n);
    for (int pass = 0; pass < 2; ++pass) {  // the join, then a backwards seek to the oldest
      dmxp_message m;
      std::vector<std::vector<uint8_t>> copies;
      uint64_t oldest_key = UINT64_MAX;
      for (int i = 0; i < 4; ++i) {
        int rc = dmxp_consumer_try_receive(n.get(), &m);
        if (rc == DMXP_ERR_OVERRUN) { ++overruns; copies.clear(); continue; }
        if (rc != DMXP_OK) break;
        if (oldest_key == UINT64_MAX) oldest_key = m.key;
        copies.emplace_back(static_cast<const uint8_t*>(m.data),
                            static_cast<const uint8_t*>(m.data) + m.size);
        // try_receive released the previous view: if it reported no overrun, the previous
        // copy was intact, so check it now.
        if (copies.size() >= 2) {
          const std::vector<uint8_t>& prev = copies[copies.size() - 2];
          Verdict v = check_message(prev.data(), prev.size(), nullptr);
          EXPECT_EQ(v, Verdict::kOk) << "round " << round << ": a view released without "
                                     << "DMXP_ERR_OVERRUN was torn (" << verdict_name(v) << ")";
          ++views;
        }
      }
      int rc = dmxp_consumer_release(n.get());
      if (rc == DMXP_ERR_OVERRUN) {
        ++overruns;
      } else if (!copies.empty()) {
        ASSERT_DMXP_OK(rc);
        EXPECT_EQ(check_message(copies.back().data(), copies.back().size(), nullptr),
                  Verdict::kOk) << "round " << round << ": the last view was torn";
        ++views;
      }
      if (HasFailure()) return;
      if (pass == 0 && oldest_key != UINT64_MAX) {
        ASSERT_DMXP_OK(dmxp_consumer_seek(n.get(), oldest_key));
      }
    }
  }
  EXPECT_GT(views, 0u);
  std::printf("[ INFO ] %llu views checked, %llu overruns reported\n", (unsigned long long)views,
              (unsigned long long)overruns);
  RecordProperty("views", std::to_string(views));
  RecordProperty("overruns", std::to_string(overruns));
}

// A repaired slot in the middle of the retained window (it kept the key of its previous lap)
// must not mislead seek's binary search: seek(k) lands on the first message with key >= k.
TEST_F(ReadPathCrashes, SeekAcrossRepairedSlotsLandsOnTheFirstKeyAtOrAfter) {
  Ring ring;
  ring.bp = DMXP_KEEP_LAST;
  ring.capacity = 8;
  const char* ch = channel("seek_repaired");
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ASSERT_TRUE(t);
  for (uint64_t s = 0; s < 10; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, 0));
  Peer& d = victim("producer.claim.stamped", 1);
  ASSERT_CALL_OK(d, popen("0", ch));
  d.post("send 0 1 0 1 1000");  // position 10 (slot 2, which held position 2's key)
  ASSERT_TRUE(DiedAtPoint(d));
  Peer& l = peer();
  ASSERT_CALL_OK(l, popen("0", ch));
  ASSERT_CALL_OK(l, "send 0 2 0 5 1000");  // positions 11..15
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));  // oldest: position 8
  ASSERT_TRUE(c);
  Ledger ledger;
  ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 7, recover_ns()));  // repairs position 10
  ASSERT_EQ(info(ch).repaired_slots, 1u);
  std::vector<Seen> retained = ledger.of("c");
  ASSERT_TRUE(ledger.EachReceived({"c"}, 0, range(8, 2)));
  ASSERT_TRUE(ledger.EachReceived({"c"}, 2, range(0, 5)));
  std::vector<uint64_t> targets;
  for (const Seen& m : retained) targets.push_back(m.key);
  targets.push_back(retained[1].key + 1);  // between position 9 and 11: the dead one's key
  targets.push_back(retained.back().key + 1);
  for (uint64_t target : targets) {
    ASSERT_DMXP_OK(dmxp_consumer_seek(c.get(), target));
    dmxp_message m;
    int rc = dmxp_consumer_try_receive(c.get(), &m);
    const Seen* want = nullptr;
    for (const Seen& r : retained)
      if (r.key >= target) { want = &r; break; }
    if (!want) {
      EXPECT_TRUE(IsStatus(rc, DMXP_ERR_WOULD_BLOCK)) << "seek past the newest key " << target;
      continue;
    }
    ASSERT_DMXP_OK(rc) << "seek(" << target << ")";
    Seen got = seen_of(m);
    EXPECT_EQ(got.key, want->key) << "seek(" << target << ") landed on producer " << got.producer
                                  << " seq " << got.seq << " instead of producer "
                                  << want->producer << " seq " << want->seq;
  }
}

}  // namespace
}  // namespace dmxp_test::crash
