// A waitset over several channels wakes when another process publishes on any one of them,
// reports exactly that one, and times out while none has data.
#include <unistd.h>

#include <cstring>

#include "payload.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

constexpr int kChannels = 3;
constexpr int kRounds = 6;

// Publishes on channel (round % kChannels) each time the test sends a token.
int publish_on_request(ChildIo& io, const char* const* names, const dmxp_channel_options& o) {
  dmxp_producer* p[kChannels] = {};
  for (int c = 0; c < kChannels; ++c)
    if (dmxp_producer_open(names[c], &o, &p[c]) != DMXP_OK) return 2;
  io.send_token(kTokenReady);
  uint8_t buf[sizeof(TestMessage)];
  for (int r = 0; r < kRounds; ++r) {
    if (!io.wait_token('P', kTokenTimeoutMs)) return 3;
    usleep(20'000);  // let the waiter fall asleep (not required for correctness)
    MessageSpec spec;
    spec.seq = uint64_t(r);
    if (dmxp_producer_send(p[r % kChannels], buf, write_message(buf, spec, 0), 0, nullptr))
      return 4;
  }
  for (dmxp_producer* q : p) dmxp_producer_close(q);
  return 0;
}

using WaitsetProcess = DomainTest;

TEST_F(WaitsetProcess, WakesForTheChannelAnotherProcessPublishedOn) {
  dmxp_channel_options o = options();
  const char* names[kChannels] = {channel("ws0"), channel("ws1"), channel("ws2")};
  ConsumerHandle cons[kChannels];
  dmxp_waitset* raw = nullptr;
  ASSERT_DMXP_OK(dmxp_waitset_create(&raw));
  WaitsetHandle ws(raw);
  for (int c = 0; c < kChannels; ++c) {
    cons[c] = open_consumer(names[c], o);
    ASSERT_TRUE(cons[c]);
    ASSERT_DMXP_OK(dmxp_waitset_add(ws.get(), cons[c].get()));
  }
  o.create = 0;
  ChildProcess producer =
      ChildProcess::fork([&](ChildIo& io) { return publish_on_request(io, names, o); });
  ASSERT_TRUE(producer.wait_token(kTokenReady, kTokenTimeoutMs));
  uint8_t ready[kChannels];
  size_t count = 0;
  EXPECT_TRUE(FailsWithoutDetail(dmxp_waitset_wait(ws.get(), ready, kChannels, &count, 30'000'000),
                                 DMXP_ERR_TIMEOUT))
      << "the producer is attached but has published nothing";
  for (int r = 0; r < kRounds; ++r) {
    SCOPED_TRACE("round " + std::to_string(r));
    ASSERT_TRUE(producer.send_token('P'));
    ASSERT_DMXP_OK(dmxp_waitset_wait(ws.get(), ready, kChannels, &count, kReceiveTimeoutNs));
    EXPECT_EQ(count, 1u);
    for (int c = 0; c < kChannels; ++c) EXPECT_EQ(ready[c], c == r % kChannels ? 1 : 0) << c;
    dmxp_message m;
    ASSERT_DMXP_OK(dmxp_consumer_receive(cons[r % kChannels].get(), &m, 0));
    TestMessage h;
    ASSERT_EQ(check_message(m.data, m.size, &h), Verdict::kOk);
    EXPECT_EQ(h.seq, uint64_t(r));
  }
  EXPECT_TRUE(ExitsCleanly(producer));
  EXPECT_TRUE(FailsWithoutDetail(dmxp_waitset_wait(ws.get(), ready, kChannels, &count, 10'000'000),
                                 DMXP_ERR_TIMEOUT));
}

}  // namespace
}  // namespace dmxp_test
