// Zero-copy sending: loan a slot, write in place, commit (or abort: consumers never see it).
#include <cstring>
#include <string>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

using Loan = DomainTest;

TEST_F(Loan, CommittedLoanArrivesWithItsFinalSizeAndKey) {
  dmxp_channel_options o = options();
  ProducerHandle p = open_producer(channel("loan"), o);
  ConsumerHandle c = open_consumer(channel("loan"), o);
  ASSERT_TRUE(p && c);
  void* buf = nullptr;
  ASSERT_DMXP_OK(dmxp_producer_loan(p.get(), 100, &buf, 0));
  ASSERT_NE(buf, nullptr);
  std::memcpy(buf, "zero-copy payload", 17);
  uint64_t key = 0;
  ASSERT_DMXP_OK(dmxp_producer_commit(p.get(), 9, &key));  // shorter than loaned
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
  EXPECT_EQ(as_string(m), "zero-copy");
  EXPECT_EQ(m.key, key);
}

TEST_F(Loan, AbortedLoanIsNeverSeenAndNotCountedAsLost) {
  dmxp_channel_options o = options();
  ProducerHandle p = open_producer(channel("abort"), o);
  ConsumerHandle c = open_consumer(channel("abort"), o);
  ASSERT_TRUE(p && c);
  void* buf = nullptr;
  ASSERT_DMXP_OK(dmxp_producer_loan(p.get(), 16, &buf, 0));
  std::memcpy(buf, "never", 5);
  ASSERT_DMXP_OK(dmxp_producer_abort(p.get()));
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "after", 5, 0, nullptr));
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
  EXPECT_EQ(as_string(m), "after");
  EXPECT_TRUE(IsStatus(dmxp_consumer_try_receive(c.get(), &m), DMXP_ERR_WOULD_BLOCK));
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 0u);
}

TEST_F(Loan, OnlyOneLoanAtATime) {
  dmxp_channel_options o = options();
  ProducerHandle p = open_producer(channel("one"), o);
  ASSERT_TRUE(p);
  void* a = nullptr;
  void* b = nullptr;
  ASSERT_DMXP_OK(dmxp_producer_loan(p.get(), 8, &a, 0));
  EXPECT_TRUE(FailsWith(dmxp_producer_loan(p.get(), 8, &b, 0), DMXP_ERR_BUSY, {"one", "loan"}));
  void* bufs[2];
  EXPECT_TRUE(FailsWith(dmxp_producer_loan_batch(p.get(), 2, bufs, 0), DMXP_ERR_BUSY));
  EXPECT_TRUE(FailsWith(dmxp_producer_send(p.get(), "x", 1, 0, nullptr), DMXP_ERR_BUSY))
      << "send loans internally, so it is refused while a loan is outstanding";
  ASSERT_DMXP_OK(dmxp_producer_commit(p.get(), 1, nullptr));
  EXPECT_TRUE(FailsWith(dmxp_producer_commit(p.get(), 1, nullptr), DMXP_ERR_INVALID_ARGUMENT,
                        {"without a loan"}));
  EXPECT_TRUE(FailsWith(dmxp_producer_abort(p.get()), DMXP_ERR_INVALID_ARGUMENT,
                        {"without a loan"}));
}

TEST_F(Loan, ClosingWithAnOutstandingLoanAbortsIt) {
  dmxp_channel_options o = options();
  ConsumerHandle c = open_consumer(channel("closed"), o);
  ASSERT_TRUE(c);
  {
    ProducerHandle p = open_producer(channel("closed"), o);
    void* buf = nullptr;
    ASSERT_DMXP_OK(dmxp_producer_loan(p.get(), 8, &buf, 0));
  }
  ProducerHandle q = open_producer(channel("closed"), o);
  ASSERT_DMXP_OK(dmxp_producer_send(q.get(), "next", 4, 0, nullptr));
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
  EXPECT_EQ(as_string(m), "next");
  EXPECT_EQ(dmxp_consumer_lost(c.get()), 0u);
}

}  // namespace
}  // namespace dmxp_test
