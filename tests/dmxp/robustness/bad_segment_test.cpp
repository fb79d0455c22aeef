// Bad channel segments are refused, never trusted and never crash the process: opening one
// (as producer, consumer, or for info) returns DMXP_ERR_CORRUPT (DMXP_ERR_INCOMPATIBLE for
// another ABI version) with a message naming the segment. The segments are written here by
// hand from layout.hpp: a valid image first (which must open), then one defect at a time.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "segments/layout.hpp"
#include "payload.hpp"
#include "segment_image.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

namespace layout = dmxp::layout;

using namespace handmade;

// Writes bytes as /dev/shm/<segment> with shm_open and write, then sizes it to file_size
// (which may differ from bytes.size(): truncated or grown files).
void write_segment(const std::string& segment, const std::vector<uint8_t>& bytes,
                   off_t file_size) {
  std::string error = plant_segment(segment, bytes, file_size);
  ASSERT_EQ(error, "");
}

pid_t a_dead_pid() {
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  int status = 0;
  waitpid(pid, &status, 0);
  return pid;
}

void fill_with_garbage(std::vector<uint8_t>& img, uint64_t seed) {
  for (size_t i = 0; i + 8 <= img.size(); i += 8) {
    seed = splitmix64(seed);
    std::memcpy(&img[i], &seed, 8);
  }
}

struct Defect {
  std::string name;
  int status;
  std::string mention;
  std::function<void(std::vector<uint8_t>&, off_t&)> apply;
};

std::vector<Defect> defects() {
  auto set = [](auto field_setter) {
    return [field_setter](std::vector<uint8_t>& img, off_t&) { field_setter(header_of(img)); };
  };
  std::vector<Defect> d;
  d.push_back({"truncated_below_header", DMXP_ERR_CORRUPT, "truncated",
               [](std::vector<uint8_t>&, off_t& size) { size = 1000; }});
  d.push_back({"truncated_slots", DMXP_ERR_CORRUPT, "truncated or resized",
               [](std::vector<uint8_t>&, off_t& size) { size -= 4096; }});
  d.push_back({"grown", DMXP_ERR_CORRUPT, "truncated or resized",
               [](std::vector<uint8_t>&, off_t& size) { size += 4096; }});
  d.push_back({"bad_magic", DMXP_ERR_CORRUPT, "bad magic",
               set([](layout::ChannelHeader& h) { h.magic = 0x0123456789ABCDEFull; })});
  d.push_back({"capacity_not_power_of_two", DMXP_ERR_CORRUPT, "power of two",
               set([](layout::ChannelHeader& h) { h.capacity = 1000; })});
  d.push_back({"capacity_too_large", DMXP_ERR_CORRUPT, "power of two",
               set([](layout::ChannelHeader& h) { h.capacity = 1u << 31; })});
  d.push_back({"wrong_abi_version", DMXP_ERR_INCOMPATIBLE, "ABI version 99",
               set([](layout::ChannelHeader& h) { h.abi_version = 99; })});
  d.push_back({"header_size", DMXP_ERR_CORRUPT, "header size",
               set([](layout::ChannelHeader& h) { h.header_size = 2048; })});
  d.push_back({"unknown_mode", DMXP_ERR_CORRUPT, "delivery mode",
               set([](layout::ChannelHeader& h) { h.mode = 7; })});
  d.push_back({"unknown_backpressure", DMXP_ERR_CORRUPT, "backpressure",
               set([](layout::ChannelHeader& h) { h.backpressure = 9; })});
  d.push_back({"slot_size_zero", DMXP_ERR_CORRUPT, "slot size",
               set([](layout::ChannelHeader& h) { h.slot_size = 0; })});
  d.push_back({"slot_size_huge", DMXP_ERR_CORRUPT, "slot size",
               set([](layout::ChannelHeader& h) { h.slot_size = 1ull << 40; })});
  d.push_back({"no_consumer_records", DMXP_ERR_CORRUPT, "record tables",
               set([](layout::ChannelHeader& h) { h.max_consumers = 0; })});
  d.push_back({"offsets_disagree", DMXP_ERR_CORRUPT, "offsets",
               set([](layout::ChannelHeader& h) { h.slots_offset += 4096; })});
  d.push_back({"descriptor_offset_disagrees", DMXP_ERR_CORRUPT, "offsets",
               set([](layout::ChannelHeader& h) { h.descriptor_offset += 8; })});
  d.push_back({"descriptor_size_disagrees", DMXP_ERR_CORRUPT, "offsets",
               set([](layout::ChannelHeader& h) { h.descriptor_size = 8000; })});
  d.push_back({"descriptor_too_large", DMXP_ERR_CORRUPT, "type descriptor",
               set([](layout::ChannelHeader& h) { h.descriptor_size = 1ull << 40; })});
  d.push_back({"stride_disagrees", DMXP_ERR_CORRUPT, "offsets",
               set([](layout::ChannelHeader& h) { h.slot_stride = 64; })});
  d.push_back({"type_name_unterminated", DMXP_ERR_CORRUPT, "type name",
               set([](layout::ChannelHeader& h) { std::memset(h.type_name, 'x', 64); })});
  d.push_back({"never_initialised_creator_dead", DMXP_ERR_CORRUPT, "never finished",
               set([](layout::ChannelHeader& h) {
                 h.init_state.store(layout::kInitializing);
                 h.creator_pid = a_dead_pid();
               })});
  d.push_back({"garbage", DMXP_ERR_CORRUPT, "",
               [](std::vector<uint8_t>& img, off_t&) {
                 fill_with_garbage(img, 42);
                 // A creator pid no process can have: the reader concludes at once that the
                 // creator is gone (GarbageWithANegativeCreatorPid covers the slow path).
                 header_of(img).creator_pid = INT32_MAX;
               }});
  return d;
}

using BadSegment = DomainTest;

TEST_F(BadSegment, HandmadeValidSegmentOpensAndWorks) {
  const char* ch = channel("handmade");
  std::vector<uint8_t> img = valid_image();
  write_segment(segment(ch), img, off_t(img.size()));
  dmxp_channel_options o = options();
  o.create = 0;
  ProducerHandle p = open_producer(ch, o);
  ConsumerHandle c = open_consumer(ch, o);
  ASSERT_TRUE(p && c) << "the reference image must be valid, or the defect tests prove nothing";
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "ok", 2, 0, nullptr));
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
  EXPECT_EQ(as_string(m), "ok");
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(i.capacity, kCapacity);
  EXPECT_STREQ(i.type_name, "test/Handmade");
  char descriptor[64] = {};
  size_t size = 0;
  ASSERT_DMXP_OK(dmxp_channel_descriptor_get(domain(), ch, descriptor, sizeof descriptor, &size));
  EXPECT_EQ(size, sizeof kDescriptor);
  EXPECT_STREQ(descriptor, kDescriptor);
}

TEST_F(BadSegment, EachDefectIsRefusedWithAMessageNamingTheSegment) {
  for (const Defect& d : defects()) {
    SCOPED_TRACE(d.name);
    const char* ch = channel(d.name);
    std::vector<uint8_t> img = valid_image();
    off_t size = off_t(img.size());
    d.apply(img, size);
    write_segment(segment(ch), img, size);
    const std::string path = segment_path(ch);

    dmxp_channel_options o = options();  // create=1: finds it exists, then opens it
    dmxp_producer* p = nullptr;
    EXPECT_TRUE(FailsWith(dmxp_producer_open(ch, &o, &p), d.status, {path, d.mention}));
    EXPECT_EQ(p, nullptr);
    o.create = 0;
    dmxp_consumer* c = nullptr;
    EXPECT_TRUE(FailsWith(dmxp_consumer_open(ch, &o, nullptr, &c), d.status, {path, d.mention}));
    EXPECT_EQ(c, nullptr);
    dmxp_channel_info i;
    EXPECT_TRUE(FailsWith(dmxp_channel_info_get(domain(), ch, &i), d.status, {path}));
    EXPECT_TRUE(shm_exists(segment(ch))) << "a refused segment is left for an admin to inspect";
  }
}

TEST_F(BadSegment, GarbageWithANegativeCreatorPidIsCorruptAfterTheGracePeriod) {
  const char* ch = channel("noise");
  std::vector<uint8_t> img = valid_image();
  fill_with_garbage(img, 42);
  header_of(img).init_state.store(0xDEADBEEF);
  header_of(img).creator_pid = -12345;  // liveness unknown: wait for initialisation, give up
  write_segment(segment(ch), img, off_t(img.size()));
  dmxp_channel_options o = options();
  dmxp_producer* p = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_producer_open(ch, &o, &p), DMXP_ERR_CORRUPT,
                        {segment_path(ch), "never finished"}));
  EXPECT_EQ(p, nullptr);
}

TEST_F(BadSegment, EmptyFileIsCorrupt) {
  const char* ch = channel("x");
  write_segment(segment(ch), {}, 0);
  dmxp_channel_info i;
  EXPECT_TRUE(FailsWith(dmxp_channel_info_get(domain(), ch, &i), DMXP_ERR_CORRUPT,
                        {segment_path(ch), "empty"}));
  // Opening waits a moment for a creator that has not sized the file yet, then gives up.
  dmxp_channel_options o = options();
  dmxp_producer* p = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_producer_open(ch, &o, &p), DMXP_ERR_CORRUPT,
                        {segment_path(ch), "empty"}));
  EXPECT_EQ(p, nullptr);
}

int collect(const dmxp_channel_info* info, int status, void* user) {
  (*static_cast<std::map<std::string, int>*>(user))[info->name] = status;
  return 0;
}

TEST_F(BadSegment, ListReportsBadSegmentsAndGcRemovesTheCorruptOnes) {
  std::vector<uint8_t> good = valid_image();
  write_segment(segment(channel("good")), good, off_t(good.size()));
  write_segment(segment(channel("empty")), {}, 0);
  ASSERT_EQ(age_segment(segment("empty"), 60), "") << "else it may be a channel being created";
  std::vector<uint8_t> magic = valid_image();
  header_of(magic).magic = 1;
  write_segment(segment(channel("magic")), magic, off_t(magic.size()));
  std::vector<uint8_t> abi = valid_image();
  header_of(abi).abi_version = 99;
  write_segment(segment(channel("future")), abi, off_t(abi.size()));

  std::map<std::string, int> listed;
  ASSERT_DMXP_OK(dmxp_channel_list(domain(), collect, &listed));
  EXPECT_EQ(listed.size(), 4u);
  EXPECT_EQ(listed["good"], DMXP_OK);
  EXPECT_EQ(listed["empty"], DMXP_ERR_CORRUPT);
  EXPECT_EQ(listed["magic"], DMXP_ERR_CORRUPT);
  EXPECT_EQ(listed["future"], DMXP_ERR_INCOMPATIBLE);

  uint32_t removed = 0;
  ASSERT_DMXP_OK(dmxp_channel_gc(domain(), 0, &removed));
  EXPECT_FALSE(shm_exists(segment("empty")));
  EXPECT_FALSE(shm_exists(segment("magic")));
  EXPECT_TRUE(shm_exists(segment("future"))) << "another ABI version's channel is not garbage";
  EXPECT_FALSE(shm_exists(segment("good"))) << "valid, and nobody attached";
  EXPECT_EQ(removed, 3u);
}

}  // namespace
}  // namespace dmxp_test
