// Handle lifetimes: closing every producer and consumer (C handles and C++ wrappers, moved or
// not, with loans and views outstanding) frees its record, so the channel reports zero
// producers and consumers and records are reused. Leaked memory fails the ASan build.
#include <utility>
#include <vector>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

using HandleLifetime = DomainTest;

TEST_F(HandleLifetime, ClosingEverythingLeavesNoRecords) {
  dmxp_channel_options o = options();
  o.max_producers = 4;
  o.max_consumers = 4;
  const char* ch = channel("records");
  // Many more opens than records: each close must give its record back.
  for (int round = 0; round < 50; ++round) {
    std::vector<ProducerHandle> producers;
    std::vector<ConsumerHandle> consumers;
    for (int i = 0; i < 4; ++i) {
      producers.push_back(open_producer(ch, o));
      consumers.push_back(open_consumer(ch, o));
      ASSERT_TRUE(producers.back() && consumers.back()) << "round " << round;
    }
    // Leave a loan and a view outstanding at close time.
    void* buf = nullptr;
    ASSERT_DMXP_OK(dmxp_producer_send(producers[0].get(), "v", 1, 0, nullptr));
    ASSERT_DMXP_OK(dmxp_producer_loan(producers[1].get(), 1, &buf, 0));
    dmxp_message m;
    ASSERT_DMXP_OK(dmxp_consumer_receive(consumers[0].get(), &m, 0));
    if (round == 0) {
      dmxp_channel_info full = info(ch);
      EXPECT_EQ(full.producers, 4u);
      EXPECT_EQ(full.consumers, 4u);
    }
  }
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(i.producers, 0u);
  EXPECT_EQ(i.consumers, 0u);
  EXPECT_EQ(i.parked_cursors, 0u);
}

TEST_F(HandleLifetime, FullTablesAreAResourceErrorUntilAHandleCloses) {
  dmxp_channel_options o = options();
  o.max_producers = 2;
  o.max_consumers = 2;
  const char* ch = channel("small");
  ProducerHandle p1 = open_producer(ch, o), p2 = open_producer(ch, o);
  ConsumerHandle c1 = open_consumer(ch, o), c2 = open_consumer(ch, o);
  ASSERT_TRUE(p1 && p2 && c1 && c2);
  dmxp_producer* p3 = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_producer_open(ch, &o, &p3), DMXP_ERR_RESOURCE, {"small", "2"}));
  dmxp_consumer* c3 = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_consumer_open(ch, &o, nullptr, &c3), DMXP_ERR_RESOURCE, {"small"}));
  p1.reset();
  c1.reset();
  ProducerHandle p4 = open_producer(ch, o);
  ConsumerHandle c4 = open_consumer(ch, o);
  EXPECT_TRUE(p4 && c4);
}

TEST_F(HandleLifetime, CppWrappersCloseOnDestructionAndMoveAssignment) {
  const char* ch = channel("wrapped");
  {
    dmxp::Producer p = dmxp::Producer::open(ch, cpp_options()).value();
    dmxp::Consumer c = dmxp::Consumer::open(ch, cpp_options()).value();
    dmxp::Producer moved = std::move(p);
    dmxp::Consumer c2 = dmxp::Consumer::open(ch, cpp_options()).value();
    c2 = std::move(c);  // closes the consumer c2 held
    EXPECT_EQ(info(ch).producers, 1u);
    EXPECT_EQ(info(ch).consumers, 1u);
    ASSERT_TRUE(moved.send("m", 1, 0).ok());
    ASSERT_TRUE(c2.receive(kReceiveTimeoutNs).ok());
    std::vector<void*> bufs = moved.loan_batch(2, 0).value();
    EXPECT_EQ(bufs.size(), 2u);
    size_t sizes[2] = {0, 0};
    EXPECT_TRUE(moved.commit_batch(sizes).ok());
    dmxp_iovec iov[1] = {{"b", 1}};
    EXPECT_TRUE(moved.send_batch(iov, 0).ok());
    dmxp_message views[4];
    dmxp::Result<uint32_t> n = c2.receive_batch(views, kReceiveTimeoutNs);
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(n.value(), 3u);
    EXPECT_TRUE(c2.release().ok());
  }
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(i.producers, 0u);
  EXPECT_EQ(i.consumers, 0u);
}

TEST_F(HandleLifetime, NamedCursorIsParkedOnCloseAndResumedByName) {
  dmxp_channel_options o = options();
  const char* ch = channel("durable");
  ProducerHandle p = open_producer(ch, o);
  ASSERT_TRUE(p);
  for (int i = 0; i < 5; ++i) ASSERT_DMXP_OK(dmxp_producer_send(p.get(), &i, sizeof i, 0, nullptr));
  dmxp_consumer_options named = consumer_options("rec1");
  {
    ConsumerHandle c = open_consumer(ch, o, &named);
    ASSERT_TRUE(c);
    dmxp_consumer* again = nullptr;
    EXPECT_TRUE(FailsWith(dmxp_consumer_open(ch, &o, &named, &again), DMXP_ERR_BUSY,
                          {"rec1", std::to_string(getpid())}))
        << "a name is held by one live consumer at a time, even within one process";
    dmxp_message m;
    for (int i = 0; i < 2; ++i) ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, 0));
  }
  dmxp_channel_info parked = info(ch);
  EXPECT_EQ(parked.consumers, 0u);
  EXPECT_EQ(parked.parked_cursors, 1u);
  ConsumerHandle c = open_consumer(ch, o, &named);
  ASSERT_TRUE(c);
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, 0));
  EXPECT_EQ(*static_cast<const int*>(m.data), 2) << "the parked cursor resumes after message 1";
  EXPECT_EQ(info(ch).parked_cursors, 0u);
}

}  // namespace
}  // namespace dmxp_test
