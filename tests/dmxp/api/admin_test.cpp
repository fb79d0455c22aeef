// Channel administration in one process: info, list (including corrupt segments), remove,
// and gc of channels nobody uses. (gc against dead processes: robustness/gc_test.cpp.)
#include <fcntl.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <string>

#include "segment_image.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

using Admin = DomainTest;

// Creates an empty /dev/shm object where a channel segment would be (a creator that died
// between shm_open and ftruncate).
void create_empty_segment(const std::string& segment) {
  int fd = shm_open(("/" + segment).c_str(), O_RDWR | O_CREAT | O_EXCL, 0600);
  ASSERT_GE(fd, 0) << segment;
  close(fd);
}

struct Listed {
  int status;
  dmxp_channel_info info;
};

int collect(const dmxp_channel_info* info, int status, void* user) {
  (*static_cast<std::map<std::string, Listed>*>(user))[info->name] = Listed{status, *info};
  return 0;
}

TEST_F(Admin, InfoDescribesTheChannel) {
  dmxp_channel_options o = options();
  o.capacity = 16;
  o.slot_size = 100;
  o.type_fingerprint = 0xFEED;
  o.type_name = "pkg/Info";
  ProducerHandle p = open_producer(channel("described"), o);
  ConsumerHandle c = open_consumer(channel("described"), o);
  ASSERT_TRUE(p && c);
  uint64_t key = 0;
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "x", 1, 0, &key));
  dmxp_channel_info i = info("described");
  EXPECT_STREQ(i.name, "described");
  EXPECT_STREQ(i.domain, domain());
  EXPECT_STREQ(i.type_name, "pkg/Info");
  EXPECT_EQ(i.type_fingerprint, 0xFEEDu);
  EXPECT_EQ(i.capacity, 16u);
  EXPECT_EQ(i.slot_size, 100u);
  struct stat st{};
  ASSERT_EQ(stat(segment_path("described").c_str(), &st), 0);
  EXPECT_EQ(i.file_size, uint64_t(st.st_size));
  EXPECT_EQ(i.published, 1u);
  EXPECT_EQ(i.last_key, key);
  EXPECT_EQ(i.producers, 1u);
  EXPECT_EQ(i.consumers, 1u);
  EXPECT_EQ(i.parked_cursors, 0u);
  EXPECT_EQ(i.creator_pid, getpid());
  EXPECT_GT(i.created_ns, 0u);
  EXPECT_EQ(i.repaired_slots, 0u);
  EXPECT_EQ(i.reclaimed, 0u);
  EXPECT_EQ(i.mode_bits, 0600u);
  EXPECT_TRUE(FailsWith(dmxp_channel_info_get(domain(), "described", nullptr),
                        DMXP_ERR_INVALID_ARGUMENT));
}

TEST_F(Admin, ListShowsChannelsAndReportsCorruptOnes) {
  dmxp_channel_options o = options();
  ProducerHandle a = open_producer(channel("alpha"), o);
  ProducerHandle b = open_producer(channel("beta"), o);
  ASSERT_TRUE(a && b);
  channel("broken");
  create_empty_segment(segment("broken"));

  std::map<std::string, Listed> seen;
  ASSERT_DMXP_OK(dmxp_channel_list(domain(), collect, &seen));
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen["alpha"].status, DMXP_OK);
  EXPECT_EQ(seen["alpha"].info.producers, 1u);
  EXPECT_EQ(seen["beta"].status, DMXP_OK);
  EXPECT_EQ(seen["broken"].status, DMXP_ERR_CORRUPT);
  EXPECT_STREQ(seen["broken"].info.domain, domain());

  int visits = 0;
  auto stop_at_first = [](const dmxp_channel_info*, int, void* user) {
    ++*static_cast<int*>(user);
    return 1;
  };
  ASSERT_DMXP_OK(dmxp_channel_list(domain(), stop_at_first, &visits));
  EXPECT_EQ(visits, 1) << "a non-zero return stops the listing";
  EXPECT_TRUE(FailsWith(dmxp_channel_list(domain(), nullptr, nullptr), DMXP_ERR_INVALID_ARGUMENT));
}

TEST_F(Admin, RemoveUnlinksButAttachedHandlesKeepWorking) {
  dmxp_channel_options o = options();
  ProducerHandle p = open_producer(channel("gone"), o);
  ConsumerHandle c = open_consumer(channel("gone"), o);
  ASSERT_TRUE(p && c);
  ASSERT_DMXP_OK(dmxp_channel_remove(domain(), "gone"));
  EXPECT_FALSE(shm_exists(segment("gone")));
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "still", 5, 0, nullptr));
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
  EXPECT_EQ(as_string(m), "still");
  EXPECT_TRUE(FailsWith(dmxp_channel_remove(domain(), "gone"), DMXP_ERR_NOT_FOUND,
                        {"gone", domain()}));
  EXPECT_TRUE(FailsWith(dmxp_channel_remove(domain(), nullptr), DMXP_ERR_INVALID_ARGUMENT));
}

TEST_F(Admin, GcRemovesOnlyUnusedChannels) {
  dmxp_channel_options o = options();
  ProducerHandle busy = open_producer(channel("busy"), o);
  ASSERT_TRUE(busy);
  ConsumerHandle reader = open_consumer(channel("read"), o);
  ASSERT_TRUE(reader);
  open_producer(channel("idle"), o);  // opened and closed at once
  {
    dmxp_consumer_options named = consumer_options("keeper");
    ConsumerHandle parked = open_consumer(channel("parked"), o, &named);
    ASSERT_TRUE(parked);
  }
  channel("broken");
  create_empty_segment(segment("broken"));
  // Abandoned long ago: a fresh empty file may be a channel its creator is still sizing.
  ASSERT_EQ(age_segment(segment("broken"), 60), "");
  EXPECT_EQ(info("parked").parked_cursors, 1u);

  uint32_t removed = 0;
  ASSERT_DMXP_OK(dmxp_channel_gc(domain(), 0, &removed));
  EXPECT_EQ(removed, 2u) << "idle and broken";
  EXPECT_TRUE(shm_exists(segment("busy")));
  EXPECT_TRUE(shm_exists(segment("read")));
  EXPECT_TRUE(shm_exists(segment("parked"))) << "a parked named cursor keeps its channel";
  EXPECT_FALSE(shm_exists(segment("idle")));
  EXPECT_FALSE(shm_exists(segment("broken")));

  ASSERT_DMXP_OK(dmxp_channel_gc(domain(), 1, &removed));
  EXPECT_EQ(removed, 1u);
  EXPECT_FALSE(shm_exists(segment("parked")));
  EXPECT_TRUE(shm_exists(segment("busy")));
  ASSERT_DMXP_OK(dmxp_channel_gc(domain(), 1, nullptr));
}

// The process identity the runtime and tools share with the transport: a live process
// matches its own start time, a reaped or zombie child does not, nor does a wrong start time.
TEST(ProcessIdentity, AliveMeansSamePidAndStartTime) {
  const int32_t self = int32_t(getpid());
  const uint64_t start = dmxp_process_start_time(self);
  ASSERT_NE(start, 0u);
  EXPECT_EQ(dmxp_process_alive(self, start), 1);
  EXPECT_EQ(dmxp_process_alive(self, 0), 1);
  EXPECT_EQ(dmxp_process_alive(self, start + 1), 0);
  EXPECT_EQ(dmxp_process_alive(0, 0), 0);

  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(0);
  // Wait until it is a zombie (exited, not reaped): already dead to DMXP.
  siginfo_t info{};
  ASSERT_EQ(waitid(P_PID, child, &info, WEXITED | WNOWAIT), 0);
  EXPECT_EQ(dmxp_process_alive(int32_t(child), 0), 0);
  ASSERT_EQ(waitpid(child, nullptr, 0), child);
  EXPECT_EQ(dmxp_process_start_time(int32_t(child)), 0u);
}

}  // namespace
}  // namespace dmxp_test
