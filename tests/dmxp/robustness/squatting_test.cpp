// Squatting: another local user creates a channel's segment (or the domain's key segment)
// first, typically with mode 0666, and waits for a victim to attach to it. Attaching and tool
// inspection only use segments that are regular files owned by the caller's effective uid
// (or by a uid/gid the channel options trust) and, unless asked for, not writable by every
// user; anything else is DMXP_ERR_PERMISSION with a message naming the path, the owner and the
// mode, and saying what to do. The tests run as root and plant segments from a forked child
// that switched to nobody (65534).
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <map>

#include "segment_image.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

namespace layout = dmxp::layout;

constexpr uid_t kNobody = 65534;
constexpr gid_t kNogroup = 65534;
constexpr int kCannotSwitchUser = 77;

std::string expected_owner_refusal(const std::string& path, const char* mode) {
  return "segment " + path + " is owned by uid 65534 (nobody), mode " + mode +
         ", not by this process's uid 0 (root): another local user may have created it first "
         "to read or forge its messages; remove it if you do not trust that user, or trust "
         "its owner with the channel options trusted_uid or trusted_gid";
}

std::string expected_world_write_refusal(const std::string& path) {
  return "segment " + path + " (owner uid 0 (root), mode 0666) is writable by every user, "
         "who could corrupt it or truncate it under its readers; recreate it without "
         "world-write permission (e.g. 0660), or accept it with the channel option "
         "allow_world_writable or permissions that include world-write";
}

std::vector<uint8_t> domain_image() {
  std::vector<uint8_t> bytes(sizeof(layout::DomainHeader), 0);
  auto* h = reinterpret_cast<layout::DomainHeader*>(bytes.data());
  h->magic = layout::kDomainMagic;
  h->abi_version = layout::kAbiVersion;
  h->next_key.store(1);
  h->init_state.store(layout::kReady);
  return bytes;
}

class Squatting : public DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    if (getuid() != 0) GTEST_SKIP() << "planting another user's segment needs root";
  }

  // Creates segment as nobody:nogroup with exactly mode, holding bytes, from a forked child.
  void plant_as_nobody(const std::string& segment, const std::vector<uint8_t>& bytes,
                       mode_t mode) {
    ChildProcess child = ChildProcess::fork([&](ChildIo&) {
      if (setgroups(0, nullptr) != 0 || setresgid(kNogroup, kNogroup, kNogroup) != 0 ||
          setresuid(kNobody, kNobody, kNobody) != 0)
        return kCannotSwitchUser;
      std::string error = plant_segment(segment, bytes, off_t(bytes.size()), mode);
      if (!error.empty()) std::fprintf(stderr, "plant %s: %s\n", segment.c_str(), error.c_str());
      return error.empty() ? 0 : 1;
    });
    ExitStatus s = child.wait(kChildTimeoutMs);
    if (s.exited && s.code == kCannotSwitchUser) GTEST_SKIP() << "cannot switch to uid 65534";
    ASSERT_TRUE(s.ok()) << s.describe();
    struct stat st{};
    ASSERT_EQ(stat(("/dev/shm/" + segment).c_str(), &st), 0);
    ASSERT_EQ(st.st_uid, kNobody);
    ASSERT_EQ(st.st_mode & 07777, mode);
  }

  // Producer and consumer opens with o both fail with exactly message.
  void expect_attach_refused(const char* ch, dmxp_channel_options o, const std::string& message) {
    dmxp_producer* p = nullptr;
    EXPECT_EQ(dmxp_producer_open(ch, &o, &p), DMXP_ERR_PERMISSION);
    EXPECT_EQ(last_error(), message);
    EXPECT_EQ(p, nullptr);
    dmxp_producer_close(p);
    o.create = 0;
    dmxp_consumer* c = nullptr;
    EXPECT_EQ(dmxp_consumer_open(ch, &o, nullptr, &c), DMXP_ERR_PERMISSION);
    EXPECT_EQ(last_error(), message);
    EXPECT_EQ(c, nullptr);
    dmxp_consumer_close(c);
  }

  // A producer and a consumer attach with o and a message goes through.
  void expect_attach_works(const char* ch, const dmxp_channel_options& o) {
    ProducerHandle p = open_producer(ch, o);
    ConsumerHandle c = open_consumer(ch, o);
    ASSERT_TRUE(p && c);
    ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "hi", 2, 0, nullptr));
    dmxp_message m;
    ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
    EXPECT_EQ(as_string(m), "hi");
  }
};

TEST_F(Squatting, AnotherUsersChannelIsRefused) {
  const char* ch = channel("squat");
  plant_as_nobody(segment(ch), valid_image(), 0666);
  expect_attach_refused(ch, options(), expected_owner_refusal(segment_path(ch), "0666"));
  // Not world-writable makes no difference: the owner is still not trusted.
  const char* ch2 = channel("squat-ro");
  plant_as_nobody(segment(ch2), valid_image(), 0644);
  expect_attach_refused(ch2, options(), expected_owner_refusal(segment_path(ch2), "0644"));
}

TEST_F(Squatting, AnotherUsersKeySegmentIsRefused) {
  plant_as_nobody(keys_segment(), domain_image(), 0666);
  const char* ch = channel("victim");
  expect_attach_refused(ch, options(),
                        expected_owner_refusal("/dev/shm/" + keys_segment(), "0666"));
  EXPECT_FALSE(shm_exists(segment(ch))) << "refused before the channel was created";
}

TEST_F(Squatting, WorldWritableSegmentOfOurOwnIsRefusedUnlessAsked) {
  const char* ch = channel("open");
  ASSERT_TRUE(open_producer(ch, options()));  // creates keys (0600) and channel; closes
  ASSERT_EQ(chmod(segment_path(ch).c_str(), 0666), 0);
  expect_attach_refused(ch, options(), expected_world_write_refusal(segment_path(ch)));

  dmxp_channel_options o = options();
  o.permissions = 0666;  // the caller itself asks for a world-writable channel
  expect_attach_works(ch, o);
  o = options();
  o.allow_world_writable = 1;
  expect_attach_works(ch, o);
  auto p = dmxp::Producer::open(ch, cpp_options().allow_world_writable(true));
  EXPECT_TRUE(p.ok()) << p.error().what();
}

TEST_F(Squatting, TrustingTheOwnerExplicitlyAttaches) {
  const char* ch = channel("shared");
  plant_as_nobody(segment(ch), valid_image(), 0644);
  dmxp_channel_options o = options();
  o.trusted_uid = kNobody;
  expect_attach_works(ch, o);
  o = options();
  o.trusted_gid = kNogroup;
  expect_attach_works(ch, o);
  o.trusted_gid = kNogroup + 1;  // another group: refused again
  expect_attach_refused(ch, o, expected_owner_refusal(segment_path(ch), "0644"));
  auto p = dmxp::Producer::open(ch, cpp_options().trusted_uid(kNobody));
  EXPECT_TRUE(p.ok()) << p.error().what();
  auto c = dmxp::Consumer::open(ch, cpp_options().trusted_gid(kNogroup));
  EXPECT_TRUE(c.ok()) << c.error().what();

  // Trusting the owner does not accept its world-writable segment as well.
  const char* ch2 = channel("shared-rw");
  plant_as_nobody(segment(ch2), valid_image(), 0666);
  o = options();
  o.trusted_uid = kNobody;
  dmxp_producer* raw = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_producer_open(ch2, &o, &raw), DMXP_ERR_PERMISSION,
                        {segment_path(ch2), "(owner uid 65534 (nobody), mode 0666) is writable "
                         "by every user"}));
  dmxp_producer_close(raw);
  o.allow_world_writable = 1;
  expect_attach_works(ch2, o);
}

TEST_F(Squatting, CachedKeySegmentIsCheckedAgainForEachOpen) {
  plant_as_nobody(keys_segment(), domain_image(), 0644);
  dmxp_channel_options trusting = options();
  trusting.trusted_uid = kNobody;
  ProducerHandle p = open_producer(channel("trusting"), trusting);
  ASSERT_TRUE(p);
  // The domain's mapping is now cached in this process; an open that does not trust its
  // owner is refused all the same.
  expect_attach_refused(channel("wary"), options(),
                        expected_owner_refusal("/dev/shm/" + keys_segment(), "0644"));
  EXPECT_FALSE(shm_exists(segment("wary")));
}

TEST_F(Squatting, SomethingOtherThanAFileIsRefusedWithoutBlocking) {
  const char* ch = channel("fifo");
  ASSERT_EQ(mkfifo(segment_path(ch).c_str(), 0600), 0);  // opening it to read would block
  expect_attach_refused(ch, options(),
                        "segment " + segment_path(ch) + " (owner uid 0 (root), mode 0600) is "
                        "not a regular file; remove it");
  dmxp_channel_info i;
  EXPECT_EQ(dmxp_channel_info_get(domain(), ch, &i), DMXP_ERR_PERMISSION);
  uint32_t removed = 99;
  ASSERT_DMXP_OK(dmxp_channel_gc(domain(), 1, &removed));
  EXPECT_EQ(removed, 0u);
  EXPECT_TRUE(shm_exists(segment(ch)));
}

int collect(const dmxp_channel_info* info, int status, void* user) {
  auto& seen = *static_cast<std::map<std::string, std::pair<int, dmxp_channel_info>>*>(user);
  seen[info->name] = {status, *info};
  return 0;
}

TEST_F(Squatting, ToolsReportAnotherUsersChannelWithoutReadingIt) {
  const char* ch = channel("squat");
  std::vector<uint8_t> image = valid_image();
  plant_as_nobody(segment(ch), image, 0666);
  const char* mine = channel("mine-rw");
  dmxp_channel_options o = options();
  o.permissions = 0666;
  ProducerHandle p = open_producer(mine, o);
  ASSERT_TRUE(p);

  const std::string refusal =
      "segment " + segment_path(ch) + " is owned by uid 65534 (nobody), mode 0666, not by "
      "this process's uid 0 (root): tools only read segments of their own uid; run the tool "
      "as uid 65534, or remove the segment if you do not trust that user";
  dmxp_channel_info i;
  EXPECT_EQ(dmxp_channel_info_get(domain(), ch, &i), DMXP_ERR_PERMISSION);
  EXPECT_EQ(last_error(), refusal);
  size_t size = 0;
  EXPECT_EQ(dmxp_channel_descriptor_get(domain(), ch, nullptr, 0, &size), DMXP_ERR_PERMISSION);
  EXPECT_EQ(last_error(), refusal);
  EXPECT_EQ(dmxp_channel_consumers(domain(), ch, [](const dmxp_consumer_record_info*, void*) {
              return 0;
            }, nullptr), DMXP_ERR_PERMISSION);
  EXPECT_EQ(last_error(), refusal);

  std::map<std::string, std::pair<int, dmxp_channel_info>> seen;
  ASSERT_DMXP_OK(dmxp_channel_list(domain(), collect, &seen));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen["squat"].first, DMXP_ERR_PERMISSION);
  EXPECT_EQ(seen["squat"].second.owner_uid, kNobody);
  EXPECT_EQ(seen["squat"].second.mode_bits, 0666u);
  EXPECT_EQ(seen["squat"].second.file_size, image.size());
  EXPECT_EQ(seen["squat"].second.capacity, 0u) << "nothing is read from an untrusted segment";
  // A world-writable channel of our own is listed (flagged by its mode), not refused.
  EXPECT_EQ(seen["mine-rw"].first, DMXP_OK);
  EXPECT_EQ(seen["mine-rw"].second.mode_bits, 0666u);
  EXPECT_EQ(seen["mine-rw"].second.owner_uid, 0u);
  EXPECT_EQ(seen["mine-rw"].second.producers, 1u);

  uint32_t removed = 99;
  p.reset();
  ASSERT_DMXP_OK(dmxp_channel_gc(domain(), 1, &removed));
  EXPECT_EQ(removed, 1u) << "our idle channel";
  EXPECT_TRUE(shm_exists(segment(ch))) << "gc leaves other users' segments alone";
}

}  // namespace
}  // namespace dmxp_test
