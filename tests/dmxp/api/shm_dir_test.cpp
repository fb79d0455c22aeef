// $DMXP_SHM_DIR: every segment (channels and the domain's key segment) lives in that
// directory, tools (info, list, gc, remove) and messages look there, and nothing appears in
// /dev/shm (DomainTest's TearDown fails on any /dev/shm/dmxp.<domain>.* left). A value that
// is empty, relative or not a directory is refused with a message naming the variable.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <string>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

class ShmDir : public DomainTest {
 protected:
  void TearDown() override {
    for (const char* ch : {"a", "b"}) dmxp_channel_remove(domain(), ch);
    std::string keys = "dmxp." + std::string(domain()) + ".keys";
    unlink((dir_.path() + "/" + keys).c_str());
    EXPECT_TRUE(dir_.entries().empty()) << "left in " << dir_.path() << ": "
                                        << ::testing::PrintToString(dir_.entries());
    DomainTest::TearDown();
  }
  std::string name(const std::string& ch) const {
    return "dmxp." + std::string(domain()) + ".ch." + ch;
  }
  ScopedShmDir dir_;
};

int collect(const dmxp_channel_info* info, int status, void* user) {
  (*static_cast<std::map<std::string, int>*>(user))[info->name] = status == DMXP_OK
                                                                       ? int(info->producers)
                                                                       : status;
  return 0;
}

std::map<std::string, int> listed(const char* domain) {
  std::map<std::string, int> out;
  EXPECT_DMXP_OK(dmxp_channel_list(domain, collect, &out));
  return out;
}

TEST_F(ShmDir, SegmentsLiveInTheDirectoryAndToolsLookThere) {
  ProducerHandle pa = open_producer(channel("a"), options());
  ProducerHandle pb = open_producer(channel("b"), options());
  ConsumerHandle ca = open_consumer(channel("a"), options());
  ASSERT_TRUE(pa && pb && ca);
  const std::string keys = "dmxp." + std::string(domain()) + ".keys";
  EXPECT_EQ(dir_.entries(), (std::vector<std::string>{name("a"), name("b"), keys}));
  EXPECT_TRUE(shm_entries("dmxp." + std::string(domain()) + ".").empty());

  // Another process (it inherits the variable) reads what this one sends, and answers.
  const char* d = domain();
  ChildProcess child = ChildProcess::fork([d](ChildIo& io) {
    dmxp_channel_options o;
    dmxp_channel_options_init(&o);
    o.domain = d;
    dmxp_consumer* c = nullptr;
    dmxp_producer* p = nullptr;
    if (dmxp_consumer_open("a", &o, nullptr, &c) != DMXP_OK ||
        dmxp_producer_open("b", &o, &p) != DMXP_OK) {
      std::fprintf(stderr, "child: %s\n", dmxp_last_error());
      return 1;
    }
    io.send_token(kTokenReady);
    dmxp_message m;
    if (dmxp_consumer_receive(c, &m, kReceiveTimeoutNs) != DMXP_OK || m.size != 5 ||
        std::memcmp(m.data, "hello", 5) != 0)
      return 2;
    if (dmxp_producer_send(p, "back", 4, 0, nullptr) != DMXP_OK) return 3;
    dmxp_consumer_close(c);
    dmxp_producer_close(p);
    return 0;
  });
  ASSERT_TRUE(child.wait_token(kTokenReady, kTokenTimeoutMs));
  ConsumerHandle cb = open_consumer(channel("b"), options());
  ASSERT_TRUE(cb);
  ASSERT_DMXP_OK(dmxp_producer_send(pa.get(), "hello", 5, 0, nullptr));
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(cb.get(), &m, kReceiveTimeoutNs));
  EXPECT_EQ(as_string(m), "back");
  EXPECT_TRUE(ExitsCleanly(child));

  EXPECT_EQ(listed(domain()), (std::map<std::string, int>{{"a", 1}, {"b", 1}}));
  EXPECT_EQ(info("a").producers, 1u);

  // Messages name the directory.
  dmxp_channel_options no_create = options();
  no_create.create = 0;
  dmxp_consumer* none = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_consumer_open("missing", &no_create, nullptr, &none),
                        DMXP_ERR_NOT_FOUND, {"(" + dir_.path() + "/" + name("missing") + ")"}));

  // gc removes the channel nobody uses any more; remove takes the other one.
  pb.reset();
  cb.reset();
  uint32_t removed = 0;
  ASSERT_DMXP_OK(dmxp_channel_gc(domain(), 1, &removed));
  EXPECT_EQ(removed, 1u);
  EXPECT_EQ(dir_.entries(), (std::vector<std::string>{name("a"), keys}));
  pa.reset();
  ca.reset();
  ASSERT_DMXP_OK(dmxp_channel_remove(domain(), "a"));
  EXPECT_EQ(dir_.entries(), (std::vector<std::string>{keys}));
  EXPECT_TRUE(listed(domain()).empty());
}

TEST_F(ShmDir, AnotherDirectoryIsAnotherWorld) {
  ProducerHandle p = open_producer(channel("a"), options());
  ASSERT_TRUE(p);
  {
    ScopedShmDir other;  // DMXP_SHM_DIR points elsewhere until the end of this block
    EXPECT_TRUE(listed(domain()).empty());
    dmxp_channel_info i;
    EXPECT_TRUE(FailsWith(dmxp_channel_info_get(domain(), "a", &i), DMXP_ERR_NOT_FOUND,
                          {other.path() + "/" + name("a")}));
    // A producer there creates its own channel and key segment, in that directory only.
    ProducerHandle q = open_producer(channel("a"), options());
    ASSERT_TRUE(q);
    EXPECT_EQ(other.entries().size(), 2u);
    q.reset();
    ASSERT_DMXP_OK(dmxp_channel_remove(domain(), "a"));
  }
  EXPECT_EQ(listed(domain()), (std::map<std::string, int>{{"a", 1}}));
}

// Every entry point refuses an unusable DMXP_SHM_DIR with the same message, and creates
// nothing anywhere.
TEST_F(ShmDir, BadValuesAreRefusedNamingTheVariable) {
  const std::string file = dir_.path() + "/a-file";
  int fd = open(file.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  close(fd);
  const std::string advice =
      "; set it to the absolute path of an existing directory, or unset it to use /dev/shm";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "DMXP_SHM_DIR is set but empty" + advice},
      {"relative/dir", "DMXP_SHM_DIR 'relative/dir' is not an absolute path" + advice},
      {dir_.path() + "/missing", "DMXP_SHM_DIR '" + dir_.path() +
                                     "/missing' is not a directory (No such file or "
                                     "directory)" + advice},
      {file, "DMXP_SHM_DIR '" + file + "' is not a directory" + advice},
  };
  for (const auto& [value, message] : cases) {
    SCOPED_TRACE("DMXP_SHM_DIR='" + value + "'");
    setenv("DMXP_SHM_DIR", value.c_str(), 1);
    dmxp_channel_options o = options();
    dmxp_producer* p = nullptr;
    EXPECT_EQ(dmxp_producer_open("a", &o, &p), DMXP_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(last_error(), message);
    dmxp_consumer* c = nullptr;
    EXPECT_EQ(dmxp_consumer_open("a", &o, nullptr, &c), DMXP_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(last_error(), message);
    std::map<std::string, int> seen;
    EXPECT_EQ(dmxp_channel_list(domain(), collect, &seen), DMXP_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(last_error(), message);
    EXPECT_TRUE(seen.empty());
    dmxp_channel_info i;
    EXPECT_EQ(dmxp_channel_info_get(domain(), "a", &i), DMXP_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(last_error(), message);
    EXPECT_EQ(dmxp_channel_gc(domain(), 1, nullptr), DMXP_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(last_error(), message);
    EXPECT_EQ(dmxp_channel_remove(domain(), "a"), DMXP_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(last_error(), message);
  }
  setenv("DMXP_SHM_DIR", dir_.path().c_str(), 1);
  unlink(file.c_str());
  EXPECT_TRUE(dir_.entries().empty());
}

// A trailing slash names the same directory (paths in messages have no "//").
TEST_F(ShmDir, TrailingSlashesAreIgnored) {
  setenv("DMXP_SHM_DIR", (dir_.path() + "//").c_str(), 1);
  dmxp_channel_options o = options();
  o.create = 0;
  dmxp_consumer* c = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_consumer_open("b", &o, nullptr, &c), DMXP_ERR_NOT_FOUND,
                        {"(" + dir_.path() + "/" + name("b") + ")"}));
  ProducerHandle p = open_producer(channel("b"), options());
  ASSERT_TRUE(p);
  EXPECT_EQ(dir_.entries().size(), 2u);
}

}  // namespace
}  // namespace dmxp_test
