// KEEP_LAST: a view held while a producer laps it is reported by release() as
// DMXP_ERR_OVERRUN (or by the next receive, whose implicit release finds it); the consumer
// then continues with newer messages and counts the loss. A consumer that jumps (lapped, or
// joining at the oldest retained slot) into the middle of an atomic batch skips the rest of it.
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

namespace dmxp_test {
namespace {

// Sends `batches` batches of 3 ints (values first, first+1, ...) as atomic batches.
void send_batches(dmxp_producer* p, int batches, int* next) {
  for (int b = 0; b < batches; ++b) {
    int v[3] = {(*next)++, (*next)++, (*next)++};
    dmxp_iovec iov[3] = {{&v[0], sizeof v[0]}, {&v[1], sizeof v[1]}, {&v[2], sizeof v[2]}};
    ASSERT_DMXP_OK(dmxp_producer_send_batch(p, iov, 3, 0, nullptr));
  }
}

// Every message received starts or continues a whole batch: the first one seen of a batch
// has batch_index 0, and the batch's messages follow in order.
void expect_whole_batches(dmxp_consumer* c, int* first_value) {
  dmxp_message m;
  uint32_t expect_index = 0;
  *first_value = -1;
  while (dmxp_consumer_try_receive(c, &m) == DMXP_OK) {
    if (*first_value < 0) *first_value = *static_cast<const int*>(m.data);
    EXPECT_EQ(m.batch_index, expect_index) << "part of a batch was handed out";
    expect_index = (m.batch_index + 1) % m.batch_count;
  }
  EXPECT_EQ(expect_index, 0u) << "a batch was cut short";
}

TEST_F(KeepLastOverrun, ALappedConsumerSkipsTheRestOfABatchItNeverSawTheHeadOf) {
  dmxp_channel_options o = options();
  o.capacity = 8;
  o.backpressure = DMXP_KEEP_LAST;
  ProducerHandle p = open_producer(channel("lapped_batch"), o);
  ConsumerHandle c = open_consumer(channel("lapped_batch"), o);
  ASSERT_TRUE(p && c);
  int next = 0;
  send_batches(p.get(), 4, &next);  // positions 0..11: the consumer at 0 is lapped
  int first = -1;
  expect_whole_batches(c.get(), &first);
  // Resuming at tail - capacity + 1 = 5 lands on the last message of batch 3..5: skipped.
  EXPECT_EQ(first, 6);
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 6u) << "0..4 overwritten, 5 skipped with its batch";
}

TEST_F(KeepLastOverrun, AJoinAtTheOldestSlotSkipsAPartialBatch) {
  dmxp_channel_options o = options();
  o.capacity = 8;
  o.backpressure = DMXP_KEEP_LAST;
  ProducerHandle p = open_producer(channel("join_batch"), o);
  ASSERT_TRUE(p);
  int next = 0;
  send_batches(p.get(), 4, &next);  // positions 0..11; the oldest retained is 4, mid-batch
  ConsumerHandle c = open_consumer(channel("join_batch"), o);
  ASSERT_TRUE(c);
  int first = -1;
  expect_whole_batches(c.get(), &first);
  EXPECT_EQ(first, 6);
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 0u) << "history older than a join is not a loss";
}

TEST_F(KeepLastOverrun, TheNextReceiveReportsAViewOverwrittenWhileHeld) {
  dmxp_channel_options o = options();
  o.capacity = 4;
  o.backpressure = DMXP_KEEP_LAST;
  ProducerHandle p = open_producer(channel("implicit"), o);
  ConsumerHandle c = open_consumer(channel("implicit"), o);
  ASSERT_TRUE(p && c);
  int v = 0;
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), &v, sizeof v, 0, nullptr));
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, 0));
  for (v = 1; v <= 8; ++v) ASSERT_DMXP_OK(dmxp_producer_send(p.get(), &v, sizeof v, 0, nullptr));
  // The held view was overwritten: the receive that releases it says so, receiving nothing.
  EXPECT_TRUE(FailsWith(dmxp_consumer_try_receive(c.get(), &m), DMXP_ERR_OVERRUN, {"implicit"}));
  ASSERT_DMXP_OK(dmxp_consumer_try_receive(c.get(), &m)) << "the next call goes on";
  EXPECT_GT(*static_cast<const int*>(m.data), 0);
}

}  // namespace
}  // namespace dmxp_test
