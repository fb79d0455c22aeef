// Keys: one increasing sequence per domain, shared by all its channels; where a new
// consumer starts (OLDEST, NEWEST).
#include <sys/mman.h>

#include <string>
#include <vector>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

using Keys = DomainTest;

TEST_F(Keys, KeysIncreaseStrictlyWithinAndAcrossChannelsOfADomain) {
  dmxp_channel_options o = options();
  ProducerHandle a = open_producer(channel("a"), o);
  ProducerHandle b = open_producer(channel("b"), o);
  ConsumerHandle ca = open_consumer(channel("a"), o);
  ASSERT_TRUE(a && b && ca);
  std::vector<uint64_t> sent_a;
  uint64_t previous = 0;
  for (int i = 0; i < 200; ++i) {
    uint64_t k = 0;
    dmxp_producer* p = (i % 3 == 0) ? b.get() : a.get();
    ASSERT_DMXP_OK(dmxp_producer_send(p, &i, sizeof i, 0, &k));
    EXPECT_GT(k, previous) << "send " << i;
    previous = k;
    if (p == a.get()) sent_a.push_back(k);
  }
  dmxp_message m;
  for (uint64_t k : sent_a) {
    ASSERT_DMXP_OK(dmxp_consumer_receive(ca.get(), &m, kReceiveTimeoutNs));
    EXPECT_EQ(m.key, k) << "the received key is the one send reported";
  }
  dmxp_channel_info ia = info("a");
  EXPECT_EQ(ia.published, sent_a.size());
  EXPECT_EQ(ia.last_key, sent_a.back());
}

TEST_F(Keys, ReopenedChannelKeepsKeysIncreasingAfterTheDomainSegmentIsGone) {
  dmxp_channel_options o = options();
  uint64_t last = 0;
  {
    ProducerHandle p = open_producer(channel("survivor"), o);
    ASSERT_TRUE(p);
    for (int i = 0; i < 5; ++i) ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "k", 1, 0, &last));
  }
  // The key segment disappears (an admin removed it); the channel outlives it.
  ASSERT_EQ(shm_unlink(("/" + keys_segment()).c_str()), 0);
  ProducerHandle p = open_producer(channel("survivor"), o);
  ASSERT_TRUE(p);
  uint64_t next = 0;
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "k", 1, 0, &next));
  EXPECT_GT(next, last);
}

TEST_F(Keys, StartNewestSkipsWhatWasSentBefore) {
  dmxp_channel_options o = options();
  ProducerHandle p = open_producer(channel("newest"), o);
  ASSERT_TRUE(p);
  for (int i = 0; i < 3; ++i) ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "old", 3, 0, nullptr));
  dmxp_consumer_options newest = consumer_options(nullptr, DMXP_START_NEWEST);
  ConsumerHandle late = open_consumer(channel("newest"), o, &newest);
  ConsumerHandle early = open_consumer(channel("newest"), o);  // OLDEST
  ASSERT_TRUE(late && early);
  dmxp_message m;
  EXPECT_TRUE(IsStatus(dmxp_consumer_try_receive(late.get(), &m), DMXP_ERR_WOULD_BLOCK));
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "new", 3, 0, nullptr));
  ASSERT_DMXP_OK(dmxp_consumer_receive(late.get(), &m, kReceiveTimeoutNs));
  EXPECT_EQ(as_string(m), "new");
  EXPECT_TRUE(IsStatus(dmxp_consumer_try_receive(late.get(), &m), DMXP_ERR_WOULD_BLOCK));
  for (const char* want : {"old", "old", "old", "new"}) {
    ASSERT_DMXP_OK(dmxp_consumer_receive(early.get(), &m, kReceiveTimeoutNs));
    EXPECT_EQ(as_string(m), want);
  }
}

TEST_F(Keys, StartOldestBeginsAtTheOldestRetainedMessage) {
  dmxp_channel_options o = options();
  o.capacity = 4;
  ProducerHandle p = open_producer(channel("ring"), o);
  ASSERT_TRUE(p);
  // No consumer yet: a reliable ring with nobody to wait for overwrites its history.
  for (int i = 0; i < 10; ++i) ASSERT_DMXP_OK(dmxp_producer_send(p.get(), &i, sizeof i, 0, nullptr));
  ConsumerHandle c = open_consumer(channel("ring"), o);
  ASSERT_TRUE(c);
  dmxp_message m;
  for (int want = 6; want < 10; ++want) {
    ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
    ASSERT_EQ(m.size, sizeof want);
    EXPECT_EQ(*static_cast<const int*>(m.data), want);
  }
  EXPECT_TRUE(IsStatus(dmxp_consumer_try_receive(c.get(), &m), DMXP_ERR_WOULD_BLOCK));
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 0u) << "history before attaching is not a loss";
}

}  // namespace
}  // namespace dmxp_test
