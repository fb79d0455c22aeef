// Receiving: the non-blocking and timed forms, batches of views, message size limits.
#include <cstring>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

using Receive = DomainTest;

TEST_F(Receive, TryReceiveOnEmptyChannelWouldBlock) {
  dmxp_channel_options o = options();
  ConsumerHandle c = open_consumer(channel("empty"), o);
  ASSERT_NE(c, nullptr);
  dmxp_message m;
  EXPECT_TRUE(IsStatus(dmxp_consumer_try_receive(c.get(), &m), DMXP_ERR_WOULD_BLOCK));
  EXPECT_TRUE(IsStatus(dmxp_consumer_receive(c.get(), &m, 0), DMXP_ERR_WOULD_BLOCK))
      << "timeout 0 means do not wait";
  uint32_t n = 99;
  EXPECT_TRUE(IsStatus(dmxp_consumer_receive_batch(c.get(), &m, 1, &n, 0), DMXP_ERR_WOULD_BLOCK));
  EXPECT_EQ(n, 0u);
}

TEST_F(Receive, ReceiveWithTimeoutTimesOutWithoutDetail) {
  dmxp_channel_options o = options();
  ConsumerHandle c = open_consumer(channel("quiet"), o);
  ASSERT_NE(c, nullptr);
  dmxp_message m;
  EXPECT_TRUE(FailsWithoutDetail(dmxp_consumer_receive(c.get(), &m, 20'000'000),
                                 DMXP_ERR_TIMEOUT));
  uint32_t n = 0;
  dmxp_message batch[4];
  EXPECT_TRUE(FailsWithoutDetail(dmxp_consumer_receive_batch(c.get(), batch, 4, &n, 20'000'000),
                                 DMXP_ERR_TIMEOUT));
  EXPECT_EQ(n, 0u);
}

TEST_F(Receive, MessagesLargerThanTheSlotAreTooLarge) {
  dmxp_channel_options o = options();
  o.slot_size = 128;
  ProducerHandle p = open_producer(channel("small"), o);
  ConsumerHandle c = open_consumer(channel("small"), o);
  ASSERT_TRUE(p && c);
  EXPECT_EQ(dmxp_producer_max_message_size(p.get()), 128u);
  std::vector<char> big(129, 'b');
  EXPECT_TRUE(FailsWith(dmxp_producer_send(p.get(), big.data(), big.size(), 0, nullptr),
                        DMXP_ERR_TOO_LARGE, {"small", "129", "128"}));
  void* buf = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_producer_loan(p.get(), 129, &buf, 0), DMXP_ERR_TOO_LARGE,
                        {"small"}));
  dmxp_iovec iov[2] = {{"ok", 2}, {big.data(), big.size()}};
  EXPECT_TRUE(FailsWith(dmxp_producer_send_batch(p.get(), iov, 2, 0, nullptr),
                        DMXP_ERR_TOO_LARGE, {"small"}));

  // A loan committed with a size past the slot is aborted: nobody sees it.
  ASSERT_DMXP_OK(dmxp_producer_loan(p.get(), 64, &buf, 0));
  EXPECT_TRUE(FailsWith(dmxp_producer_commit(p.get(), 129, nullptr), DMXP_ERR_TOO_LARGE,
                        {"aborted"}));

  // Exactly the slot size fits, and so does an empty message.
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), big.data(), 128, 0, nullptr));
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), nullptr, 0, 0, nullptr));
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
  EXPECT_EQ(as_string(m), std::string(128, 'b'));
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
  EXPECT_EQ(m.size, 0u);
  EXPECT_TRUE(IsStatus(dmxp_consumer_try_receive(c.get(), &m), DMXP_ERR_WOULD_BLOCK))
      << "nothing of the rejected sends, batch or aborted loan may arrive";
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 0u);
  EXPECT_TRUE(FailsWith(dmxp_producer_send(p.get(), nullptr, 3, 0, nullptr),
                        DMXP_ERR_INVALID_ARGUMENT));
}

TEST_F(Receive, ReceiveBatchHandsOutConsecutiveViewsValidTogether) {
  dmxp_channel_options o = options();
  ProducerHandle p = open_producer(channel("views"), o);
  ConsumerHandle c = open_consumer(channel("views"), o);
  ASSERT_TRUE(p && c);
  std::vector<uint64_t> keys;
  for (int i = 0; i < 10; ++i) {
    std::string s = "message-" + std::to_string(i);
    uint64_t k = 0;
    ASSERT_DMXP_OK(dmxp_producer_send(p.get(), s.data(), s.size(), 0, &k));
    keys.push_back(k);
  }
  dmxp_message views[4];
  uint32_t n = 0;
  int next = 0;
  for (uint32_t expected : {4u, 4u, 2u}) {
    ASSERT_DMXP_OK(dmxp_consumer_receive_batch(c.get(), views, 4, &n, kReceiveTimeoutNs));
    ASSERT_EQ(n, expected);
    // All n views are readable at once, until the next receive or release.
    for (uint32_t i = 0; i < n; ++i, ++next) {
      EXPECT_EQ(as_string(views[i]), "message-" + std::to_string(next));
      EXPECT_EQ(views[i].key, keys[size_t(next)]);
    }
  }
  EXPECT_TRUE(IsStatus(dmxp_consumer_receive_batch(c.get(), views, 4, &n, 0), DMXP_ERR_WOULD_BLOCK));
  EXPECT_TRUE(FailsWith(dmxp_consumer_receive_batch(c.get(), views, 0, &n, 0),
                        DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_DMXP_OK(dmxp_consumer_release(c.get()));
  EXPECT_DMXP_OK(dmxp_consumer_release(c.get())) << "releasing nothing is fine";
}

TEST_F(Receive, NullHandlesAreInvalidArguments) {
  dmxp_message m;
  EXPECT_TRUE(FailsWith(dmxp_consumer_try_receive(nullptr, &m), DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_TRUE(FailsWith(dmxp_producer_send(nullptr, "x", 1, 0, nullptr),
                        DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_TRUE(FailsWith(dmxp_consumer_release(nullptr), DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_TRUE(FailsWith(dmxp_producer_open("x", nullptr, nullptr), DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_EQ(dmxp_consumer_lost(nullptr), 0u);
  EXPECT_EQ(dmxp_producer_max_message_size(nullptr), 0u);
  dmxp_producer_close(nullptr);
  dmxp_consumer_close(nullptr);
  dmxp_waitset_destroy(nullptr);
  dmxp_merge_destroy(nullptr);
}

}  // namespace
}  // namespace dmxp_test
