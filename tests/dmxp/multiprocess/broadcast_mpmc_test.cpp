// Broadcast MPMC across processes: P producer processes x C consumer processes on one
// RELIABLE broadcast channel. Every consumer must receive every message exactly once, each
// producer's messages in order, with valid checksums and strictly increasing keys, and lose
// nothing. Producers use the three send paths (copy, loan/commit, both mixed); one consumer
// reads through receive_batch.
#include <unistd.h>

#include <cstring>
#include <vector>

#include "payload.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

constexpr uint32_t kProducers = 3;
constexpr uint32_t kConsumers = 3;
constexpr uint32_t kSlotSize = 256;
constexpr uint32_t kMaxBody = kSlotSize - sizeof(TestMessage);

struct ConsumerReport {
  uint64_t received = 0;
  uint64_t bad_message = 0;      // checksum, size or unknown producer
  uint64_t out_of_order = 0;     // a producer's seq not the next one
  uint64_t key_not_increasing = 0;
  uint64_t wrong_metadata = 0;   // batch fields or producer_pid inconsistent
  uint64_t lost = 0;
  int32_t failed_status = 0;     // a receive that failed, if any
  int32_t after_end_status = 0;  // try_receive once everything arrived
  int32_t pid_of[kProducers] = {};
  uint64_t per_producer[kProducers] = {};
};

int produce(ChildIo& io, const char* ch, const dmxp_channel_options& o, uint32_t id, uint64_t n) {
  dmxp_producer* p = nullptr;
  if (dmxp_producer_open(ch, &o, &p) != DMXP_OK) {
    dprintf(2, "producer %u: open: %s\n", id, dmxp_last_error());
    return 2;
  }
  if (!io.wait_token('G', kTokenTimeoutMs)) return 3;
  uint8_t buf[kSlotSize];
  for (uint64_t s = 0; s < n; ++s) {
    MessageSpec spec;
    spec.producer = id;
    spec.seq = s;
    uint32_t body = body_size_for(id, s, kMaxBody);
    // Producer 0 copies, producer 1 loans, producer 2 alternates.
    bool loan = id == 1 || (id == 2 && (s & 1));
    int rc;
    if (loan) {
      void* slot = nullptr;
      rc = dmxp_producer_loan(p, sizeof(TestMessage) + body, &slot, kReceiveTimeoutNs);
      if (rc == DMXP_OK) rc = dmxp_producer_commit(p, write_message(slot, spec, body), nullptr);
    } else {
      size_t size = write_message(buf, spec, body);
      rc = dmxp_producer_send(p, buf, size, kReceiveTimeoutNs, nullptr);
    }
    if (rc != DMXP_OK) {
      dprintf(2, "producer %u: message %llu: status %d: %s\n", id, (unsigned long long)s, rc,
              dmxp_last_error());
      return 4;
    }
  }
  dmxp_producer_close(p);
  return 0;
}

void check_one(const dmxp_message& m, ConsumerReport& r, uint64_t* next_seq, uint64_t* last_key) {
  TestMessage h;
  if (check_message(m.data, m.size, &h) != Verdict::kOk || h.producer >= kProducers) {
    ++r.bad_message;
    return;
  }
  if (h.seq != next_seq[h.producer]) ++r.out_of_order;
  next_seq[h.producer] = h.seq + 1;
  if (r.received && m.key <= *last_key) ++r.key_not_increasing;
  *last_key = m.key;
  if (m.batch_count != 1 || m.batch_index != 0) ++r.wrong_metadata;
  if (r.pid_of[h.producer] == 0) r.pid_of[h.producer] = m.producer_pid;
  if (r.pid_of[h.producer] != m.producer_pid) ++r.wrong_metadata;
  ++r.per_producer[h.producer];
  ++r.received;
}

int consume(ChildIo& io, const char* ch, const dmxp_channel_options& o, uint32_t id,
            uint64_t total) {
  dmxp_consumer* c = nullptr;
  if (dmxp_consumer_open(ch, &o, nullptr, &c) != DMXP_OK) {
    dprintf(2, "consumer %u: open: %s\n", id, dmxp_last_error());
    return 2;
  }
  io.send_token(kTokenReady);
  ConsumerReport r;
  uint64_t next_seq[kProducers] = {};
  uint64_t last_key = 0;
  const bool batched = id == kConsumers - 1;
  dmxp_message views[32];
  while (r.received < total) {
    uint32_t n = 0;
    int rc = batched ? dmxp_consumer_receive_batch(c, views, 32, &n, kReceiveTimeoutNs)
                     : dmxp_consumer_receive(c, views, kReceiveTimeoutNs);
    if (rc != DMXP_OK) {
      r.failed_status = rc;
      dprintf(2, "consumer %u: after %llu messages: status %d: %s\n", id,
              (unsigned long long)r.received, rc, dmxp_last_error());
      break;
    }
    if (!batched) n = 1;
    for (uint32_t i = 0; i < n; ++i) check_one(views[i], r, next_seq, &last_key);
  }
  r.lost = dmxp_consumer_lost(c);
  r.after_end_status = dmxp_consumer_try_receive(c, views);
  dmxp_consumer_close(c);
  return io.write_all(&r, sizeof r) ? 0 : 5;
}

using BroadcastMpmc = DomainTest;

TEST_F(BroadcastMpmc, EveryConsumerGetsEveryMessageOnceInOrder) {
  const uint64_t per_producer = scaled(1'000'000, 2'000);
  const uint64_t total = per_producer * kProducers;
  dmxp_channel_options o = options();
  o.capacity = 1024;
  o.slot_size = kSlotSize;
  const char* ch = channel("fanout");
  open_producer(ch, o);  // creates the channel; closed at once
  o.create = 0;

  std::vector<ChildProcess> consumers, producers;
  for (uint32_t i = 0; i < kConsumers; ++i)
    consumers.push_back(ChildProcess::fork([&](ChildIo& io) { return consume(io, ch, o, i, total); }));
  for (ChildProcess& c : consumers) ASSERT_TRUE(c.wait_token(kTokenReady, kTokenTimeoutMs));
  for (uint32_t i = 0; i < kProducers; ++i)
    producers.push_back(
        ChildProcess::fork([&](ChildIo& io) { return produce(io, ch, o, i, per_producer); }));
  for (ChildProcess& p : producers) ASSERT_TRUE(p.send_token('G'));
  std::vector<pid_t> producer_pids;
  for (ChildProcess& p : producers) {
    producer_pids.push_back(p.pid());
    EXPECT_TRUE(ExitsCleanly(p));
  }
  for (uint32_t i = 0; i < kConsumers; ++i) {
    SCOPED_TRACE("consumer " + std::to_string(i));
    ConsumerReport r;
    ASSERT_TRUE(consumers[i].read_exact(&r, sizeof r, kChildTimeoutMs));
    EXPECT_TRUE(ExitsCleanly(consumers[i]));
    EXPECT_EQ(r.failed_status, 0);
    EXPECT_EQ(r.received, total);
    EXPECT_EQ(r.bad_message, 0u);
    EXPECT_EQ(r.out_of_order, 0u);
    EXPECT_EQ(r.key_not_increasing, 0u);
    EXPECT_EQ(r.wrong_metadata, 0u);
    EXPECT_EQ(r.lost, 0u) << "a reliable channel loses nothing";
    EXPECT_TRUE(IsStatus(r.after_end_status, DMXP_ERR_WOULD_BLOCK)) << "no message twice";
    for (uint32_t p = 0; p < kProducers; ++p) {
      EXPECT_EQ(r.per_producer[p], per_producer) << "producer " << p;
      EXPECT_EQ(r.pid_of[p], producer_pids[p]) << "producer " << p;
    }
  }
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(i.published, total);
  EXPECT_EQ(i.producers, 0u);
  EXPECT_EQ(i.consumers, 0u);
  EXPECT_EQ(i.repaired_slots, 0u);
}

}  // namespace
}  // namespace dmxp_test
