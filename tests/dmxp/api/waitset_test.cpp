// Waitsets in one process: readiness flags, timeouts, argument checks.
// (Wake-ups from another process: multiprocess/waitset_process_test.cpp.)
#include <cstring>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

using Waitset = DomainTest;

TEST_F(Waitset, TimesOutWhenNothingArrivesAndReportsWhichChannelHasData) {
  dmxp_channel_options o = options();
  const char* names[3] = {channel("w0"), channel("w1"), channel("w2")};
  ConsumerHandle cons[3];
  dmxp_waitset* raw = nullptr;
  ASSERT_DMXP_OK(dmxp_waitset_create(&raw));
  WaitsetHandle ws(raw);
  for (int i = 0; i < 3; ++i) {
    cons[i] = open_consumer(names[i], o);
    ASSERT_TRUE(cons[i]);
    ASSERT_DMXP_OK(dmxp_waitset_add(ws.get(), cons[i].get()));
  }
  uint8_t ready[3];
  std::memset(ready, 7, sizeof ready);
  size_t count = 99;
  EXPECT_TRUE(FailsWithoutDetail(dmxp_waitset_wait(ws.get(), ready, 3, &count, 20'000'000),
                                 DMXP_ERR_TIMEOUT));
  EXPECT_EQ(count, 0u);
  EXPECT_EQ(ready[0] | ready[1] | ready[2], 0);
  EXPECT_TRUE(FailsWithoutDetail(dmxp_waitset_wait(ws.get(), ready, 3, &count, 0),
                                 DMXP_ERR_TIMEOUT));

  ProducerHandle p = open_producer(names[2], o);
  ASSERT_TRUE(p);
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "x", 1, 0, nullptr));
  ASSERT_DMXP_OK(dmxp_waitset_wait(ws.get(), ready, 3, &count, kReceiveTimeoutNs));
  EXPECT_EQ(count, 1u);
  EXPECT_EQ(ready[0], 0);
  EXPECT_EQ(ready[1], 0);
  EXPECT_EQ(ready[2], 1);
  // Readiness reflects unread data: after receiving, the set is quiet again.
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(cons[2].get(), &m, 0));
  EXPECT_TRUE(FailsWithoutDetail(dmxp_waitset_wait(ws.get(), ready, 3, &count, 1'000'000),
                                 DMXP_ERR_TIMEOUT));
}

TEST_F(Waitset, ArgumentChecks) {
  dmxp_waitset* raw = nullptr;
  ASSERT_DMXP_OK(dmxp_waitset_create(&raw));
  WaitsetHandle ws(raw);
  size_t count = 0;
  EXPECT_TRUE(FailsWith(dmxp_waitset_wait(ws.get(), nullptr, 0, &count, 0),
                        DMXP_ERR_INVALID_ARGUMENT, {"empty"}));
  EXPECT_TRUE(FailsWith(dmxp_waitset_add(ws.get(), nullptr), DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_TRUE(FailsWith(dmxp_waitset_create(nullptr), DMXP_ERR_INVALID_ARGUMENT));

  // All consumers of a waitset share one domain.
  dmxp_channel_options here = options();
  dmxp_channel_options there = options();
  there.domain = extra_domain();
  ConsumerHandle a = open_consumer(channel("a"), here);
  dmxp_consumer* b_raw = nullptr;
  ASSERT_DMXP_OK(dmxp_consumer_open("b", &there, nullptr, &b_raw));
  ConsumerHandle b(b_raw);
  ASSERT_DMXP_OK(dmxp_waitset_add(ws.get(), a.get()));
  EXPECT_TRUE(FailsWith(dmxp_waitset_add(ws.get(), b.get()), DMXP_ERR_INVALID_ARGUMENT,
                        {"domain", extra_domain()}));
  b.reset();
  ASSERT_DMXP_OK(dmxp_channel_remove(extra_domain(), "b"));
  // A null ready array is allowed; the count still comes back.
  ProducerHandle p = open_producer(channel("a"), here);
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "x", 1, 0, nullptr));
  ASSERT_DMXP_OK(dmxp_waitset_wait(ws.get(), nullptr, 0, &count, kReceiveTimeoutNs));
  EXPECT_EQ(count, 1u);
}

}  // namespace
}  // namespace dmxp_test
