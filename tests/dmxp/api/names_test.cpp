// Channel and domain names are checked before anything is created: a bad name is
// DMXP_ERR_INVALID_ARGUMENT with a message that says what is wrong, and leaves no segment.
#include <string>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

using Names = DomainTest;

struct BadName {
  std::string name;
  std::string mention;  // what the message must say
};

TEST_F(Names, BadChannelNamesAreRejectedWithAReason) {
  const BadName cases[] = {
      {"", "empty"},
      {"..", "'.'"},  // starts with '.'
      {"a..b", "'..'"},
      {".hidden", "must not start with '.'"},
      {"/", "contains '/'"},
      {"a/b", "contains '/'"},
      {"sp ace", "contains ' '"},
      {std::string(101, 'x'), "longer than 100"},
  };
  dmxp_channel_options o = options();
  for (const BadName& c : cases) {
    SCOPED_TRACE("channel name '" + c.name + "'");
    dmxp_producer* p = nullptr;
    EXPECT_TRUE(FailsWith(dmxp_producer_open(c.name.c_str(), &o, &p), DMXP_ERR_INVALID_ARGUMENT,
                          {c.mention}));
    EXPECT_EQ(p, nullptr);
    dmxp_consumer* k = nullptr;
    EXPECT_TRUE(FailsWith(dmxp_consumer_open(c.name.c_str(), &o, nullptr, &k),
                          DMXP_ERR_INVALID_ARGUMENT, {c.mention}));
    EXPECT_EQ(k, nullptr);
    dmxp_channel_info info;
    EXPECT_TRUE(FailsWith(dmxp_channel_info_get(domain(), c.name.c_str(), &info),
                          DMXP_ERR_INVALID_ARGUMENT, {c.mention}));
    EXPECT_TRUE(FailsWith(dmxp_channel_remove(domain(), c.name.c_str()),
                          DMXP_ERR_INVALID_ARGUMENT, {c.mention}));
  }
  dmxp_producer* p = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_producer_open(nullptr, &o, &p), DMXP_ERR_INVALID_ARGUMENT, {"NULL"}));
  EXPECT_TRUE(shm_entries("dmxp." + std::string(domain()) + ".").empty())
      << "a rejected name must not create the domain or a channel";
}

TEST_F(Names, LongestAndPunctuatedNamesAreAccepted) {
  const std::string longest(100, 'n');
  dmxp_channel_options o = options();
  for (const std::string& name : {longest, std::string("a.b-c_D9"), std::string("x.y")}) {
    SCOPED_TRACE(name);
    channel(name);
    ProducerHandle p = open_producer(channel(name), o);
    ASSERT_NE(p, nullptr);
    EXPECT_TRUE(shm_exists(segment(name)));
  }
}

TEST_F(Names, BadDomainsAreRejected) {
  dmxp_channel_options o = options();
  const std::string too_long(33, 'd');
  for (const std::string& d : {too_long, std::string("has.dot"), std::string("a/b")}) {
    SCOPED_TRACE("domain '" + d + "'");
    o.domain = d.c_str();
    dmxp_producer* p = nullptr;
    EXPECT_TRUE(FailsWith(dmxp_producer_open("x", &o, &p), DMXP_ERR_INVALID_ARGUMENT, {"domain"}));
    uint32_t removed = 0;
    EXPECT_TRUE(FailsWith(dmxp_channel_gc(d.c_str(), 0, &removed), DMXP_ERR_INVALID_ARGUMENT,
                          {"domain"}));
  }
}

TEST_F(Names, UninitialisedOptionsAreRejected) {
  dmxp_channel_options o{};  // struct_size 0: the caller forgot dmxp_channel_options_init
  o.domain = domain();
  dmxp_producer* p = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_producer_open("x", &o, &p), DMXP_ERR_INVALID_ARGUMENT,
                        {"dmxp_channel_options_init"}));
  dmxp_channel_options good = options();
  dmxp_consumer_options co{};
  dmxp_consumer* c = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_consumer_open("x", &good, &co, &c), DMXP_ERR_INVALID_ARGUMENT,
                        {"dmxp_consumer_options_init"}));
}

TEST_F(Names, CreationParametersAreValidated) {
  dmxp_channel_options o = options();
  channel("geometry");
  dmxp_producer* p = nullptr;
  o.capacity = 1000;
  EXPECT_TRUE(FailsWith(dmxp_producer_open("geometry", &o, &p), DMXP_ERR_INVALID_ARGUMENT,
                        {"geometry", "capacity 1000", "power of two"}));
  o.capacity = 1;
  EXPECT_TRUE(FailsWith(dmxp_producer_open("geometry", &o, &p), DMXP_ERR_INVALID_ARGUMENT,
                        {"capacity 1"}));
  o = options();
  const std::string long_type(64, 't');
  o.type_fingerprint = 7;
  o.type_name = long_type.c_str();
  EXPECT_TRUE(FailsWith(dmxp_producer_open("geometry", &o, &p), DMXP_ERR_INVALID_ARGUMENT,
                        {"type name"}));
  o = options();
  o.max_consumers = 5000;
  EXPECT_TRUE(FailsWith(dmxp_producer_open("geometry", &o, &p), DMXP_ERR_INVALID_ARGUMENT,
                        {"geometry"}));
  EXPECT_FALSE(shm_exists(segment("geometry")));
  const std::string long_name(48, 'n');  // the record holds 47 characters
  dmxp_consumer_options co = consumer_options(long_name.c_str());
  o = options();
  dmxp_consumer* c = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_consumer_open(channel("geometry"), &o, &co, &c),
                        DMXP_ERR_INVALID_ARGUMENT, {"consumer name"}));
}

}  // namespace
}  // namespace dmxp_test
