// Channel properties are fixed at creation: DEFAULT options adopt them, explicit ones must
// match or the attach is DMXP_ERR_INCOMPATIBLE with a message naming both sides.
#include <string>
#include <vector>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

using OptionsCompat = DomainTest;

dmxp_channel_options typed(dmxp_channel_options o) {
  o.mode = DMXP_MODE_QUEUE;
  o.backpressure = DMXP_KEEP_LAST;
  o.capacity = 8;
  o.slot_size = 128;
  o.type_fingerprint = 0x1111;
  o.type_name = "pkg/Alpha";
  return o;
}

TEST_F(OptionsCompat, DefaultOptionsReuseTheExistingChannel) {
  dmxp_channel_options creator = typed(options());
  ProducerHandle first = open_producer(channel("shared"), creator);
  ASSERT_TRUE(first);

  dmxp_channel_options plain = options();  // every property DEFAULT / 0
  ProducerHandle p = open_producer(channel("shared"), plain);
  ConsumerHandle c = open_consumer(channel("shared"), plain);
  ASSERT_TRUE(p && c);
  EXPECT_EQ(dmxp_producer_max_message_size(p.get()), 128u);
  plain.create = 0;
  ProducerHandle existing = open_producer(channel("shared"), plain);
  EXPECT_TRUE(existing) << "create=0 opens a channel that exists";

  dmxp_channel_info i = info("shared");
  EXPECT_STREQ(i.name, "shared");
  EXPECT_STREQ(i.domain, domain());
  EXPECT_EQ(i.mode, DMXP_MODE_QUEUE);
  EXPECT_EQ(i.backpressure, DMXP_KEEP_LAST);
  EXPECT_EQ(i.capacity, 8u);
  EXPECT_EQ(i.slot_size, 128u);
  EXPECT_EQ(i.type_fingerprint, 0x1111u);
  EXPECT_STREQ(i.type_name, "pkg/Alpha");
  EXPECT_EQ(i.producers, 3u);
  EXPECT_EQ(i.consumers, 1u);

  // Untyped (fingerprint 0) attaches to a typed channel.
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "q", 1, 0, nullptr));
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
  EXPECT_EQ(as_string(m), "q");
}

TEST_F(OptionsCompat, DefaultsWhenCreating) {
  ProducerHandle p = open_producer(channel("fresh"), options());
  ASSERT_TRUE(p);
  dmxp_channel_info i = info("fresh");
  EXPECT_EQ(i.mode, DMXP_MODE_BROADCAST);
  EXPECT_EQ(i.backpressure, DMXP_RELIABLE);
  EXPECT_EQ(i.capacity, 1024u);
  EXPECT_EQ(i.slot_size, 4032u);
  EXPECT_EQ(i.mode_bits, 0600u);
}

TEST_F(OptionsCompat, OpeningAMissingChannelWithoutCreateIsNotFound) {
  dmxp_channel_options o = options();
  o.create = 0;
  dmxp_producer* p = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_producer_open("absent", &o, &p), DMXP_ERR_NOT_FOUND,
                        {"absent", domain()}));
  dmxp_consumer* c = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_consumer_open("absent", &o, nullptr, &c), DMXP_ERR_NOT_FOUND));
  dmxp_channel_info i;
  EXPECT_TRUE(FailsWith(dmxp_channel_info_get(domain(), "absent", &i), DMXP_ERR_NOT_FOUND));
  EXPECT_FALSE(shm_exists(segment("absent")));
}

struct Mismatch {
  const char* what;
  void (*change)(dmxp_channel_options&);
  std::vector<std::string> mentions;
};

TEST_F(OptionsCompat, EveryMismatchIsIncompatibleAndNamesBothSides) {
  dmxp_channel_options creator = typed(options());
  ProducerHandle first = open_producer(channel("fixed"), creator);
  ASSERT_TRUE(first);
  const Mismatch cases[] = {
      {"mode", [](dmxp_channel_options& o) { o.mode = DMXP_MODE_BROADCAST; },
       {"fixed", "queue", "broadcast"}},
      {"backpressure", [](dmxp_channel_options& o) { o.backpressure = DMXP_RELIABLE; },
       {"fixed", "keep-last", "reliable"}},
      {"capacity", [](dmxp_channel_options& o) { o.capacity = 16; },
       {"fixed", "capacity 8", "capacity 16"}},
      {"slot size", [](dmxp_channel_options& o) { o.slot_size = 256; },
       {"fixed", "slot size 128", "slot size 256"}},
      {"fingerprint",
       [](dmxp_channel_options& o) {
         o.type_fingerprint = 0x2222;
         o.type_name = "pkg/Beta";
       },
       {"fixed", "pkg/Alpha", "0000000000001111", "pkg/Beta", "0000000000002222"}},
  };
  for (const Mismatch& m : cases) {
    SCOPED_TRACE(m.what);
    dmxp_channel_options o = typed(options());
    m.change(o);
    dmxp_producer* p = nullptr;
    EXPECT_TRUE(FailsWith(dmxp_producer_open("fixed", &o, &p), DMXP_ERR_INCOMPATIBLE, m.mentions));
    EXPECT_EQ(p, nullptr);
    dmxp_consumer* c = nullptr;
    EXPECT_TRUE(FailsWith(dmxp_consumer_open("fixed", &o, nullptr, &c), DMXP_ERR_INCOMPATIBLE,
                          m.mentions));
    EXPECT_EQ(c, nullptr);
  }
  EXPECT_EQ(info("fixed").producers, 1u) << "refused attaches leave no record behind";
  EXPECT_EQ(info("fixed").consumers, 0u);
}

TEST_F(OptionsCompat, CppWrapperReportsIncompatibility) {
  dmxp::Producer p = dmxp::Producer::open("typed", cpp_options().type(0xAB, "pkg/A")).value();
  channel("typed");
  dmxp::Result<dmxp::Consumer> c = dmxp::Consumer::open("typed", cpp_options().type(0xCD, "pkg/B"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status(), DMXP_ERR_INCOMPATIBLE);
  std::string what = c.error().what();
  EXPECT_NE(what.find("pkg/A"), std::string::npos) << what;
  EXPECT_NE(what.find("pkg/B"), std::string::npos) << what;
}

}  // namespace
}  // namespace dmxp_test
