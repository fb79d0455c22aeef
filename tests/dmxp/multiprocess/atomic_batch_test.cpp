// Atomic batches across processes: producer processes publish batches of 1..16 messages
// (send_batch and loan_batch/commit_batch); broadcast consumer processes must see each batch
// whole, contiguous and in order (batch_index 0..count-1), never a part of one. A consumer
// reading with receive_batch checks visibility too: a call that stops inside a batch must
// have stopped because its array was full, since a committed batch is visible all at once.
#include <unistd.h>

#include <vector>

#include "payload.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

constexpr uint32_t kProducers = 2;
constexpr uint32_t kConsumers = 3;
constexpr uint32_t kMaxBatch = 16;
constexpr uint32_t kSlotSize = 160;
constexpr uint32_t kMaxBody = kSlotSize - sizeof(TestMessage);

uint32_t batch_size(uint32_t producer, uint64_t batch) {
  return 1 + uint32_t(splitmix64(batch * 31 + producer) % kMaxBatch);
}

uint64_t messages_of(uint32_t producer, uint64_t batches) {
  uint64_t n = 0;
  for (uint64_t b = 0; b < batches; ++b) n += batch_size(producer, b);
  return n;
}

int produce(ChildIo& io, const char* ch, const dmxp_channel_options& o, uint32_t id,
            uint64_t batches) {
  dmxp_producer* p = nullptr;
  if (dmxp_producer_open(ch, &o, &p) != DMXP_OK) return 2;
  if (!io.wait_token('G', kTokenTimeoutMs)) return 3;
  static uint8_t storage[kMaxBatch][kSlotSize];
  uint64_t seq = 0;
  for (uint64_t b = 0; b < batches; ++b) {
    uint32_t k = batch_size(id, b);
    MessageSpec spec;
    spec.producer = id;
    spec.batch_id = b + 1;
    spec.batch_count = k;
    int rc;
    if (b % 2 == 0) {  // copy path
      dmxp_iovec iov[kMaxBatch];
      for (uint32_t i = 0; i < k; ++i) {
        spec.seq = seq + i;
        spec.batch_index = i;
        iov[i].data = storage[i];
        iov[i].size = write_message(storage[i], spec, body_size_for(id, spec.seq, kMaxBody));
      }
      rc = dmxp_producer_send_batch(p, iov, k, kReceiveTimeoutNs, nullptr);
    } else {  // zero-copy path
      void* slots[kMaxBatch];
      size_t sizes[kMaxBatch];
      rc = dmxp_producer_loan_batch(p, k, slots, kReceiveTimeoutNs);
      for (uint32_t i = 0; rc == DMXP_OK && i < k; ++i) {
        spec.seq = seq + i;
        spec.batch_index = i;
        sizes[i] = write_message(slots[i], spec, body_size_for(id, spec.seq, kMaxBody));
      }
      if (rc == DMXP_OK) rc = dmxp_producer_commit_batch(p, sizes, nullptr);
    }
    if (rc != DMXP_OK) {
      dprintf(2, "batch producer %u: batch %llu: status %d: %s\n", id, (unsigned long long)b, rc,
              dmxp_last_error());
      return 4;
    }
    seq += k;
  }
  dmxp_producer_close(p);
  return 0;
}

struct BatchReport {
  uint64_t received = 0;
  uint64_t batches_completed = 0;
  uint64_t bad_message = 0;
  uint64_t metadata_mismatch = 0;  // dmxp_message batch fields differ from what was sent
  uint64_t not_contiguous = 0;     // a batch interrupted by another message, or started late
  uint64_t out_of_order = 0;       // seq or batch id not the next of its producer
  uint64_t partial_visibility = 0; // receive_batch stopped inside a batch with room left
  uint64_t key_not_increasing = 0;
  int32_t failed_status = 0;
};

// Follows the batch being read: after index i of a batch of k (i < k-1), the next message
// must be index i+1 of the same batch of the same producer.
struct BatchCursor {
  bool open = false;
  uint32_t producer = 0, next_index = 0, count = 0;
  uint64_t batch_id = 0;
};

void check_one(const dmxp_message& m, BatchReport& r, BatchCursor& cur, uint64_t* next_seq,
               uint64_t* next_batch, uint64_t* last_key) {
  TestMessage h;
  ++r.received;
  if (check_message(m.data, m.size, &h) != Verdict::kOk || h.producer >= kProducers) {
    ++r.bad_message;
    return;
  }
  if (m.batch_index != h.batch_index || m.batch_count != h.batch_count) ++r.metadata_mismatch;
  if (r.received > 1 && m.key <= *last_key) ++r.key_not_increasing;
  *last_key = m.key;
  if (cur.open) {
    if (h.producer != cur.producer || h.batch_id != cur.batch_id || h.batch_index != cur.next_index)
      ++r.not_contiguous;
  } else if (h.batch_index != 0) {
    ++r.not_contiguous;
  }
  if (h.seq != next_seq[h.producer]) ++r.out_of_order;
  next_seq[h.producer] = h.seq + 1;
  if (h.batch_index == 0) {
    if (h.batch_id != next_batch[h.producer]) ++r.out_of_order;
    next_batch[h.producer] = h.batch_id + 1;
  }
  cur.open = h.batch_index + 1 < h.batch_count;
  cur.producer = h.producer;
  cur.batch_id = h.batch_id;
  cur.next_index = h.batch_index + 1;
  if (!cur.open) ++r.batches_completed;
}

int consume(ChildIo& io, const char* ch, const dmxp_channel_options& o, uint32_t id,
            uint64_t total) {
  dmxp_consumer* c = nullptr;
  if (dmxp_consumer_open(ch, &o, nullptr, &c) != DMXP_OK) return 2;
  io.send_token(kTokenReady);
  BatchReport r;
  BatchCursor cur;
  uint64_t next_seq[kProducers] = {}, next_batch[kProducers] = {1, 1}, last_key = 0;
  const bool batched = id == kConsumers - 1;
  uint64_t rng = id;
  dmxp_message views[40];
  while (r.received < total) {
    uint32_t n = 1, max = 1;
    int rc;
    if (batched) {
      max = 1 + uint32_t((rng = splitmix64(rng)) % 40);
      rc = dmxp_consumer_receive_batch(c, views, max, &n, kReceiveTimeoutNs);
    } else {
      rc = dmxp_consumer_receive(c, views, kReceiveTimeoutNs);
    }
    if (rc != DMXP_OK) {
      r.failed_status = rc;
      dprintf(2, "batch consumer %u: status %d: %s\n", id, rc, dmxp_last_error());
      break;
    }
    for (uint32_t i = 0; i < n; ++i) check_one(views[i], r, cur, next_seq, next_batch, &last_key);
    if (batched && n < max && views[n - 1].batch_index + 1 < views[n - 1].batch_count)
      ++r.partial_visibility;
  }
  dmxp_consumer_close(c);
  return io.write_all(&r, sizeof r) ? 0 : 5;
}

using AtomicBatch = DomainTest;

TEST_F(AtomicBatch, ConsumersSeeWholeContiguousBatchesInOrder) {
  const uint64_t batches = scaled(40'000, 500);
  uint64_t total = 0, total_batches = batches * kProducers;
  for (uint32_t p = 0; p < kProducers; ++p) total += messages_of(p, batches);
  dmxp_channel_options o = options();
  o.capacity = 256;
  o.slot_size = kSlotSize;
  const char* ch = channel("batches");
  open_producer(ch, o);
  o.create = 0;

  std::vector<ChildProcess> consumers, producers;
  for (uint32_t i = 0; i < kConsumers; ++i)
    consumers.push_back(ChildProcess::fork([&](ChildIo& io) { return consume(io, ch, o, i, total); }));
  for (ChildProcess& c : consumers) ASSERT_TRUE(c.wait_token(kTokenReady, kTokenTimeoutMs));
  for (uint32_t i = 0; i < kProducers; ++i)
    producers.push_back(
        ChildProcess::fork([&](ChildIo& io) { return produce(io, ch, o, i, batches); }));
  for (ChildProcess& p : producers) ASSERT_TRUE(p.send_token('G'));
  for (ChildProcess& p : producers) EXPECT_TRUE(ExitsCleanly(p));
  for (uint32_t i = 0; i < kConsumers; ++i) {
    SCOPED_TRACE(i == kConsumers - 1 ? "receive_batch consumer" : "receive consumer");
    BatchReport r;
    ASSERT_TRUE(consumers[i].read_exact(&r, sizeof r, kChildTimeoutMs));
    EXPECT_TRUE(ExitsCleanly(consumers[i]));
    EXPECT_EQ(r.failed_status, 0);
    EXPECT_EQ(r.received, total);
    EXPECT_EQ(r.batches_completed, total_batches);
    EXPECT_EQ(r.bad_message, 0u);
    EXPECT_EQ(r.metadata_mismatch, 0u);
    EXPECT_EQ(r.not_contiguous, 0u);
    EXPECT_EQ(r.out_of_order, 0u);
    EXPECT_EQ(r.partial_visibility, 0u);
    EXPECT_EQ(r.key_not_increasing, 0u);
  }
}

}  // namespace
}  // namespace dmxp_test
