// Segment permissions: a channel's file mode is exactly the requested one (umask does not
// apply), and a process the mode does not admit gets DMXP_ERR_PERMISSION naming the segment.
// (Whose segments a process trusts at all: squatting_test.cpp.)
// As root the refused process is a forked child that switched to nobody (65534); as another
// user, a mode without owner bits refuses the owner itself.
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

constexpr uid_t kNobody = 65534;
constexpr int kCannotDropPrivileges = 77;

struct OpenOutcome {
  int32_t producer_status;
  int32_t consumer_status;
  int32_t info_status;
  char message[480];  // dmxp_last_error() of the producer open
};

// In a child: become nobody if root, then try to open channel every way. The opens trust
// the creator's uid and world-writable segments (squatting_test.cpp covers that check), so
// that only the file mode can refuse them.
int try_open_as_other(ChildIo& io, const char* domain, const char* ch) {
  uid_t creator = getuid();
  if (getuid() == 0) {
    if (setgroups(0, nullptr) != 0 || setgid(kNobody) != 0 || setuid(kNobody) != 0)
      return kCannotDropPrivileges;
  }
  dmxp_channel_options o;
  dmxp_channel_options_init(&o);
  o.domain = domain;
  o.trusted_uid = creator;
  o.allow_world_writable = 1;
  OpenOutcome out{};
  dmxp_producer* p = nullptr;
  out.producer_status = dmxp_producer_open(ch, &o, &p);
  std::strncpy(out.message, dmxp_last_error(), sizeof out.message - 1);
  dmxp_producer_close(p);
  dmxp_consumer* c = nullptr;
  out.consumer_status = dmxp_consumer_open(ch, &o, nullptr, &c);
  dmxp_consumer_close(c);
  dmxp_channel_info info;
  out.info_status = dmxp_channel_info_get(domain, ch, &info);
  return io.write_all(&out, sizeof out) ? 0 : 2;
}

using Permissions = DomainTest;

TEST_F(Permissions, FileModeIsExactlyTheRequestedOne) {
  mode_t saved = umask(077);  // would turn 0644 into 0600 if the library let it apply
  for (uint32_t mode : {0600u, 0640u, 0644u, 0666u}) {
    SCOPED_TRACE(mode);
    dmxp_channel_options o = options();
    o.permissions = mode;
    const char* ch = channel("mode" + std::to_string(mode));
    ProducerHandle p = open_producer(ch, o);
    ASSERT_TRUE(p);
    struct stat st{};
    ASSERT_EQ(stat(segment_path(ch).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, mode);
    EXPECT_EQ(info(ch).mode_bits, mode);
  }
  umask(saved);
}

TEST_F(Permissions, ProcessWithoutAccessGetsPermissionDenied) {
  const bool root = getuid() == 0;
  dmxp_channel_options o = options();
  o.permissions = 0666;  // the first channel creates the domain's key segment with its mode
  ProducerHandle open_to_all = open_producer(channel("public"), o);
  o.permissions = 0600;
  ProducerHandle owner_only = open_producer(channel("private"), o);
  ProducerHandle no_one = open_producer(channel("sealed"), o);
  ASSERT_TRUE(open_to_all && owner_only && no_one);
  // Mode 0000 cannot be asked for (permissions 0 means the default 0600): set it afterwards.
  ASSERT_EQ(chmod(segment_path("sealed").c_str(), 0), 0);

  struct Case {
    const char* ch;
    int expected;
    int expected_info;  // tools read only segments of their own uid
  };
  std::vector<Case> cases = {{"sealed", DMXP_ERR_PERMISSION, DMXP_ERR_PERMISSION}};
  if (root) {
    cases.push_back({"private", DMXP_ERR_PERMISSION, DMXP_ERR_PERMISSION});
    // Proves the child could reach the domain at all.
    cases.push_back({"public", DMXP_OK, DMXP_ERR_PERMISSION});
  }
  for (const Case& c : cases) {
    SCOPED_TRACE(c.ch);
    ChildProcess other = ChildProcess::fork(
        [&](ChildIo& io) { return try_open_as_other(io, domain(), c.ch); });
    ExitStatus s = other.wait(kChildTimeoutMs);
    if (s.exited && s.code == kCannotDropPrivileges)
      GTEST_SKIP() << "running as root without the right to switch to uid " << kNobody;
    ASSERT_TRUE(s.ok()) << s.describe();
    OpenOutcome out{};
    ASSERT_TRUE(other.read_exact(&out, sizeof out, kTokenTimeoutMs));
    EXPECT_EQ(out.producer_status, c.expected) << out.message;
    EXPECT_EQ(out.consumer_status, c.expected);
    EXPECT_EQ(out.info_status, c.expected_info);
    if (c.expected == DMXP_ERR_PERMISSION) {
      EXPECT_NE(std::string(out.message).find(segment_path(c.ch)), std::string::npos)
          << out.message;
    }
  }
  if (root) RecordProperty("refused_as", "nobody (65534)");
}

}  // namespace
}  // namespace dmxp_test
