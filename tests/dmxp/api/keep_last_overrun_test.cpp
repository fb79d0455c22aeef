// KEEP_LAST: a view held while a producer laps it is reported by release() as
// DMXP_ERR_OVERRUN; the consumer then continues with newer messages and counts the loss.
#include <vector>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

using KeepLastOverrun = DomainTest;

TEST_F(KeepLastOverrun, ReleaseReportsAViewOverwrittenWhileHeld) {
  dmxp_channel_options o = options();
  o.capacity = 4;
  o.backpressure = DMXP_KEEP_LAST;
  ProducerHandle p = open_producer(channel("lap"), o);
  ConsumerHandle c = open_consumer(channel("lap"), o);
  ASSERT_TRUE(p && c);
  int zero = 0;
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), &zero, sizeof zero, 0, nullptr));
  dmxp_message held;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &held, 0));
  const uint64_t held_key = held.key;
  for (int i = 1; i <= 8; ++i) ASSERT_DMXP_OK(dmxp_producer_send(p.get(), &i, sizeof i, 0, nullptr));
  EXPECT_TRUE(FailsWith(dmxp_consumer_release(c.get()), DMXP_ERR_OVERRUN, {"lap"}));

  dmxp_message m;
  uint64_t previous_key = held_key;
  int previous = 0;
  int received = 0;
  while (dmxp_consumer_try_receive(c.get(), &m) == DMXP_OK) {
    EXPECT_GT(m.key, previous_key);
    EXPECT_GT(*static_cast<const int*>(m.data), previous);
    previous_key = m.key;
    previous = *static_cast<const int*>(m.data);
    ++received;
    EXPECT_DMXP_OK(dmxp_consumer_release(c.get())) << "nothing laps this view";
  }
  EXPECT_EQ(previous, 8);
  EXPECT_GT(dmxp_consumer_lost(c.get()), 0u);
  EXPECT_EQ(dmxp_consumer_lost(c.get()) + uint64_t(received) + 1, 9u)
      << "every message is received once or counted lost once";
}

TEST_F(KeepLastOverrun, ReleaseOfAnIntactViewIsOk) {
  dmxp_channel_options o = options();
  o.capacity = 8;
  o.backpressure = DMXP_KEEP_LAST;
  ProducerHandle p = open_producer(channel("calm"), o);
  ConsumerHandle c = open_consumer(channel("calm"), o);
  ASSERT_TRUE(p && c);
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "a", 1, 0, nullptr));
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, 0));
  for (int i = 0; i < 6; ++i) ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "b", 1, 0, nullptr));
  EXPECT_DMXP_OK(dmxp_consumer_release(c.get())) << "six more messages do not lap a ring of 8";
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 0u);
}

TEST_F(KeepLastOverrun, HeldBatchOfViewsIsCheckedAsAWhole) {
  dmxp_channel_options o = options();
  o.capacity = 4;
  o.backpressure = DMXP_KEEP_LAST;
  ProducerHandle p = open_producer(channel("views"), o);
  ConsumerHandle c = open_consumer(channel("views"), o);
  ASSERT_TRUE(p && c);
  for (int i = 0; i < 3; ++i) ASSERT_DMXP_OK(dmxp_producer_send(p.get(), &i, sizeof i, 0, nullptr));
  dmxp_message views[3];
  uint32_t n = 0;
  ASSERT_DMXP_OK(dmxp_consumer_receive_batch(c.get(), views, 3, &n, 0));
  ASSERT_EQ(n, 3u);
  // Two more messages: the second one reuses the slot of view 0.
  for (int i = 3; i < 5; ++i) ASSERT_DMXP_OK(dmxp_producer_send(p.get(), &i, sizeof i, 0, nullptr));
  EXPECT_TRUE(FailsWith(dmxp_consumer_release(c.get()), DMXP_ERR_OVERRUN, {"views"}));
}

}  // namespace
}  // namespace dmxp_test
