// Producer and consumer records: who owns a record is decided by pid plus process start time.
// A record claimed by a process stopped before it wrote its start time belongs to that live
// process; a record whose pid now names another process (reused pid) is dead; a named cursor
// is resumed by one process at a time; a process killed while claiming or parking a record
// leaves nothing that cannot be reclaimed; a forked child never frees its parent's records.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crash_test.hpp"
#include "segments/layout.hpp"

namespace dmxp_test::crash {
namespace {

namespace layout = dmxp::layout;

// The test's own mapping of a channel segment, to play the operating system (pid reuse).
class Segment {
 public:
  explicit Segment(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDWR);
    struct stat st{};
    if (fd < 0 || fstat(fd, &st) != 0) return;
    size_ = size_t(st.st_size);
    void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    ::close(fd);
    if (p != MAP_FAILED) base_ = static_cast<uint8_t*>(p);
  }
  ~Segment() {
    if (base_) munmap(base_, size_);
  }
  bool ok() const { return base_ != nullptr; }
  layout::ChannelHeader* header() const { return reinterpret_cast<layout::ChannelHeader*>(base_); }
  layout::ProducerRecord* producer(uint32_t i) const {
    return reinterpret_cast<layout::ProducerRecord*>(base_ + header()->producers_offset) + i;
  }
  layout::ConsumerRecord* consumer(uint32_t i) const {
    return reinterpret_cast<layout::ConsumerRecord*>(base_ + header()->consumers_offset) + i;
  }

 private:
  uint8_t* base_ = nullptr;
  size_t size_ = 0;
};

enum class Role { kProducer, kConsumer };

// A record freed after its owner died keeps the old owner's start time in the current code;
// a new owner stopped between its pid CAS and its start-time store must still be taken for
// the live process it is: another process that finds the table full must not reclaim it.
class RecordClaimCrash : public CrashTest, public ::testing::WithParamInterface<Role> {};

TEST_P(RecordClaimCrash, StoppedNewOwnerIsNotTakenForDead) {
  const bool producer = GetParam() == Role::kProducer;
  Ring ring;
  ring.capacity = 4;
  ring.max_consumers = producer ? 4 : 1;
  ring.max_producers = producer ? 1 : 4;
  const char* ch = channel("claim_owned");
  dmxp_channel_options o = ring.apply(options());
  // First owner: dies attached, and its record is freed by someone else.
  Peer& first = peer();
  ConsumerHandle c;
  ProducerHandle t;
  if (producer) {
    c = open_consumer(ch, o);
    ASSERT_TRUE(c);
    ASSERT_CALL_OK(first, popen("0", ch));
    ASSERT_CALL_OK(first, "loan 0 0 0 1 1000");
    ASSERT_EQ(first.kill_and_reap().signal, SIGKILL);
    dmxp_message m;  // waits on the dead loan: repairs it and frees the record
    EXPECT_TRUE(IsStatus(dmxp_consumer_receive(c.get(), &m, 10 * kStallMs * 1'000'000),
                         DMXP_ERR_TIMEOUT));
    ASSERT_EQ(info(ch).repaired_slots, 1u);
  } else {
    t = open_producer(ch, o);
    ASSERT_TRUE(t);
    ASSERT_CALL_OK(first, copen("0", ch));
    for (uint64_t s = 0; s < 4; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, 0));
    ASSERT_EQ(first.kill_and_reap().signal, SIGKILL);
    // Gated by the dead consumer: the producer reclaims it after a stall timeout.
    ASSERT_DMXP_OK(send_message(t.get(), 0, 4, recover_ns()));
    ASSERT_EQ(info(ch).reclaimed, 1u);
  }

  Peer& v = victim("record.claim.owned", 1, /*stop=*/true);
  v.post(producer ? popen("0", ch) : copen("0", ch));
  ASSERT_TRUE(StoppedAtPoint(v));
  // The table is full (one record, owned by the stopped process): opening must fail.
  dmxp_producer* p2 = nullptr;
  dmxp_consumer* c2 = nullptr;
  int rc = producer ? dmxp_producer_open(ch, &o, &p2) : dmxp_consumer_open(ch, &o, nullptr, &c2);
  EXPECT_TRUE(FailsWith(rc, DMXP_ERR_RESOURCE))
      << "a live (stopped) process's record was taken for a dead one's";
  dmxp_producer_close(p2);
  dmxp_consumer_close(c2);
  v.resume();
  ASSERT_TRUE(ReplyOk(v.answer())) << v.log();
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(producer ? i.producers : i.consumers, 1u);
  EXPECT_EQ(i.reclaimed, producer ? 0u : 1u);
  // The resumed owner works.
  Ledger ledger;
  if (producer) {
    ASSERT_CALL_OK(v, "send 0 0 1 1 5000");
    ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 1, recover_ns()));
    EXPECT_TRUE(ledger.EachReceived({"c"}, 0, range(1, 1)));
  } else {
    Reply r = v.call("recv 0 4 5000 1");
    ASSERT_TRUE(ReplyOk(r)) << v.log();
    ledger.add("v", messages_of(r));
    EXPECT_TRUE(ledger.EachReceived({"v"}, 0, range(1, 4)));
  }
  EXPECT_TRUE(ledger.Clean());
}

INSTANTIATE_TEST_SUITE_P(Roles, RecordClaimCrash,
                         ::testing::Values(Role::kProducer, Role::kConsumer),
                         [](const ::testing::TestParamInfo<Role>& i) {
                           return i.param == Role::kProducer ? std::string("Producer")
                                                             : std::string("Consumer");
                         });

using RecordCrashes = CrashTest;

// Two processes resume one parked named cursor at the same time: the first is stopped right
// after its pid CAS. The second must get DMXP_ERR_BUSY, and the first must then read on from
// the parked cursor, nothing lost or repeated. Parameter: parked by a clean close, or by the
// owner's death (then the record keeps the dead owner's start time).
class ParkedCursor : public CrashTest, public ::testing::WithParamInterface<bool> {};

TEST_P(ParkedCursor, TwoProcessesResumeOneParkedCursorAtOnce) {
  const bool died = GetParam();
  Ring ring;
  const char* ch = channel("parked");
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ASSERT_TRUE(t);
  for (uint64_t s = 0; s < 10; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, 0));
  Peer& d = peer();
  ASSERT_CALL_OK(d, copen("0", ch, "durable"));
  ASSERT_CALL_OK(d, "recv 0 3 5000 1");
  ASSERT_CALL_OK(d, "release 0");  // the cursor is at seq 3
  if (died) {
    ASSERT_EQ(d.kill_and_reap().signal, SIGKILL);
  } else {
    ASSERT_CALL_OK(d, "cclose 0");
  }

  Peer& first = victim("record.claim.owned", 1, /*stop=*/true);
  first.post(copen("0", ch, "durable"));
  ASSERT_TRUE(StoppedAtPoint(first));
  Peer& second = peer();
  Reply r = second.call(copen("0", ch, "durable"));
  EXPECT_TRUE(r.received && !r.ok && r.status == DMXP_ERR_BUSY)
      << "the name is held by a live (stopped) process; the second opener got: " << r.raw;
  first.resume();
  ASSERT_TRUE(ReplyOk(first.answer())) << first.log();
  Ledger ledger;
  r = first.call("recv 0 7 5000 1");
  ASSERT_TRUE(ReplyOk(r)) << first.log();
  ledger.add("first", messages_of(r));
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"first"}, 0, range(3, 7)));
  EXPECT_EQ(lost_of(r), 0u);
  EXPECT_EQ(info(ch).consumers, 1u);
}

INSTANTIATE_TEST_SUITE_P(Parking, ParkedCursor, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& i) {
                           return i.param ? std::string("ParkedByDeath")
                                          : std::string("ParkedByClose");
                         });

// Killed between the pid CAS and the start-time store: the record is dead and reclaimable.
TEST_F(RecordCrashes, KilledWhileClaimingARecordFreesIt) {
  Ring ring;
  ring.max_consumers = 1;
  const char* ch = channel("claim_killed");
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ASSERT_TRUE(t);
  Peer& v = victim("record.claim.owned", 1);
  v.post(copen("0", ch, "durable"));
  ASSERT_TRUE(DiedAtPoint(v));
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));  // the table is full: reclaims
  ASSERT_TRUE(c) << "the dead claimer's record must be reclaimed";
  // It never owned the record (the claim was in transition): freed, not counted as a
  // reclaimed consumer.
  EXPECT_EQ(info(ch).reclaimed, 0u);
  ASSERT_DMXP_OK(send_message(t.get(), 0, 0, recover_ns()));
  Ledger ledger;
  ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 1, recover_ns()));
  EXPECT_TRUE(ledger.EachReceived({"c"}, 0, range(0, 1)));
}

// Killed while detaching a named consumer, after its cursor store: the restart resumes exactly
// after the last released message (nothing repeated, nothing lost).
TEST_F(RecordCrashes, NamedConsumerKilledWhileParkingResumesExactly) {
  Ring ring;
  const char* ch = channel("parking");
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ASSERT_TRUE(t);
  for (uint64_t s = 0; s < 10; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, 0));
  Peer& v = victim("record.park", 1);
  ASSERT_CALL_OK(v, copen("0", ch, "durable"));
  Reply r = v.call("recv 0 5 5000 1");
  ASSERT_TRUE(ReplyOk(r)) << v.log();
  Ledger ledger;
  ledger.add("v", messages_of(r));
  v.post("cclose 0");
  ASSERT_TRUE(DiedAtPoint(v));
  Peer& w = peer();
  ASSERT_CALL_OK(w, copen("0", ch, "durable"));
  w.post("recv 0 25 " + std::to_string(kRecoverMs) + " 1");
  for (uint64_t s = 10; s < 30; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, recover_ns()));
  r = w.answer(kRecoverMs * 2);
  ASSERT_TRUE(ReplyOk(r)) << w.log();
  ledger.add("w", messages_of(r));
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"v"}, 0, range(0, 5)));
  EXPECT_TRUE(ledger.EachReceived({"w"}, 0, range(5, 25)));
  EXPECT_EQ(lost_of(r), 0u);
  // It died detaching (its record in transition): finished by the restart, not counted as a
  // reclaimed consumer.
  EXPECT_EQ(info(ch).reclaimed, 0u);
}

// Pid reuse: the dead producer's record names a pid that a live process now has (played here
// by rewriting the record's pid to a live bystander's, start time unchanged). The start time
// differs, so the record is dead and its slot is repaired.
TEST_F(RecordCrashes, ReusedPidWithAnotherStartTimeIsDead) {
  Ring ring;
  const char* ch = channel("pid_reuse");
  ConsumerHandle c = open_consumer(ch, ring.apply(options()));
  ASSERT_TRUE(c);
  Peer& bystander = peer();  // alive: the process the pid now belongs to
  // Start times count clock ticks (10 ms): start the victim a few ticks later, so that the
  // bystander's start time really differs from the one in the victim's record.
  usleep(30'000);
  Peer& v = victim("producer.claim.stamped", 2);
  ASSERT_CALL_OK(v, popen("0", ch));
  ASSERT_CALL_OK(v, "send 0 0 0 1 1000");
  v.post("send 0 0 1 1 1000");
  ASSERT_TRUE(DiedAtPoint(v));
  {
    Segment seg(segment_path(ch));
    ASSERT_TRUE(seg.ok());
    bool patched = false;
    for (uint32_t i = 0; i < ring.max_producers; ++i) {
      layout::ProducerRecord* r = seg.producer(i);
      if (r->owner_pid.load() != v.pid()) continue;
      ASSERT_NE(r->owner_start_time, 0u);
      ASSERT_NE(r->owner_start_time, dmxp_process_start_time(bystander.pid()));
      r->owner_pid.store(bystander.pid());
      patched = true;
    }
    ASSERT_TRUE(patched) << "the dead producer's record was not found";
  }
  Peer& l = peer();
  ASSERT_CALL_OK(l, popen("0", ch));
  ASSERT_CALL_OK(l, "send 0 1 0 5 5000");
  Ledger ledger;
  ASSERT_DMXP_OK(receive_into(ledger, "c", c.get(), 6, recover_ns()));
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"c"}, 0, range(0, 1)));
  EXPECT_TRUE(ledger.EachReceived({"c"}, 1, range(0, 5)));
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 1u);
  EXPECT_EQ(info(ch).repaired_slots, 1u);
  EXPECT_EQ(info(ch).producers, 1u);
}

// Same for a gating consumer: its record names a live process with another start time, so a
// producer blocked behind it reclaims it.
TEST_F(RecordCrashes, ReusedPidOfAGatingConsumerIsDead) {
  Ring ring;
  ring.capacity = 4;
  const char* ch = channel("pid_reuse_consumer");
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ASSERT_TRUE(t);
  Peer& bystander = peer();
  usleep(30'000);  // a start time a few clock ticks apart (see above)
  Peer& d = peer();
  ASSERT_CALL_OK(d, copen("0", ch));
  for (uint64_t s = 0; s < 4; ++s) ASSERT_DMXP_OK(send_message(t.get(), 0, s, 0));
  pid_t dead = d.pid();
  ASSERT_EQ(d.kill_and_reap().signal, SIGKILL);
  {
    Segment seg(segment_path(ch));
    ASSERT_TRUE(seg.ok());
    bool patched = false;
    for (uint32_t i = 0; i < ring.max_consumers; ++i) {
      layout::ConsumerRecord* r = seg.consumer(i);
      if (r->owner_pid.load() != dead) continue;
      ASSERT_NE(r->owner_start_time, dmxp_process_start_time(bystander.pid()));
      r->owner_pid.store(bystander.pid());
      patched = true;
    }
    ASSERT_TRUE(patched);
  }
  ASSERT_DMXP_OK(send_message(t.get(), 0, 4, recover_ns()));
  EXPECT_EQ(info(ch).reclaimed, 1u);
  EXPECT_EQ(info(ch).consumers, 0u);
}

// A forked child of a process holding a producer and a consumer closes its inherited handles
// on the way out (what its destructors do): the parent's records must stay its own.
TEST_F(RecordCrashes, ForkedChildClosingInheritedHandlesKeepsTheParentsRecords) {
  Ring ring;
  ring.capacity = 4;
  const char* ch = channel("forked");
  ProducerHandle t = open_producer(ch, ring.apply(options()));
  ASSERT_TRUE(t);
  Peer& parent = peer();
  ASSERT_CALL_OK(parent, popen("0", ch));
  ASSERT_CALL_OK(parent, copen("0", ch, "durable"));
  Reply r = parent.call("fork_close 0 0");
  ASSERT_TRUE(ReplyOk(r)) << parent.log();
  EXPECT_EQ(r.words.at(0), "0") << "the child's exit code";
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(i.producers, 2u) << "the child freed its parent's producer record";
  EXPECT_EQ(i.consumers, 1u) << "the child freed its parent's consumer record";
  EXPECT_EQ(i.parked_cursors, 0u);
  // The parent's consumer still gates: the ring takes 4 messages, not a fifth.
  for (uint64_t s = 0; s < 4; ++s) ASSERT_DMXP_OK(send_message(t.get(), 1, s, 0));
  EXPECT_TRUE(IsStatus(send_message(t.get(), 1, 4, 0), DMXP_ERR_WOULD_BLOCK))
      << "the parent's consumer no longer holds the producers back";
  r = parent.call("recv 0 4 1000 1");  // all committed: a short bound
  ASSERT_TRUE(ReplyOk(r)) << parent.log();
  ASSERT_CALL_OK(parent, "send 0 0 0 1 1000");
  Reply r2 = parent.call("recv 0 1 1000 1");
  ASSERT_TRUE(ReplyOk(r2)) << parent.log();
  Ledger ledger;
  ledger.add("parent", messages_of(r));
  ledger.add("parent", messages_of(r2));
  EXPECT_TRUE(ledger.Clean());
  EXPECT_TRUE(ledger.EachReceived({"parent"}, 1, range(0, 4)));
  EXPECT_TRUE(ledger.EachReceived({"parent"}, 0, range(0, 1)));
  EXPECT_EQ(lost_of(r2), 0u);
}

}  // namespace
}  // namespace dmxp_test::crash
