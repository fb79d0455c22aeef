// Atomic batches in one process: loan_batch/commit_batch, send_batch and their limits.
#include <cstring>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

using Batch = DomainTest;

TEST_F(Batch, LoanBatchCommitsConsecutiveMessagesWithBatchPositions) {
  dmxp_channel_options o = options();
  ProducerHandle p = open_producer(channel("batch"), o);
  ConsumerHandle c = open_consumer(channel("batch"), o);
  ASSERT_TRUE(p && c);
  void* bufs[4] = {};
  ASSERT_DMXP_OK(dmxp_producer_loan_batch(p.get(), 4, bufs, 0));
  size_t sizes[4];
  for (int i = 0; i < 4; ++i) {
    std::string s = "part-" + std::to_string(i);
    std::memcpy(bufs[i], s.data(), s.size());
    sizes[i] = s.size();
  }
  dmxp_message m;
  EXPECT_TRUE(IsStatus(dmxp_consumer_try_receive(c.get(), &m), DMXP_ERR_WOULD_BLOCK))
      << "nothing of a batch is visible before commit_batch";
  EXPECT_TRUE(FailsWith(dmxp_producer_commit(p.get(), 1, nullptr), DMXP_ERR_INVALID_ARGUMENT,
                        {"commit_batch"}));
  uint64_t first_key = 0;
  ASSERT_DMXP_OK(dmxp_producer_commit_batch(p.get(), sizes, &first_key));
  for (uint32_t i = 0; i < 4; ++i) {
    ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
    EXPECT_EQ(as_string(m), "part-" + std::to_string(i));
    EXPECT_EQ(m.batch_index, i);
    EXPECT_EQ(m.batch_count, 4u);
    EXPECT_EQ(m.key, first_key + i) << "a batch takes consecutive keys";
  }
  EXPECT_TRUE(IsStatus(dmxp_consumer_try_receive(c.get(), &m), DMXP_ERR_WOULD_BLOCK));
}

TEST_F(Batch, SendBatchCopiesAndReceiveBatchSeesItWhole) {
  dmxp_channel_options o = options();
  ProducerHandle p = open_producer(channel("copy"), o);
  ConsumerHandle c = open_consumer(channel("copy"), o);
  ASSERT_TRUE(p && c);
  const char* parts[] = {"a", "bb", "ccc"};
  dmxp_iovec iov[3];
  for (int i = 0; i < 3; ++i) iov[i] = {parts[i], std::strlen(parts[i])};
  uint64_t first_key = 0;
  ASSERT_DMXP_OK(dmxp_producer_send_batch(p.get(), iov, 3, 0, &first_key));
  dmxp_message views[8];
  uint32_t n = 0;
  ASSERT_DMXP_OK(dmxp_consumer_receive_batch(c.get(), views, 8, &n, kReceiveTimeoutNs));
  ASSERT_EQ(n, 3u);
  for (uint32_t i = 0; i < 3; ++i) {
    EXPECT_EQ(as_string(views[i]), parts[i]);
    EXPECT_EQ(views[i].batch_index, i);
    EXPECT_EQ(views[i].batch_count, 3u);
    EXPECT_EQ(views[i].key, first_key + i);
  }
}

TEST_F(Batch, AbortedBatchIsNeverSeen) {
  dmxp_channel_options o = options();
  ProducerHandle p = open_producer(channel("abort"), o);
  ConsumerHandle c = open_consumer(channel("abort"), o);
  ASSERT_TRUE(p && c);
  void* bufs[3];
  ASSERT_DMXP_OK(dmxp_producer_loan_batch(p.get(), 3, bufs, 0));
  ASSERT_DMXP_OK(dmxp_producer_abort(p.get()));
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "z", 1, 0, nullptr));
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
  EXPECT_EQ(as_string(m), "z");
  EXPECT_EQ(m.batch_count, 1u);
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 0u);
}

TEST_F(Batch, BatchLimits) {
  dmxp_channel_options o = options();
  o.capacity = 8;
  ProducerHandle p = open_producer(channel("limits"), o);
  ASSERT_TRUE(p);
  void* bufs[9];
  EXPECT_TRUE(FailsWith(dmxp_producer_loan_batch(p.get(), 0, bufs, 0), DMXP_ERR_INVALID_ARGUMENT,
                        {"limits"}));
  EXPECT_TRUE(FailsWith(dmxp_producer_loan_batch(p.get(), 9, bufs, 0), DMXP_ERR_INVALID_ARGUMENT,
                        {"limits", "9"}));
  EXPECT_TRUE(FailsWith(dmxp_producer_loan_batch(p.get(), 2, nullptr, 0),
                        DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_TRUE(FailsWith(dmxp_producer_send_batch(p.get(), nullptr, 0, 0, nullptr),
                        DMXP_ERR_INVALID_ARGUMENT));
  ASSERT_DMXP_OK(dmxp_producer_loan_batch(p.get(), 2, bufs, 0));
  EXPECT_TRUE(FailsWith(dmxp_producer_commit_batch(p.get(), nullptr, nullptr),
                        DMXP_ERR_INVALID_ARGUMENT));
  size_t sizes[2] = {1, 1u << 20};
  EXPECT_TRUE(FailsWith(dmxp_producer_commit_batch(p.get(), sizes, nullptr), DMXP_ERR_TOO_LARGE,
                        {"aborted"}));
  // The whole ring at once is allowed.
  ASSERT_DMXP_OK(dmxp_producer_loan_batch(p.get(), 8, bufs, 0));
  size_t eight[8] = {};
  ASSERT_DMXP_OK(dmxp_producer_commit_batch(p.get(), eight, nullptr));
}

}  // namespace
}  // namespace dmxp_test
