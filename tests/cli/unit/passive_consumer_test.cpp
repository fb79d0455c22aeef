// The passive consumer (dmxp_consumer_options::passive) and dmxp_channel_consumers, the two
// C ABI additions the CLI's observers rely on.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "test_support.hpp"

namespace {

using dmxp_test::DomainTest;

class PassiveConsumer : public DomainTest {
 protected:
  dmxp_channel_options reliable(uint32_t capacity) {
    dmxp_channel_options o = options();
    o.backpressure = DMXP_RELIABLE;
    o.capacity = capacity;
    o.slot_size = 64;
    return o;
  }
  static dmxp_consumer_options passive() {
    dmxp_consumer_options c = consumer_options();
    c.passive = 1;
    return c;
  }
};

TEST_F(PassiveConsumer, NeverHoldsAReliableProducerBack) {
  const char* ch = channel("passive_reliable");
  auto o = reliable(4);
  auto prod = open_producer(ch, o);
  auto co = passive();
  auto obs = open_consumer(ch, o, &co);
  ASSERT_TRUE(prod && obs);
  // 100 messages into 4 slots with timeout 0: every send succeeds although nothing is read.
  for (uint64_t i = 0; i < 100; ++i) ASSERT_DMXP_OK(dmxp_producer_send(prod.get(), &i, sizeof i, 0, nullptr));
  // The observer skips to what the ring still holds and counts the rest as lost.
  dmxp_message m;
  std::vector<uint64_t> seen;
  while (dmxp_consumer_try_receive(obs.get(), &m) == DMXP_OK) {
    uint64_t v;
    std::memcpy(&v, m.data, sizeof v);
    seen.push_back(v);
  }
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), 99u);
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_EQ(seen[i], seen[i - 1] + 1);
  EXPECT_EQ(dmxp_consumer_lost(obs.get()) + seen.size(), 100u);
}

TEST_F(PassiveConsumer, AnOrdinaryConsumerDoesHoldItBack) {
  // The control: the same ring with a gating consumer is full after 4 messages.
  const char* ch = channel("gating_reliable");
  auto o = reliable(4);
  auto prod = open_producer(ch, o);
  auto reader = open_consumer(ch, o);
  ASSERT_TRUE(prod && reader);
  uint64_t v = 0;
  for (; v < 4; ++v) ASSERT_DMXP_OK(dmxp_producer_send(prod.get(), &v, sizeof v, 0, nullptr));
  EXPECT_EQ(dmxp_producer_send(prod.get(), &v, sizeof v, 0, nullptr), DMXP_ERR_WOULD_BLOCK);
}

TEST_F(PassiveConsumer, ReportsAViewOverwrittenWhileHeld) {
  const char* ch = channel("passive_overrun");
  auto o = reliable(2);
  auto prod = open_producer(ch, o);
  auto co = passive();
  auto obs = open_consumer(ch, o, &co);
  ASSERT_TRUE(prod && obs);
  uint64_t v = 7;
  ASSERT_DMXP_OK(dmxp_producer_send(prod.get(), &v, sizeof v, 0, nullptr));
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_try_receive(obs.get(), &m));
  for (uint64_t i = 0; i < 4; ++i) ASSERT_DMXP_OK(dmxp_producer_send(prod.get(), &i, sizeof i, 0, nullptr));
  EXPECT_EQ(dmxp_consumer_release(obs.get()), DMXP_ERR_OVERRUN);
}

TEST_F(PassiveConsumer, IsRefusedOnAQueue) {
  const char* ch = channel("passive_queue");
  auto o = reliable(4);
  o.mode = DMXP_MODE_QUEUE;
  auto prod = open_producer(ch, o);
  auto co = passive();
  dmxp_consumer* c = nullptr;
  EXPECT_TRUE(dmxp_test::FailsWith(dmxp_consumer_open(ch, &o, &co, &c), DMXP_ERR_UNSUPPORTED, {"queue", "passively"}));
  EXPECT_EQ(c, nullptr);
}

TEST_F(PassiveConsumer, ChannelConsumersListsLagLostAndGating) {
  const char* ch = channel("consumer_table");
  auto o = reliable(8);
  auto prod = open_producer(ch, o);
  auto co = passive();
  auto obs = open_consumer(ch, o, &co);
  auto reader = open_consumer(ch, o);
  ASSERT_TRUE(prod && obs && reader);
  for (uint64_t i = 0; i < 3; ++i) ASSERT_DMXP_OK(dmxp_producer_send(prod.get(), &i, sizeof i, 0, nullptr));
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_try_receive(reader.get(), &m));
  ASSERT_DMXP_OK(dmxp_consumer_release(reader.get()));
  std::vector<dmxp_consumer_record_info> rows;
  ASSERT_DMXP_OK(dmxp_channel_consumers(domain(), ch, [](const dmxp_consumer_record_info* r, void* u) {
    static_cast<std::vector<dmxp_consumer_record_info>*>(u)->push_back(*r);
    return 0;
  }, &rows));
  ASSERT_EQ(rows.size(), 2u);
  const auto& passive_row = rows[0].gating ? rows[1] : rows[0];
  const auto& gating_row = rows[0].gating ? rows[0] : rows[1];
  EXPECT_EQ(passive_row.gating, 0u);
  EXPECT_EQ(passive_row.lag, 3u);
  EXPECT_EQ(gating_row.gating, 1u);
  EXPECT_EQ(gating_row.lag, 2u);
  EXPECT_EQ(gating_row.received, 1u);
  EXPECT_EQ(gating_row.pid, getpid());
  EXPECT_EQ(gating_row.live, 1u);
  EXPECT_TRUE(dmxp_test::FailsWith(dmxp_channel_consumers(domain(), "no_such_channel", [](const dmxp_consumer_record_info*, void*) { return 0; }, nullptr),
                                   DMXP_ERR_NOT_FOUND));
}

}  // namespace
