// Squatting on the graph registry: another local user creates "dmxp.<domain>.graph" first
// (a valid image, mode 0666) and waits for nodes to register in it, to read the graph or
// forge entries. Like channels (tests/dmxp/robustness/squatting_test.cpp), the registry is
// used only when it is a regular file owned by this process's effective uid and not writable
// by every user (unless the domain's own key segment is); anything else is
// DMXP_ERR_PERMISSION naming the path, the owner and the mode, and a node then runs without
// the registry instead of writing into it. The owner tests run as root and plant the segment
// from a forked child that switched to nobody (65534).
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "rt_test_support.hpp"

using namespace rt_test;
using dmxp::rt::GraphRegistry;

namespace {

constexpr uid_t kNobody = 65534;
constexpr int kCannotSwitchUser = 77;

std::string owner_refusal(const std::string& path, const char* mode) {
  return "segment " + path + " is owned by uid 65534 (nobody), mode " + mode + ", not by this "
         "process's uid 0 (root): another local user may have created it first to read or "
         "forge what it holds; remove it if you do not trust that user";
}

std::vector<char> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class GraphTrust : public RtTest {
 protected:
  std::string path() const { return "/dev/shm/" + GraphRegistry::segment_name(domain()); }

  // A graph segment as its creator leaves it (header written, every entry free): the bytes
  // of a fresh registry of a scratch domain, through the public API only.
  std::vector<char> graph_image() const {
    const std::string scratch = "gimg" + std::to_string(getpid());
    GraphRegistry::open(scratch).value().reset();
    std::vector<char> bytes = read_file("/dev/shm/" + GraphRegistry::segment_name(scratch));
    GraphRegistry::remove(scratch);
    unlink(("/dev/shm/dmxp." + scratch + ".keys").c_str());
    return bytes;
  }

  // Writes the graph image at path() as uid nobody with exactly mode, from a forked child.
  void plant_as_nobody(mode_t mode) {
    if (getuid() != 0) GTEST_SKIP() << "planting another user's segment needs root";
    const std::string p = path();
    const std::vector<char> bytes = graph_image();
    dmxp_test::ChildProcess child = dmxp_test::ChildProcess::fork([&](dmxp_test::ChildIo&) {
      if (setgroups(0, nullptr) != 0 || setresgid(kNobody, kNobody, kNobody) != 0 ||
          setresuid(kNobody, kNobody, kNobody) != 0)
        return kCannotSwitchUser;
      int fd = open(p.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
      bool ok = fd >= 0 && fchmod(fd, mode) == 0 &&
                write(fd, bytes.data(), bytes.size()) == ssize_t(bytes.size());
      if (fd >= 0) close(fd);
      return ok ? 0 : 1;
    });
    dmxp_test::ExitStatus s = child.wait(dmxp_test::kChildTimeoutMs);
    if (s.exited && s.code == kCannotSwitchUser) GTEST_SKIP() << "cannot switch to uid 65534";
    ASSERT_TRUE(s.ok()) << s.describe();
    struct stat st{};
    ASSERT_EQ(stat(p.c_str(), &st), 0);
    ASSERT_EQ(st.st_uid, kNobody);
  }

  void expect_refused(const std::string& message) {
    auto g = GraphRegistry::open(domain());
    ASSERT_FALSE(g.ok()) << "the registry was mapped";
    EXPECT_EQ(g.status(), DMXP_ERR_PERMISSION);
    EXPECT_EQ(std::string(g.error().what()), "permission denied: " + message);
  }
};

TEST_F(GraphTrust, AnotherUsersGraphIsRefusedAndNodesDoNotWriteIntoIt) {
  plant_as_nobody(0666);
  if (IsSkipped() || HasFatalFailure()) return;
  expect_refused(owner_refusal(path(), "0666"));
  std::vector<char> before = read_file(path());
  {
    dmxp::rt::Node node("victim", node_options());  // runs, without the registry
  }
  EXPECT_EQ(read_file(path()), before) << "a node registered in the squatter's segment";
}

TEST_F(GraphTrust, ReadOnlyForOthersMakesNoDifference) {
  plant_as_nobody(0644);
  if (IsSkipped() || HasFatalFailure()) return;
  expect_refused(owner_refusal(path(), "0644"));
}

TEST_F(GraphTrust, AWorldWritableGraphOfOurOwnIsRefused) {
  if (getuid() != 0) GTEST_SKIP() << "the message names root";
  GraphRegistry::open(domain()).value().reset();  // creates it (mode 0600), unmaps it
  ASSERT_EQ(chmod(path().c_str(), 0666), 0);
  expect_refused("segment " + path() + " (owner uid 0 (root), mode 0666) is writable by "
                 "every user, who could corrupt it or truncate it under its readers; remove it "
                 "when no node runs in the domain (nodes create it again with the mode of the "
                 "domain's key segment)");
}

TEST_F(GraphTrust, AFifoInItsPlaceIsRefused) {
  if (getuid() != 0) GTEST_SKIP() << "the message names root";
  ASSERT_EQ(mkfifo(path().c_str(), 0600), 0);
  expect_refused("segment " + path() + " (owner uid 0 (root), mode 0600) is not a regular "
                 "file; remove it");
}

TEST_F(GraphTrust, AGraphOfOurOwnInAWorldWritableDomainIsUsed) {
  // The domain's key segment is ours and world-writable (someone asked for it with
  // permissions 0666): its registry follows that mode and is used.
  dmxp_channel_options o = options();
  o.permissions = 0666;
  ASSERT_TRUE(open_producer(channel("open"), o));
  auto g = GraphRegistry::open(domain());
  ASSERT_TRUE(g.ok()) << g.error().what();
  struct stat st{};
  ASSERT_EQ(stat(path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0666u);
  g.value().reset();
  EXPECT_TRUE(GraphRegistry::open(domain()).ok());
}

}  // namespace
