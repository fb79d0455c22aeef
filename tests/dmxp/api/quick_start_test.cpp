// The quick-start order of dmxp.h and dmxp.hpp: a producer sends before any consumer exists,
// a consumer attached afterwards (START_OLDEST, the default) still receives it.
#include <unistd.h>

#include <cstring>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

using QuickStart = DomainTest;

TEST_F(QuickStart, SendThenOpenConsumerDeliversOnNumericId100) {
  channel("100");
  dmxp_channel_options o = options();
  dmxp_producer* raw_p = nullptr;
  ASSERT_DMXP_OK(dmxp_producer_open_id(100, &o, &raw_p));
  ProducerHandle p(raw_p);
  EXPECT_TRUE(shm_exists(segment("100"))) << "a numeric id N is the channel name \"N\"";

  uint64_t key = 0;
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "hello", 5, 0, &key));
  EXPECT_NE(key, 0u);

  dmxp_consumer* raw_c = nullptr;
  ASSERT_DMXP_OK(dmxp_consumer_open_id(100, &o, nullptr, &raw_c));
  ConsumerHandle c(raw_c);
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
  EXPECT_EQ(as_string(m), "hello");
  EXPECT_EQ(m.key, key);
  EXPECT_EQ(m.producer_pid, getpid());
  EXPECT_EQ(m.batch_index, 0u);
  EXPECT_EQ(m.batch_count, 1u);
  EXPECT_GT(m.timestamp_ns, 0u);
  EXPECT_TRUE(IsStatus(dmxp_consumer_try_receive(c.get(), &m), DMXP_ERR_WOULD_BLOCK))
      << "exactly one message was sent";
}

TEST_F(QuickStart, CppWrappersFollowTheHeaderExample) {
  channel("100");
  dmxp::Producer prod = dmxp::Producer::open_id(100, cpp_options()).value();
  ASSERT_TRUE(prod.send("hello", 5).ok());
  dmxp::Consumer cons = dmxp::Consumer::open_id(100, cpp_options()).value();
  dmxp::Result<dmxp::Message> msg = cons.receive(kReceiveTimeoutNs);
  ASSERT_TRUE(msg.ok()) << msg.error().what();
  EXPECT_EQ(std::string(static_cast<const char*>(msg.value().data()), msg.value().size()), "hello");

  // Errors carry the code and the detailed message; value() on an error throws it.
  dmxp::Result<dmxp::Message> none = cons.try_receive();
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status(), DMXP_ERR_WOULD_BLOCK);
  EXPECT_THROW(none.value(), dmxp::Error);
}

TEST_F(QuickStart, ChannelNameFromId) {
  char buf[8];
  ASSERT_DMXP_OK(dmxp_channel_name_from_id(100, buf, sizeof buf));
  EXPECT_STREQ(buf, "100");
  EXPECT_EQ(dmxp_channel_name_from_id(12345678, buf, sizeof buf), DMXP_ERR_INVALID_ARGUMENT)
      << "8 digits and the terminator do not fit in 8 bytes";
  EXPECT_EQ(dmxp_channel_name_from_id(1, nullptr, 4), DMXP_ERR_INVALID_ARGUMENT);
}

TEST_F(QuickStart, StatusNamesAndVersion) {
  EXPECT_EQ(dmxp_abi_version(), DMXP_ABI_VERSION);
  EXPECT_STREQ(dmxp_strerror(DMXP_OK), "ok");
  for (int s = DMXP_ERR_UNSUPPORTED; s <= DMXP_ERR_INVALID_ARGUMENT; ++s)
    EXPECT_STRNE(dmxp_strerror(s), "unknown status") << s;
  EXPECT_STREQ(dmxp_strerror(-1000), "unknown status");
}

}  // namespace
}  // namespace dmxp_test
