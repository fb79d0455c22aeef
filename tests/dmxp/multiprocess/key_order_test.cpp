// Key order across channels and processes.
// - Producer processes publish on three channels of one domain; a merged scan over consumers
//   of all three yields every message, keys strictly increasing, each from the right channel
//   and each producer's messages per channel in order.
// - Causality: a relay process receives on A and then publishes on B; the B message's key is
//   larger than the key of the A message it was sent after.
#include <unistd.h>

#include <map>
#include <vector>

#include "payload.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

constexpr uint32_t kChannels = 3;
constexpr uint32_t kProducers = 3;
constexpr uint32_t kSlotSize = 128;
constexpr uint32_t kMaxBody = kSlotSize - sizeof(TestMessage);

int publish_mixed(ChildIo& io, const char* const* names, const dmxp_channel_options& o,
                  uint32_t id, uint64_t n) {
  dmxp_producer* p[kChannels] = {};
  for (uint32_t c = 0; c < kChannels; ++c)
    if (dmxp_producer_open(names[c], &o, &p[c]) != DMXP_OK) return 2;
  if (!io.wait_token('G', kTokenTimeoutMs)) return 3;
  uint64_t seq[kChannels] = {};
  uint8_t buf[kSlotSize];
  for (uint64_t i = 0; i < n; ++i) {
    uint32_t c = uint32_t(splitmix64(i * 7 + id) % kChannels);
    MessageSpec spec;
    spec.producer = id;
    spec.channel = c;
    spec.seq = seq[c]++;
    size_t size = write_message(buf, spec, body_size_for(id, i, kMaxBody));
    if (int rc = dmxp_producer_send(p[c], buf, size, kReceiveTimeoutNs, nullptr)) {
      dprintf(2, "mixed producer %u: status %d: %s\n", id, rc, dmxp_last_error());
      return 4;
    }
  }
  for (dmxp_producer* q : p) dmxp_producer_close(q);
  return 0;
}

using KeyOrder = DomainTest;

TEST_F(KeyOrder, MergedScanOfThreeChannelsIsInStrictKeyOrder) {
  const uint64_t per_producer = scaled(4'000, 300);
  dmxp_channel_options o = options();
  o.capacity = 16384;  // holds everything: the scan runs after the producers are done
  o.slot_size = kSlotSize;
  const char* names[kChannels] = {channel("k0"), channel("k1"), channel("k2")};
  ConsumerHandle cons[kChannels];
  for (uint32_t c = 0; c < kChannels; ++c) {
    cons[c] = open_consumer(names[c], o);
    ASSERT_TRUE(cons[c]);
  }
  o.create = 0;
  std::vector<ChildProcess> producers;
  for (uint32_t i = 0; i < kProducers; ++i)
    producers.push_back(ChildProcess::fork(
        [&](ChildIo& io) { return publish_mixed(io, names, o, i, per_producer); }));
  for (ChildProcess& p : producers) ASSERT_TRUE(p.send_token('G'));
  for (ChildProcess& p : producers) ASSERT_TRUE(ExitsCleanly(p));

  dmxp_consumer* raw[kChannels] = {cons[0].get(), cons[1].get(), cons[2].get()};
  dmxp_merge* mraw = nullptr;
  ASSERT_DMXP_OK(dmxp_merge_create(raw, kChannels, &mraw));
  MergeHandle merge(mraw);
  std::map<std::pair<uint32_t, uint32_t>, uint64_t> next_seq;  // (producer, channel)
  uint64_t received = 0, last_key = 0, per_channel[kChannels] = {};
  dmxp_message m;
  size_t source = 0;
  int rc;
  while ((rc = dmxp_merge_next(merge.get(), &m, &source)) == DMXP_OK) {
    TestMessage h;
    ASSERT_EQ(check_message(m.data, m.size, &h), Verdict::kOk) << "message " << received;
    ASSERT_GT(m.key, last_key) << "message " << received;
    EXPECT_EQ(h.channel, source);
    uint64_t& expected_seq = next_seq[std::make_pair(h.producer, h.channel)];
    EXPECT_EQ(h.seq, expected_seq++);
    last_key = m.key;
    ++per_channel[source];
    ++received;
  }
  EXPECT_TRUE(IsStatus(rc, DMXP_ERR_WOULD_BLOCK));
  EXPECT_EQ(received, per_producer * kProducers);
  for (uint32_t c = 0; c < kChannels; ++c) {
    EXPECT_EQ(per_channel[c], info(names[c]).published) << names[c];
    EXPECT_EQ(dmxp_consumer_lost(cons[c].get()), 0u);
  }
}

int relay(ChildIo& io, const char* from, const char* to, const dmxp_channel_options& o,
          uint64_t n) {
  dmxp_consumer* in = nullptr;
  dmxp_producer* out = nullptr;
  if (dmxp_consumer_open(from, &o, nullptr, &in) != DMXP_OK) return 2;
  if (dmxp_producer_open(to, &o, &out) != DMXP_OK) return 2;
  io.send_token(kTokenReady);
  uint8_t buf[kSlotSize];
  for (uint64_t i = 0; i < n; ++i) {
    dmxp_message m;
    if (dmxp_consumer_receive(in, &m, kReceiveTimeoutNs) != DMXP_OK) return 3;
    TestMessage h;
    if (check_message(m.data, m.size, &h) != Verdict::kOk) return 4;
    MessageSpec spec;
    spec.producer = 1;
    spec.seq = h.seq;
    spec.echo_key = m.key;  // the key received on A, sent along on B
    size_t size = write_message(buf, spec, 0);
    if (dmxp_producer_send(out, buf, size, kReceiveTimeoutNs, nullptr) != DMXP_OK) return 5;
  }
  dmxp_consumer_close(in);
  dmxp_producer_close(out);
  return 0;
}

int originate(ChildIo& io, const char* ch, const dmxp_channel_options& o, uint64_t n) {
  dmxp_producer* p = nullptr;
  if (dmxp_producer_open(ch, &o, &p) != DMXP_OK) return 2;
  if (!io.wait_token('G', kTokenTimeoutMs)) return 3;
  uint8_t buf[kSlotSize];
  for (uint64_t s = 0; s < n; ++s) {
    MessageSpec spec;
    spec.seq = s;
    if (dmxp_producer_send(p, buf, write_message(buf, spec, uint32_t(s % 40)), kReceiveTimeoutNs,
                           nullptr) != DMXP_OK)
      return 4;
  }
  dmxp_producer_close(p);
  return 0;
}

TEST_F(KeyOrder, PublishingAfterReceivingGivesALargerKey) {
  const uint64_t n = scaled(20'000, 500);
  dmxp_channel_options o = options();
  o.capacity = 256;
  o.slot_size = kSlotSize;
  const char* a = channel("cause");
  const char* b = channel("effect");
  ConsumerHandle effects = open_consumer(b, o);
  ProducerHandle create_a = open_producer(a, o);
  ASSERT_TRUE(effects && create_a);
  o.create = 0;
  ChildProcess relayer = ChildProcess::fork([&](ChildIo& io) { return relay(io, a, b, o, n); });
  ASSERT_TRUE(relayer.wait_token(kTokenReady, kTokenTimeoutMs));
  ChildProcess origin = ChildProcess::fork([&](ChildIo& io) { return originate(io, a, o, n); });
  ASSERT_TRUE(origin.send_token('G'));
  uint64_t previous_echo = 0, violations = 0;
  for (uint64_t i = 0; i < n; ++i) {
    dmxp_message m;
    ASSERT_DMXP_OK(dmxp_consumer_receive(effects.get(), &m, kReceiveTimeoutNs)) << i;
    TestMessage h;
    ASSERT_EQ(check_message(m.data, m.size, &h), Verdict::kOk);
    ASSERT_EQ(h.seq, i);
    if (m.key <= h.echo_key) ++violations;
    EXPECT_GT(h.echo_key, previous_echo);
    previous_echo = h.echo_key;
  }
  EXPECT_EQ(violations, 0u) << "a message published after a receive must have a larger key";
  EXPECT_TRUE(ExitsCleanly(origin));
  EXPECT_TRUE(ExitsCleanly(relayer));
}

}  // namespace
}  // namespace dmxp_test
