// dmxp_consumer_seek: positions a broadcast consumer at the first retained message whose key
// is >= the key asked for; unsupported on queues.
#include <vector>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

class SeekFixture : public DomainTest {
 protected:
  // Sends 10 messages (payload = index) on "log", with a message on "other" between any two
  // so that the keys of "log" have gaps.
  void publish() {
    dmxp_channel_options o = options();
    ProducerHandle log = open_producer(channel("log"), o);
    ProducerHandle other = open_producer(channel("other"), o);
    ASSERT_TRUE(log && other);
    for (int i = 0; i < 10; ++i) {
      uint64_t k = 0;
      ASSERT_DMXP_OK(dmxp_producer_send(log.get(), &i, sizeof i, 0, &k));
      keys.push_back(k);
      ASSERT_DMXP_OK(dmxp_producer_send(other.get(), "gap", 3, 0, nullptr));
    }
  }
  int next_index(dmxp_consumer* c) {
    dmxp_message m;
    int rc = dmxp_consumer_receive(c, &m, 0);
    if (rc != DMXP_OK) return rc == DMXP_ERR_WOULD_BLOCK ? -1 : -2;
    return *static_cast<const int*>(m.data);
  }
  std::vector<uint64_t> keys;
};

TEST_F(SeekFixture, SeekFindsTheFirstRetainedKeyAtOrAfter) {
  dmxp_channel_options o = options();
  ConsumerHandle c = open_consumer(channel("log"), o);
  ASSERT_TRUE(c);
  publish();
  ASSERT_EQ(keys.size(), 10u);
  ASSERT_GT(keys[5], keys[4] + 1) << "the test needs gaps between keys";

  ASSERT_DMXP_OK(dmxp_consumer_seek(c.get(), keys[5]));
  EXPECT_EQ(next_index(c.get()), 5) << "exact key";
  ASSERT_DMXP_OK(dmxp_consumer_seek(c.get(), keys[5] - 1));
  EXPECT_EQ(next_index(c.get()), 5) << "a key in the gap before message 5";
  ASSERT_DMXP_OK(dmxp_consumer_seek(c.get(), keys[2] + 1));
  EXPECT_EQ(next_index(c.get()), 3) << "backwards, a key in the gap after message 2";
  EXPECT_EQ(next_index(c.get()), 4) << "reading continues in order after a seek";
  ASSERT_DMXP_OK(dmxp_consumer_seek(c.get(), 0));
  EXPECT_EQ(next_index(c.get()), 0) << "below every key: the oldest retained message";
  ASSERT_DMXP_OK(dmxp_consumer_seek(c.get(), keys[9] + 1));
  EXPECT_EQ(next_index(c.get()), -1) << "above every key: the newest end";
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 0u);
}

TEST_F(SeekFixture, SeekOnAQueueIsUnsupported) {
  dmxp_channel_options o = options();
  o.mode = DMXP_MODE_QUEUE;
  ConsumerHandle c = open_consumer(channel("work"), o);
  ASSERT_TRUE(c);
  EXPECT_TRUE(FailsWith(dmxp_consumer_seek(c.get(), 1), DMXP_ERR_UNSUPPORTED, {"work", "queue"}));
}

}  // namespace
}  // namespace dmxp_test
