// Type layout descriptors: stored in the channel by its creator, read back by tools with
// dmxp_channel_descriptor_get (sized with a NULL buffer); limits are checked at creation.
#include <string>
#include <vector>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

using Descriptor = DomainTest;

TEST_F(Descriptor, CreatorsDescriptorIsReadBackWhole) {
  const std::string bytes = "struct Pose { float64 x; float64 y; float64 theta; }";
  dmxp_channel_options o = options();
  o.type_fingerprint = 0x5150;
  o.type_name = "geo/Pose";
  o.type_descriptor = bytes.data();
  o.type_descriptor_size = bytes.size();
  const char* ch = channel("pose");
  ProducerHandle p = open_producer(ch, o);
  ASSERT_TRUE(p);

  size_t size = 0;
  ASSERT_DMXP_OK(dmxp_channel_descriptor_get(domain(), ch, nullptr, 0, &size));
  EXPECT_EQ(size, bytes.size());
  std::vector<char> buf(size);
  ASSERT_DMXP_OK(dmxp_channel_descriptor_get(domain(), ch, buf.data(), buf.size(), &size));
  EXPECT_EQ(std::string(buf.data(), size), bytes);
  char small[6] = {};
  ASSERT_DMXP_OK(dmxp_channel_descriptor_get(domain(), ch, small, sizeof small, &size));
  EXPECT_EQ(size, bytes.size()) << "the full size, even when the buffer is smaller";
  EXPECT_EQ(std::string(small, sizeof small), bytes.substr(0, sizeof small));

  // Attaching with another (or no) descriptor does not change the stored one.
  const std::string other = "something else";
  o.type_descriptor = other.data();
  o.type_descriptor_size = other.size();
  ConsumerHandle c = open_consumer(ch, o);
  ASSERT_TRUE(c);
  ASSERT_DMXP_OK(dmxp_channel_descriptor_get(domain(), ch, buf.data(), buf.size(), &size));
  EXPECT_EQ(std::string(buf.data(), size), bytes);
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "pose", 4, 0, nullptr));
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
  EXPECT_EQ(as_string(m), "pose") << "the descriptor region does not overlap the slots";
}

TEST_F(Descriptor, UntypedChannelHasNone) {
  const char* ch = channel("untyped");
  ProducerHandle p = open_producer(ch, options());
  ASSERT_TRUE(p);
  size_t size = 99;
  ASSERT_DMXP_OK(dmxp_channel_descriptor_get(domain(), ch, nullptr, 0, &size));
  EXPECT_EQ(size, 0u);
  EXPECT_TRUE(FailsWith(dmxp_channel_descriptor_get(domain(), ch, nullptr, 0, nullptr),
                        DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_TRUE(FailsWith(dmxp_channel_descriptor_get(domain(), "absent", nullptr, 0, &size),
                        DMXP_ERR_NOT_FOUND, {"absent"}));
}

TEST_F(Descriptor, LimitsAreCheckedAtCreation) {
  dmxp_channel_options o = options();
  const char* ch = channel("limits");
  std::vector<char> huge((1u << 20) + 1, 'd');
  o.type_descriptor = huge.data();
  o.type_descriptor_size = huge.size();
  dmxp_producer* p = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_producer_open(ch, &o, &p), DMXP_ERR_INVALID_ARGUMENT,
                        {"limits", "descriptor"}));
  o.type_descriptor = nullptr;
  o.type_descriptor_size = 10;
  EXPECT_TRUE(FailsWith(dmxp_producer_open(ch, &o, &p), DMXP_ERR_INVALID_ARGUMENT,
                        {"descriptor"}));
  o.type_descriptor = huge.data();
  o.type_descriptor_size = 1u << 20;  // exactly the limit
  ProducerHandle ok = open_producer(ch, o);
  EXPECT_TRUE(ok);
}

}  // namespace
}  // namespace dmxp_test
