// Backpressure in one process: RELIABLE rings make producers wait for live consumers,
// KEEP_LAST rings never block and drop the oldest data instead.
#include <string>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

using Backpressure = DomainTest;

int payload(const dmxp_message& m) { return *static_cast<const int*>(m.data); }

TEST_F(Backpressure, ReliableBroadcastWaitsForTheSlowestLiveConsumer) {
  dmxp_channel_options o = options();
  o.capacity = 4;
  ProducerHandle p = open_producer(channel("full"), o);
  ConsumerHandle fast = open_consumer(channel("full"), o);
  ConsumerHandle slow = open_consumer(channel("full"), o);
  ASSERT_TRUE(p && fast && slow);
  for (int i = 0; i < 4; ++i) ASSERT_DMXP_OK(dmxp_producer_send(p.get(), &i, sizeof i, 0, nullptr));
  int extra = 4;
  EXPECT_TRUE(FailsWithoutDetail(dmxp_producer_send(p.get(), &extra, sizeof extra, 0, nullptr),
                                 DMXP_ERR_WOULD_BLOCK));
  EXPECT_TRUE(FailsWithoutDetail(
      dmxp_producer_send(p.get(), &extra, sizeof extra, 10'000'000, nullptr), DMXP_ERR_TIMEOUT));
  dmxp_message m;
  for (int i = 0; i < 4; ++i) ASSERT_DMXP_OK(dmxp_consumer_receive(fast.get(), &m, 0));
  ASSERT_DMXP_OK(dmxp_consumer_release(fast.get()));
  EXPECT_TRUE(FailsWithoutDetail(dmxp_producer_send(p.get(), &extra, sizeof extra, 0, nullptr),
                                 DMXP_ERR_WOULD_BLOCK))
      << "the slow consumer still holds every slot";
  ASSERT_DMXP_OK(dmxp_consumer_receive(slow.get(), &m, 0));
  EXPECT_EQ(payload(m), 0);
  EXPECT_TRUE(FailsWithoutDetail(dmxp_producer_send(p.get(), &extra, sizeof extra, 0, nullptr),
                                 DMXP_ERR_WOULD_BLOCK))
      << "a held view keeps its slot";
  ASSERT_DMXP_OK(dmxp_consumer_release(slow.get()));
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), &extra, sizeof extra, 0, nullptr));
  for (int want = 1; want <= 4; ++want) {
    ASSERT_DMXP_OK(dmxp_consumer_receive(slow.get(), &m, 0));
    EXPECT_EQ(payload(m), want);
  }
  EXPECT_EQ(dmxp_consumer_lost(slow.get()), 0u);
  EXPECT_EQ(dmxp_consumer_lost(fast.get()), 0u);
}

TEST_F(Backpressure, ClosingTheSlowConsumerUnblocksProducers) {
  dmxp_channel_options o = options();
  o.capacity = 2;
  ProducerHandle p = open_producer(channel("gate"), o);
  ConsumerHandle c = open_consumer(channel("gate"), o);
  ASSERT_TRUE(p && c);
  for (int i = 0; i < 2; ++i) ASSERT_DMXP_OK(dmxp_producer_send(p.get(), &i, sizeof i, 0, nullptr));
  EXPECT_TRUE(FailsWithoutDetail(dmxp_producer_send(p.get(), "x", 1, 0, nullptr),
                                 DMXP_ERR_WOULD_BLOCK));
  c.reset();
  EXPECT_DMXP_OK(dmxp_producer_send(p.get(), "x", 1, 0, nullptr));
}

TEST_F(Backpressure, KeepLastBroadcastNeverBlocks) {
  dmxp_channel_options o = options();
  o.capacity = 4;
  o.backpressure = DMXP_KEEP_LAST;
  ProducerHandle p = open_producer(channel("lossy"), o);
  ConsumerHandle c = open_consumer(channel("lossy"), o);
  ASSERT_TRUE(p && c);
  for (int i = 0; i < 100; ++i)
    ASSERT_DMXP_OK(dmxp_producer_send(p.get(), &i, sizeof i, 0, nullptr)) << i;
  dmxp_message m;
  int previous = -1;
  int received = 0;
  while (dmxp_consumer_try_receive(c.get(), &m) == DMXP_OK) {
    EXPECT_GT(payload(m), previous);
    previous = payload(m);
    ++received;
  }
  EXPECT_EQ(previous, 99) << "the newest message is always retained";
  EXPECT_LE(received, 4);
  EXPECT_EQ(dmxp_consumer_lost(c.get()) + uint64_t(received), 100u)
      << "every message is either received or counted as lost";
}

TEST_F(Backpressure, ReliableQueueWaitsForConsumption) {
  dmxp_channel_options o = options();
  o.capacity = 4;
  o.mode = DMXP_MODE_QUEUE;
  ProducerHandle p = open_producer(channel("jobs"), o);
  ConsumerHandle c = open_consumer(channel("jobs"), o);
  ASSERT_TRUE(p && c);
  for (int i = 0; i < 4; ++i) ASSERT_DMXP_OK(dmxp_producer_send(p.get(), &i, sizeof i, 0, nullptr));
  EXPECT_TRUE(FailsWithoutDetail(dmxp_producer_send(p.get(), "x", 1, 0, nullptr),
                                 DMXP_ERR_WOULD_BLOCK));
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, 0));
  EXPECT_EQ(payload(m), 0);
  EXPECT_TRUE(FailsWithoutDetail(dmxp_producer_send(p.get(), "x", 1, 0, nullptr),
                                 DMXP_ERR_WOULD_BLOCK))
      << "a received view is not consumed until released";
  ASSERT_DMXP_OK(dmxp_consumer_release(c.get()));
  int four = 4;
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), &four, sizeof four, 0, nullptr));
  for (int want = 1; want <= 4; ++want) {
    ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, 0));
    EXPECT_EQ(payload(m), want);
  }
}

TEST_F(Backpressure, KeepLastQueueDropsTheOldestUnclaimed) {
  dmxp_channel_options o = options();
  o.capacity = 4;
  o.mode = DMXP_MODE_QUEUE;
  o.backpressure = DMXP_KEEP_LAST;
  ProducerHandle p = open_producer(channel("latest"), o);
  ConsumerHandle c = open_consumer(channel("latest"), o);
  ASSERT_TRUE(p && c);
  for (int i = 0; i < 10; ++i)
    ASSERT_DMXP_OK(dmxp_producer_send(p.get(), &i, sizeof i, 0, nullptr)) << i;
  dmxp_message m;
  for (int want = 6; want < 10; ++want) {
    ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, 0));
    EXPECT_EQ(payload(m), want);
  }
  EXPECT_TRUE(IsStatus(dmxp_consumer_try_receive(c.get(), &m), DMXP_ERR_WOULD_BLOCK));
  EXPECT_EQ(info("latest").dropped, 6u);
}

}  // namespace
}  // namespace dmxp_test
