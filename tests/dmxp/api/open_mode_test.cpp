// dmxp_channel_options.open_mode: open-or-create (the default), open an existing channel,
// create a new one exclusively, or open-or-create taking an existing channel's ring QoS; and
// dmxp_channel_create, which makes a channel without keeping an endpoint.
#include <string>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

using OpenMode = DomainTest;

dmxp_channel_options with_mode(dmxp_channel_options o, dmxp_open_mode mode) {
  o.open_mode = mode;
  return o;
}

TEST_F(OpenMode, OpenOrCreateIsTheDefault) {
  dmxp_channel_options o = options();
  EXPECT_EQ(o.open_mode, DMXP_OPEN_DEFAULT);
  EXPECT_EQ(o.create, 1);
  ASSERT_TRUE(open_producer(channel("fresh"), o));
  ASSERT_TRUE(open_producer(channel("fresh"), with_mode(options(), DMXP_OPEN_OR_CREATE)));
  EXPECT_EQ(info("fresh").capacity, 1024u);
}

TEST_F(OpenMode, OpenExistingOfAMissingChannelIsNotFound) {
  dmxp_channel_options o = with_mode(options(), DMXP_OPEN_EXISTING);
  dmxp_producer* p = nullptr;
  int rc = dmxp_producer_open("absent", &o, &p);
  ASSERT_TRUE(FailsWith(rc, DMXP_ERR_NOT_FOUND));
  EXPECT_EQ(last_error(), "channel 'absent' does not exist in domain '" + std::string(domain()) +
                              "' (/dev/shm/" + segment("absent") +
                              "); create it, or open with DMXP_OPEN_OR_CREATE");
  EXPECT_EQ(p, nullptr);
  EXPECT_FALSE(shm_exists(segment("absent")));
}

TEST_F(OpenMode, OpenExistingAttachesToWhatExists) {
  dmxp_channel_options creator = options();
  creator.capacity = 8;
  ProducerHandle first = open_producer(channel("there"), creator);
  ASSERT_TRUE(first);
  ConsumerHandle c = open_consumer(channel("there"), with_mode(options(), DMXP_OPEN_EXISTING));
  ASSERT_TRUE(c);
  EXPECT_EQ(info("there").consumers, 1u);
}

TEST_F(OpenMode, OpenModeWinsOverTheOldCreateField) {
  dmxp_channel_options o = with_mode(options(), DMXP_OPEN_OR_CREATE);
  o.create = 0;  // ignored: open_mode is not DEFAULT
  ASSERT_TRUE(open_producer(channel("made"), o));
  o = with_mode(options(), DMXP_OPEN_DEFAULT);
  o.create = 0;  // DEFAULT follows create: must exist
  dmxp_producer* p = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_producer_open("absent", &o, &p), DMXP_ERR_NOT_FOUND, {"absent"}));
}

TEST_F(OpenMode, CreateNewOfAnExistingChannelIsExists) {
  ProducerHandle first = open_producer(channel("taken"), options());
  ASSERT_TRUE(first);
  dmxp_channel_options o = with_mode(options(), DMXP_CREATE_NEW);
  dmxp_consumer* c = nullptr;
  int rc = dmxp_consumer_open("taken", &o, nullptr, &c);
  ASSERT_TRUE(FailsWith(rc, DMXP_ERR_EXISTS));
  EXPECT_EQ(last_error(), "channel 'taken' already exists in domain '" + std::string(domain()) +
                              "' (/dev/shm/" + segment("taken") +
                              "); open it with DMXP_OPEN_EXISTING or DMXP_OPEN_OR_CREATE");
  EXPECT_EQ(c, nullptr);
  EXPECT_EQ(info("taken").consumers, 0u);
}

TEST_F(OpenMode, CreateNewCreatesAMissingChannel) {
  dmxp_channel_options o = with_mode(options(), DMXP_CREATE_NEW);
  o.capacity = 16;
  ProducerHandle p = open_producer(channel("new"), o);
  ASSERT_TRUE(p);
  EXPECT_EQ(info("new").capacity, 16u);
}

TEST_F(OpenMode, OpenOrCreateChecksCapacityAndBackpressureOfAnExistingChannel) {
  dmxp_channel_options creator = options();
  creator.capacity = 8;
  ProducerHandle first = open_producer(channel("qos"), creator);
  ASSERT_TRUE(first);
  dmxp_channel_options o = with_mode(options(), DMXP_OPEN_OR_CREATE);
  o.capacity = 16;
  dmxp_producer* p = nullptr;
  ASSERT_TRUE(FailsWith(dmxp_producer_open("qos", &o, &p), DMXP_ERR_INCOMPATIBLE));
  EXPECT_EQ(last_error(), "channel 'qos' has capacity 8; refusing to attach with capacity 16");
}

TEST_F(OpenMode, AdaptTakesTheExistingRingQosButChecksTheRest) {
  dmxp_channel_options creator = options();
  creator.capacity = 8;
  creator.backpressure = DMXP_KEEP_LAST;
  creator.slot_size = 64;
  ProducerHandle first = open_producer(channel("ring"), creator);
  ASSERT_TRUE(first);
  dmxp_channel_options o = with_mode(options(), DMXP_OPEN_OR_CREATE_ADAPT);
  o.capacity = 16;
  o.backpressure = DMXP_RELIABLE;
  ConsumerHandle c = open_consumer(channel("ring"), o);
  ASSERT_TRUE(c) << "capacity and backpressure only apply when creating";
  EXPECT_EQ(info("ring").capacity, 8u);
  EXPECT_EQ(info("ring").backpressure, DMXP_KEEP_LAST);

  o.slot_size = 128;
  dmxp_consumer* refused = nullptr;
  ASSERT_TRUE(FailsWith(dmxp_consumer_open("ring", &o, nullptr, &refused),
                        DMXP_ERR_INCOMPATIBLE));
  EXPECT_EQ(last_error(), "channel 'ring' has slot size 64; refusing to attach with slot size 128");
}

TEST_F(OpenMode, AdaptCreatesWithItsOwnRingQos) {
  dmxp_channel_options o = with_mode(options(), DMXP_OPEN_OR_CREATE_ADAPT);
  o.capacity = 32;
  o.backpressure = DMXP_KEEP_LAST;
  ASSERT_TRUE(open_producer(channel("mine"), o));
  EXPECT_EQ(info("mine").capacity, 32u);
  EXPECT_EQ(info("mine").backpressure, DMXP_KEEP_LAST);
}

TEST_F(OpenMode, AnUnknownModeIsInvalid) {
  dmxp_channel_options o = with_mode(options(), dmxp_open_mode(9));
  dmxp_producer* p = nullptr;
  ASSERT_TRUE(FailsWith(dmxp_producer_open("odd", &o, &p), DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_EQ(last_error(), "channel 'odd': open_mode 9 is not a dmxp_open_mode");
  EXPECT_FALSE(shm_exists(segment("odd")));
}

TEST_F(OpenMode, ChannelCreateMakesAChannelWithoutAnEndpoint) {
  dmxp_channel_options o = options();
  o.capacity = 4;
  o.mode = DMXP_MODE_QUEUE;
  ASSERT_DMXP_OK(dmxp_channel_create(channel("made"), &o));
  dmxp_channel_info i = info("made");
  EXPECT_EQ(i.capacity, 4u);
  EXPECT_EQ(i.mode, DMXP_MODE_QUEUE);
  EXPECT_EQ(i.producers, 0u);
  EXPECT_EQ(i.consumers, 0u);
  EXPECT_DMXP_OK(dmxp_channel_create("made", &o)) << "open-or-create: it exists, and matches";
  EXPECT_STREQ(dmxp_last_error(), "");

  o.open_mode = DMXP_CREATE_NEW;
  ASSERT_TRUE(FailsWith(dmxp_channel_create("made", &o), DMXP_ERR_EXISTS, {"made"}));
  o.open_mode = DMXP_OPEN_OR_CREATE;
  o.capacity = 8;
  ASSERT_TRUE(FailsWith(dmxp_channel_create("made", &o), DMXP_ERR_INCOMPATIBLE));
  EXPECT_EQ(last_error(), "channel 'made' has capacity 4; refusing to attach with capacity 8");
  EXPECT_TRUE(FailsWith(dmxp_channel_create(nullptr, &o), DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_EQ(last_error(), "channel name is NULL");
}

TEST_F(OpenMode, CppWrapperCreatesAndOpens) {
  EXPECT_TRUE(dmxp::create_channel("cpp", cpp_options().capacity(8)).ok());
  channel("cpp");
  auto exclusive = dmxp::create_channel("cpp", cpp_options().open_mode(DMXP_CREATE_NEW));
  ASSERT_FALSE(exclusive.ok());
  EXPECT_EQ(exclusive.status(), DMXP_ERR_EXISTS);
  auto missing = dmxp::Consumer::open("nope", cpp_options().create(false));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status(), DMXP_ERR_NOT_FOUND);
}

}  // namespace
}  // namespace dmxp_test
