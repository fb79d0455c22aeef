// Waitsets in one process: readiness flags, timeouts, wakes, disabled members, more channels
// than one futex_waitv call takes, the doorbell fallback, argument checks.
// (Wake-ups from another process: multiprocess/waitset_process_test.cpp.)
#include <stdlib.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

class Waitset : public DomainTest {
 protected:
  // Sleeps in a waitset over `channels` channels and checks that a message on each of `probe`
  // (sent from another thread while the waitset sleeps) wakes it and is reported alone.
  void expect_each_channel_wakes(int channels, std::initializer_list<int> probe) {
    dmxp_channel_options o = options();
    o.capacity = 4;
    o.slot_size = 16;
    std::vector<ConsumerHandle> cons;
    dmxp_waitset* raw = nullptr;
    ASSERT_DMXP_OK(dmxp_waitset_create(&raw));
    WaitsetHandle ws(raw);
    for (int i = 0; i < channels; ++i) {
      cons.push_back(open_consumer(channel("many" + std::to_string(i)), o));
      ASSERT_TRUE(cons.back());
      ASSERT_DMXP_OK(dmxp_waitset_add(ws.get(), cons.back().get()));
    }
    std::vector<uint8_t> ready(channels);
    size_t count = 0;
    for (int i : probe) {
      SCOPED_TRACE("channel " + std::to_string(i));
      ProducerHandle p = open_producer(channel("many" + std::to_string(i)), o);
      std::thread later([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the waitset is asleep
        dmxp_producer_send(p.get(), "x", 1, 0, nullptr);
      });
      int rc = dmxp_waitset_wait(ws.get(), ready.data(), ready.size(), &count,
                                 kReceiveTimeoutNs);
      later.join();
      ASSERT_DMXP_OK(rc);
      EXPECT_EQ(count, 1u);
      EXPECT_EQ(ready[i], 1);
      dmxp_message m;
      ASSERT_DMXP_OK(dmxp_consumer_receive(cons[i].get(), &m, 0));
      ASSERT_DMXP_OK(dmxp_consumer_release(cons[i].get()));
    }
  }
};

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
  // An empty waitset waits for a wake (or its timeout).
  EXPECT_TRUE(FailsWithoutDetail(dmxp_waitset_wait(ws.get(), nullptr, 0, &count, 0),
                                 DMXP_ERR_TIMEOUT));
  EXPECT_TRUE(FailsWith(dmxp_waitset_add(ws.get(), nullptr), DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_TRUE(FailsWith(dmxp_waitset_enable(ws.get(), 0, 1), DMXP_ERR_INVALID_ARGUMENT,
                        {"waitset: no consumer at index 0 (it has 0)"}));
  EXPECT_TRUE(FailsWith(dmxp_waitset_enable(nullptr, 0, 1), DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_TRUE(FailsWith(dmxp_waitset_wake(nullptr), DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_TRUE(FailsWith(dmxp_waitset_create(nullptr), DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_TRUE(FailsWith(dmxp_waitset_wait_spin(ws.get(), nullptr, 0, &count, 0, -1),
                        DMXP_ERR_INVALID_ARGUMENT,
                        {"waitset: spin_ns must be >= 0 (got -1); poll with timeout 0 to "
                         "never sleep"}));
  // A spin longer than the timeout ends at the timeout, as any wait does.
  EXPECT_TRUE(FailsWithoutDetail(
      dmxp_waitset_wait_spin(ws.get(), nullptr, 0, &count, 1000000, 3600000000000LL),
      DMXP_ERR_TIMEOUT));

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

TEST_F(Waitset, WakeEndsTheWaitInProgressOrTheNextOne) {
  ConsumerHandle c = open_consumer(channel("quiet"), options());
  dmxp_waitset* raw = nullptr;
  ASSERT_DMXP_OK(dmxp_waitset_create(&raw));
  WaitsetHandle ws(raw);
  ASSERT_DMXP_OK(dmxp_waitset_add(ws.get(), c.get()));
  uint8_t ready = 7;
  size_t count = 99;

  // From another thread, while the waiter sleeps.
  auto start = std::chrono::steady_clock::now();
  std::thread waker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(dmxp_waitset_wake(ws.get()), DMXP_OK);
  });
  int rc = dmxp_waitset_wait(ws.get(), &ready, 1, &count, kReceiveTimeoutNs);
  waker.join();
  ASSERT_DMXP_OK(rc);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(50));
  EXPECT_EQ(count, 0u);
  EXPECT_EQ(ready, 0);

  // Before the wait: the next wait returns at once. Wakes do not queue up.
  ASSERT_DMXP_OK(dmxp_waitset_wake(ws.get()));
  ASSERT_DMXP_OK(dmxp_waitset_wake(ws.get()));
  ASSERT_DMXP_OK(dmxp_waitset_wait(ws.get(), &ready, 1, &count, kReceiveTimeoutNs));
  EXPECT_EQ(count, 0u);
  EXPECT_TRUE(FailsWithoutDetail(
      dmxp_waitset_wait(ws.get(), &ready, 1, &count, 20'000'000), DMXP_ERR_TIMEOUT));

  // Data and a wake together: the data is reported.
  ProducerHandle p = open_producer(channel("quiet"), options());
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "x", 1, 0, nullptr));
  ASSERT_DMXP_OK(dmxp_waitset_wake(ws.get()));
  ASSERT_DMXP_OK(dmxp_waitset_wait(ws.get(), &ready, 1, &count, kReceiveTimeoutNs));
  EXPECT_EQ(count, 1u);
  EXPECT_EQ(ready, 1);

  // An empty waitset sleeps until woken.
  dmxp_waitset* empty_raw = nullptr;
  ASSERT_DMXP_OK(dmxp_waitset_create(&empty_raw));
  WaitsetHandle empty(empty_raw);
  std::thread late([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    dmxp_waitset_wake(empty.get());
  });
  EXPECT_EQ(dmxp_waitset_wait(empty.get(), nullptr, 0, &count, kReceiveTimeoutNs), DMXP_OK);
  late.join();
}

TEST_F(Waitset, DisabledConsumersAreNeitherReadNorReported) {
  const char* names[2] = {channel("on"), channel("off")};
  ConsumerHandle cons[2] = {open_consumer(names[0], options()),
                            open_consumer(names[1], options())};
  ProducerHandle prods[2] = {open_producer(names[0], options()),
                             open_producer(names[1], options())};
  dmxp_waitset* raw = nullptr;
  ASSERT_DMXP_OK(dmxp_waitset_create(&raw));
  WaitsetHandle ws(raw);
  for (auto& c : cons) ASSERT_DMXP_OK(dmxp_waitset_add(ws.get(), c.get()));
  ASSERT_DMXP_OK(dmxp_waitset_enable(ws.get(), 1, 0));
  ASSERT_DMXP_OK(dmxp_producer_send(prods[1].get(), "x", 1, 0, nullptr));
  uint8_t ready[2] = {7, 7};
  size_t count = 99;
  EXPECT_TRUE(FailsWithoutDetail(
      dmxp_waitset_wait(ws.get(), ready, 2, &count, 20'000'000), DMXP_ERR_TIMEOUT));
  EXPECT_EQ(ready[1], 0);
  // The enabled one still wakes it, and only it is reported.
  std::thread later([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    dmxp_producer_send(prods[0].get(), "y", 1, 0, nullptr);
  });
  int rc = dmxp_waitset_wait(ws.get(), ready, 2, &count, kReceiveTimeoutNs);
  later.join();
  ASSERT_DMXP_OK(rc);
  EXPECT_EQ(count, 1u);
  EXPECT_EQ(ready[0], 1);
  EXPECT_EQ(ready[1], 0);
  // Enabled again, its waiting message counts at once.
  ASSERT_DMXP_OK(dmxp_waitset_enable(ws.get(), 1, 1));
  ASSERT_DMXP_OK(dmxp_waitset_wait(ws.get(), ready, 2, &count, 0));
  EXPECT_EQ(count, 2u);
  EXPECT_EQ(ready[1], 1);
}

TEST_F(Waitset, MoreChannelsThanOneKernelCallTakesAllWake) {
  // 126 channels sleep on their own futex words, the rest on the domain's doorbell.
  expect_each_channel_wakes(130, {0, 125, 126, 129});
}

TEST_F(Waitset, TheDoorbellFallbackWakesAndIsWokenToo) {
  // As on a kernel without futex_waitv: every member sleeps on the domain's doorbell.
  ::setenv("DMXP_WAITSET_DOORBELL", "1", 1);
  expect_each_channel_wakes(3, {0, 2});
  ConsumerHandle c = open_consumer(channel("bell"), options());
  dmxp_waitset* raw = nullptr;
  ASSERT_DMXP_OK(dmxp_waitset_create(&raw));
  WaitsetHandle ws(raw);
  ::unsetenv("DMXP_WAITSET_DOORBELL");
  ASSERT_DMXP_OK(dmxp_waitset_add(ws.get(), c.get()));
  size_t count = 99;
  std::thread waker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    dmxp_waitset_wake(ws.get());
  });
  EXPECT_EQ(dmxp_waitset_wait(ws.get(), nullptr, 0, &count, kReceiveTimeoutNs), DMXP_OK);
  waker.join();
  EXPECT_EQ(count, 0u);
}

}  // namespace
}  // namespace dmxp_test
