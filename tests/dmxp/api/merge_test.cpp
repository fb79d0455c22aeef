// dmxp_merge in one process: messages of several broadcast consumers in key order.
// (The multi-process version is multiprocess/key_order_test.cpp.)
#include <string>
#include <vector>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

using Merge = DomainTest;

TEST_F(Merge, YieldsEveryMessageOfEveryChannelInKeyOrder) {
  dmxp_channel_options o = options();
  const char* names[3] = {channel("m0"), channel("m1"), channel("m2")};
  ProducerHandle prods[3];
  ConsumerHandle cons[3];
  for (int i = 0; i < 3; ++i) {
    prods[i] = open_producer(names[i], o);
    cons[i] = open_consumer(names[i], o);
    ASSERT_TRUE(prods[i] && cons[i]);
  }
  // An irregular interleaving of the three channels.
  std::vector<std::pair<size_t, uint64_t>> sent;  // (channel, key) in send order
  for (int j = 0; j < 60; ++j) {
    size_t ch = size_t((j * 7 + j / 5) % 3);
    std::string s = std::to_string(ch) + ":" + std::to_string(j);
    uint64_t k = 0;
    ASSERT_DMXP_OK(dmxp_producer_send(prods[ch].get(), s.data(), s.size(), 0, &k));
    sent.emplace_back(ch, k);
  }
  dmxp_consumer* raw[3] = {cons[0].get(), cons[1].get(), cons[2].get()};
  dmxp_merge* mraw = nullptr;
  ASSERT_DMXP_OK(dmxp_merge_create(raw, 3, &mraw));
  MergeHandle merge(mraw);
  dmxp_message m;
  size_t source = 99;
  for (const auto& [ch, key] : sent) {
    ASSERT_DMXP_OK(dmxp_merge_next(merge.get(), &m, &source));
    EXPECT_EQ(source, ch);
    EXPECT_EQ(m.key, key);
    EXPECT_EQ(as_string(m).substr(0, 2), std::to_string(ch) + ":");
  }
  EXPECT_TRUE(IsStatus(dmxp_merge_next(merge.get(), &m, &source), DMXP_ERR_WOULD_BLOCK));
  // New data after draining is picked up.
  uint64_t k = 0;
  ASSERT_DMXP_OK(dmxp_producer_send(prods[1].get(), "late", 4, 0, &k));
  ASSERT_DMXP_OK(dmxp_merge_next(merge.get(), &m, &source));
  EXPECT_EQ(source, 1u);
  EXPECT_EQ(m.key, k);
}

TEST_F(Merge, RefusesQueuesAndNulls) {
  dmxp_channel_options o = options();
  o.mode = DMXP_MODE_QUEUE;
  ConsumerHandle q = open_consumer(channel("work"), o);
  ASSERT_TRUE(q);
  dmxp_consumer* raw[1] = {q.get()};
  dmxp_merge* m = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_merge_create(raw, 1, &m), DMXP_ERR_UNSUPPORTED, {"work", "queue"}));
  EXPECT_EQ(m, nullptr);
  EXPECT_TRUE(FailsWith(dmxp_merge_create(raw, 0, &m), DMXP_ERR_INVALID_ARGUMENT));
  dmxp_consumer* none[1] = {nullptr};
  EXPECT_TRUE(FailsWith(dmxp_merge_create(none, 1, &m), DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_TRUE(FailsWith(dmxp_merge_next(nullptr, nullptr, nullptr), DMXP_ERR_INVALID_ARGUMENT));
}

}  // namespace
}  // namespace dmxp_test
