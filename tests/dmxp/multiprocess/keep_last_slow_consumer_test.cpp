// KEEP_LAST across processes: a producer process floods a small ring while a slow consumer
// (the test process) reads. The consumer loses messages (lost() > 0) but never accepts a torn
// one: it copies each view, and a release() that returns DMXP_ERR_OVERRUN marks the copy as
// possibly torn; every other copy must pass its checksum. Keys and sequence numbers keep
// increasing across the gaps. First, a deterministic lap of a held view: release() must say
// DMXP_ERR_OVERRUN.
#include <unistd.h>

#include <cstring>
#include <vector>

#include "payload.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

constexpr uint32_t kCapacity = 8;
constexpr uint32_t kSlotSize = 4096;
constexpr uint32_t kMaxBody = kSlotSize - sizeof(TestMessage);

int send_range(dmxp_producer* p, uint64_t first, uint64_t end) {
  static uint8_t buf[kSlotSize];
  for (uint64_t s = first; s < end; ++s) {
    MessageSpec spec;
    spec.seq = s;
    size_t n = write_message(buf, spec, body_size_for(0, s, kMaxBody));
    if (int rc = dmxp_producer_send(p, buf, n, 0, nullptr)) {  // KEEP_LAST never blocks
      dprintf(2, "keep-last producer: seq %llu: status %d: %s\n", (unsigned long long)s, rc,
              dmxp_last_error());
      return 4;
    }
  }
  return 0;
}

int flood(ChildIo& io, const char* ch, const dmxp_channel_options& o, uint64_t total) {
  dmxp_producer* p = nullptr;
  if (dmxp_producer_open(ch, &o, &p) != DMXP_OK) return 2;
  if (int rc = send_range(p, 0, 1)) return rc;
  io.send_token('A');
  if (!io.wait_token('B', kTokenTimeoutMs)) return 3;
  if (int rc = send_range(p, 1, 1 + 3 * kCapacity)) return rc;  // laps the held view
  io.send_token('C');
  if (!io.wait_token('D', kTokenTimeoutMs)) return 3;
  if (int rc = send_range(p, 1 + 3 * kCapacity, total)) return rc;
  dmxp_producer_close(p);
  return 0;
}

using KeepLastSlowConsumer = DomainTest;

TEST_F(KeepLastSlowConsumer, LosesMessagesButNeverAcceptsATornOne) {
  const uint64_t total = scaled(200'000, 5'000);
  dmxp_channel_options o = options();
  o.capacity = kCapacity;
  o.slot_size = kSlotSize;
  o.backpressure = DMXP_KEEP_LAST;
  const char* ch = channel("lossy");
  ConsumerHandle c = open_consumer(ch, o);
  ASSERT_TRUE(c);
  o.create = 0;
  ChildProcess producer = ChildProcess::fork([&](ChildIo& io) { return flood(io, ch, o, total); });

  // A view held while the producer laps the ring.
  ASSERT_TRUE(producer.wait_token('A', kTokenTimeoutMs));
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
  uint64_t last_key = m.key;
  ASSERT_TRUE(producer.send_token('B'));
  ASSERT_TRUE(producer.wait_token('C', kTokenTimeoutMs));
  EXPECT_TRUE(FailsWith(dmxp_consumer_release(c.get()), DMXP_ERR_OVERRUN, {"lossy"}));

  // Racing reads of a flooding producer.
  ASSERT_TRUE(producer.send_token('D'));
  std::vector<uint8_t> copy(kSlotSize);
  uint64_t accepted = 0, overruns = 0, torn_accepted = 0, order_errors = 0, key_errors = 0;
  int64_t last_seq = 0;
  for (uint64_t i = 0; last_seq + 1 < int64_t(total); ++i) {
    int rc = dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs);
    ASSERT_DMXP_OK(rc) << "after " << accepted << " messages";
    if (m.key <= last_key) ++key_errors;
    last_key = m.key;
    size_t size = m.size;
    std::memcpy(copy.data(), m.data, size);
    if (dmxp_consumer_release(c.get()) == DMXP_ERR_OVERRUN) {
      ++overruns;  // the copy may be torn: it must not be trusted, and is not
      continue;
    }
    TestMessage h;
    if (check_message(copy.data(), size, &h) != Verdict::kOk) {
      ++torn_accepted;
      continue;
    }
    if (int64_t(h.seq) <= last_seq) ++order_errors;
    last_seq = int64_t(h.seq);
    ++accepted;
    if (i % 16 == 0) usleep(50);  // be slow
  }
  EXPECT_TRUE(ExitsCleanly(producer));
  EXPECT_EQ(torn_accepted, 0u) << "a copy released without DMXP_ERR_OVERRUN was torn";
  EXPECT_EQ(order_errors, 0u);
  EXPECT_EQ(key_errors, 0u);
  EXPECT_GT(dmxp_consumer_lost(c.get()), 0u);
  EXPECT_LT(accepted, total);
  RecordProperty("accepted", std::to_string(accepted));
  RecordProperty("overruns", std::to_string(overruns));
  RecordProperty("lost", std::to_string(dmxp_consumer_lost(c.get())));
}

}  // namespace
}  // namespace dmxp_test
