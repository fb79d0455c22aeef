// Queue mode across processes: P producer processes, C competing consumer processes. Every
// message is delivered exactly once overall (the union of what consumers got is everything,
// with no duplicate), and each consumer sees each producer's messages in increasing order.
// Consumers tick a per-message counter in a shared result mapping; the parent checks it.
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <vector>

#include "payload.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

constexpr uint32_t kProducers = 3;
constexpr uint32_t kConsumers = 3;
constexpr uint32_t kSlotSize = 192;
constexpr uint32_t kMaxBody = kSlotSize - sizeof(TestMessage);

// Shared between the parent and every child (MAP_SHARED | MAP_ANONYMOUS, made before fork).
struct Tally {
  std::atomic<uint64_t> delivered;  // messages received by all consumers together
  // Followed by count[producer * per_producer + seq]: how often that message was delivered.
  std::atomic<uint32_t>* count() { return reinterpret_cast<std::atomic<uint32_t>*>(this + 1); }
};

struct ConsumerReport {
  uint64_t received = 0;
  uint64_t bad_message = 0;
  uint64_t out_of_order = 0;  // a producer's seq not above the last one this consumer saw
  uint64_t key_not_increasing = 0;
  uint64_t lost = 0;
  int32_t failed_status = 0;
};

int produce(ChildIo& io, const char* ch, const dmxp_channel_options& o, uint32_t id, uint64_t n) {
  dmxp_producer* p = nullptr;
  if (dmxp_producer_open(ch, &o, &p) != DMXP_OK) return 2;
  if (!io.wait_token('G', kTokenTimeoutMs)) return 3;
  uint8_t buf[kSlotSize];
  for (uint64_t s = 0; s < n; ++s) {
    MessageSpec spec;
    spec.producer = id;
    spec.seq = s;
    size_t size = write_message(buf, spec, body_size_for(id, s, kMaxBody));
    if (int rc = dmxp_producer_send(p, buf, size, kReceiveTimeoutNs, nullptr)) {
      dprintf(2, "producer %u: message %llu: status %d: %s\n", id, (unsigned long long)s, rc,
              dmxp_last_error());
      return 4;
    }
  }
  dmxp_producer_close(p);
  return 0;
}

int consume(ChildIo& io, const char* ch, const dmxp_channel_options& o, Tally* tally,
            uint64_t per_producer) {
  const uint64_t total = per_producer * kProducers;
  dmxp_consumer* c = nullptr;
  if (dmxp_consumer_open(ch, &o, nullptr, &c) != DMXP_OK) return 2;
  io.send_token(kTokenReady);
  ConsumerReport r;
  int64_t last_seq[kProducers];
  for (int64_t& s : last_seq) s = -1;
  uint64_t last_key = 0;
  int idle_polls = 0;  // consecutive empty 100 ms waits while others still work
  while (tally->delivered.load() < total) {
    dmxp_message m;
    int rc = dmxp_consumer_receive(c, &m, 100'000'000);
    if (rc == DMXP_ERR_TIMEOUT) {
      if (++idle_polls * 100 > kTokenTimeoutMs) { r.failed_status = rc; break; }
      continue;
    }
    if (rc != DMXP_OK) {
      r.failed_status = rc;
      dprintf(2, "queue consumer: status %d: %s\n", rc, dmxp_last_error());
      break;
    }
    idle_polls = 0;
    TestMessage h;
    if (check_message(m.data, m.size, &h) != Verdict::kOk || h.producer >= kProducers ||
        h.seq >= per_producer) {
      ++r.bad_message;
      continue;
    }
    if (int64_t(h.seq) <= last_seq[h.producer]) ++r.out_of_order;
    if (m.key <= last_key) ++r.key_not_increasing;
    last_key = m.key;
    last_seq[h.producer] = int64_t(h.seq);
    tally->count()[h.producer * per_producer + h.seq].fetch_add(1);
    ++r.received;
    // Release before counting the delivery: once `delivered` reaches the total, every
    // consumer may leave, and nothing may still be held.
    dmxp_consumer_release(c);
    tally->delivered.fetch_add(1);
  }
  r.lost = dmxp_consumer_lost(c);
  dmxp_consumer_close(c);
  return io.write_all(&r, sizeof r) ? 0 : 5;
}

using QueueMpmc = DomainTest;

TEST_F(QueueMpmc, EachMessageIsDeliveredExactlyOnceOverall) {
  const uint64_t per_producer = scaled(400'000, 2'000);
  const uint64_t total = per_producer * kProducers;
  dmxp_channel_options o = options();
  o.mode = DMXP_MODE_QUEUE;
  o.capacity = 512;
  o.slot_size = kSlotSize;
  const char* ch = channel("work");
  open_producer(ch, o);
  o.create = 0;

  size_t tally_size = sizeof(Tally) + sizeof(std::atomic<uint32_t>) * total;
  void* mem = mmap(nullptr, tally_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mem, MAP_FAILED);
  auto* tally = new (mem) Tally{};  // zero-filled pages: every count starts at 0

  std::vector<ChildProcess> consumers, producers;
  for (uint32_t i = 0; i < kConsumers; ++i)
    consumers.push_back(
        ChildProcess::fork([&](ChildIo& io) { return consume(io, ch, o, tally, per_producer); }));
  for (ChildProcess& c : consumers) ASSERT_TRUE(c.wait_token(kTokenReady, kTokenTimeoutMs));
  for (uint32_t i = 0; i < kProducers; ++i)
    producers.push_back(
        ChildProcess::fork([&](ChildIo& io) { return produce(io, ch, o, i, per_producer); }));
  for (ChildProcess& p : producers) ASSERT_TRUE(p.send_token('G'));
  for (ChildProcess& p : producers) EXPECT_TRUE(ExitsCleanly(p));

  uint64_t received = 0;
  for (uint32_t i = 0; i < kConsumers; ++i) {
    SCOPED_TRACE("consumer " + std::to_string(i));
    ConsumerReport r;
    ASSERT_TRUE(consumers[i].read_exact(&r, sizeof r, kChildTimeoutMs));
    EXPECT_TRUE(ExitsCleanly(consumers[i]));
    EXPECT_EQ(r.failed_status, 0);
    EXPECT_EQ(r.bad_message, 0u);
    EXPECT_EQ(r.out_of_order, 0u);
    EXPECT_EQ(r.key_not_increasing, 0u) << "one consumer's share of a queue is in key order";
    EXPECT_EQ(r.lost, 0u);
    received += r.received;
  }
  EXPECT_EQ(received, total);
  EXPECT_EQ(tally->delivered.load(), total);
  uint64_t missing = 0, duplicated = 0, first_bad = UINT64_MAX;
  for (uint64_t i = 0; i < total; ++i) {
    uint32_t n = tally->count()[i].load();
    if (n == 0) ++missing;
    if (n > 1) ++duplicated;
    if (n != 1 && first_bad == UINT64_MAX) first_bad = i;
  }
  EXPECT_EQ(missing, 0u) << "first: producer " << first_bad / per_producer << " seq "
                         << first_bad % per_producer;
  EXPECT_EQ(duplicated, 0u);
  munmap(mem, tally_size);
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(i.published, total);
  EXPECT_EQ(i.consumers, 0u);
}

}  // namespace
}  // namespace dmxp_test
