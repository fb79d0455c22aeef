// test_support.hpp - what every DMXP test shares: a private domain per test that is removed
// (and checked for leftovers) at the end, status assertions that print dmxp_last_error(),
// RAII holders for C handles, and message counts scaled to the build flavour.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "dmxp/dmxp.h"
#include "child_process.hpp"
#include "dmxp/dmxp.hpp"

namespace dmxp_test {

// ---- build flavour and sizes ----

// True in ASan or TSan builds (gcc's __SANITIZE_*__ or clang's __has_feature).
bool under_sanitizer();
// A message count for this build: plain_count in the plain build, divided under sanitizers,
// then multiplied by $DMXP_TEST_SCALE (a positive number, default 1). Never below minimum.
uint64_t scaled(uint64_t plain_count, uint64_t minimum = 1);

// Generous limits so that nothing hangs; they bound failures, they do not measure speed.
inline constexpr int64_t kReceiveTimeoutNs = 20'000'000'000;  // one receive or send
inline constexpr int kChildTimeoutMs = 90'000;                 // a whole child process
inline constexpr int kTokenTimeoutMs = 20'000;                 // one hand-shake on a pipe

// ---- names ----

// "<prefix><pid>_<hash>_<test>" cut to 32 characters of [A-Za-z0-9_-]; prefix comes from
// $DMXP_TEST_DOMAIN_PREFIX (default "t") so that a test run can find what it left behind.
std::string make_domain_name(const std::string& test_full_name);
// Entries of /dev/shm whose name starts with prefix.
std::vector<std::string> shm_entries(const std::string& prefix);
bool shm_exists(const std::string& segment);

// A fresh directory under /tmp that is $DMXP_SHM_DIR while this object lives (the previous
// value comes back afterwards). The destructor removes whatever is left in it, then the
// directory: tests check leftovers themselves with entries().
class ScopedShmDir {
 public:
  ScopedShmDir();
  ~ScopedShmDir();
  ScopedShmDir(const ScopedShmDir&) = delete;
  ScopedShmDir& operator=(const ScopedShmDir&) = delete;
  const std::string& path() const { return path_; }
  // Names in the directory, sorted.
  std::vector<std::string> entries() const;

 private:
  std::string path_;
  std::string previous_;
  bool had_previous_ = false;
};

// ---- status assertions ----

// Success when status == DMXP_OK; otherwise the failure prints the code and last error.
::testing::AssertionResult IsOk(int status);
// Success when status == expected and dmxp_last_error() contains every one of mentions.
// Call it right after the failing call: the message is overwritten by the next failure.
::testing::AssertionResult FailsWith(int status, int expected,
                                     const std::vector<std::string>& mentions = {});
// Only the status: for DMXP_ERR_WOULD_BLOCK of receive-side polls, which the library
// returns without formatting a message (it is the hot path of every polling loop).
::testing::AssertionResult IsStatus(int status, int expected);
// status == expected (WOULD_BLOCK or TIMEOUT) and dmxp_last_error() is "": those statuses
// carry no detail, and an older message must not show through.
::testing::AssertionResult FailsWithoutDetail(int status, int expected);
#define ASSERT_DMXP_OK(expr) ASSERT_TRUE(::dmxp_test::IsOk(expr))
#define EXPECT_DMXP_OK(expr) EXPECT_TRUE(::dmxp_test::IsOk(expr))

// Reaps child (waiting at most timeout_ms); success when it exited with code 0.
::testing::AssertionResult ExitsCleanly(ChildProcess& child, int timeout_ms = kChildTimeoutMs);

std::string last_error();
std::string as_string(const dmxp_message& m);

// ---- handles ----

struct ProducerCloser { void operator()(dmxp_producer* p) const { dmxp_producer_close(p); } };
struct ConsumerCloser { void operator()(dmxp_consumer* c) const { dmxp_consumer_close(c); } };
struct WaitsetCloser { void operator()(dmxp_waitset* w) const { dmxp_waitset_destroy(w); } };
struct MergeCloser { void operator()(dmxp_merge* m) const { dmxp_merge_destroy(m); } };
using ProducerHandle = std::unique_ptr<dmxp_producer, ProducerCloser>;
using ConsumerHandle = std::unique_ptr<dmxp_consumer, ConsumerCloser>;
using WaitsetHandle = std::unique_ptr<dmxp_waitset, WaitsetCloser>;
using MergeHandle = std::unique_ptr<dmxp_merge, MergeCloser>;

// ---- the fixture ----

// Gives each test its own domain. TearDown removes every channel the test named through
// channel() with dmxp_channel_remove, unlinks the domain's key segment, and fails the test
// if any /dev/shm/dmxp.<domain>.* remains (then removes it, so one failure never leaks).
class DomainTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  const char* domain() const { return domain_.c_str(); }
  // Registers a channel name for removal at TearDown; returns a pointer that lives as long
  // as the fixture (safe to hand to children forked later).
  const char* channel(const std::string& name);
  // Channel options initialised with this test's domain (everything else default).
  dmxp_channel_options options() const;
  dmxp::ChannelOptions cpp_options() const;
  static dmxp_consumer_options consumer_options(const char* name = nullptr,
                                                dmxp_start start = DMXP_START_OLDEST);

  // Opening helpers for the test process: they record a test failure (and return null) on
  // error, with the library's message.
  ProducerHandle open_producer(const char* channel, const dmxp_channel_options& o);
  ConsumerHandle open_consumer(const char* channel, const dmxp_channel_options& o,
                               const dmxp_consumer_options* co = nullptr);
  // dmxp_channel_info_get for this domain; a failure is recorded and a zeroed struct returned.
  dmxp_channel_info info(const char* channel);

  // "dmxp.<domain>.ch.<channel>" and "/dev/shm/..." of it; the domain's key segment.
  std::string segment(const std::string& channel) const;
  std::string segment_path(const std::string& channel) const;
  std::string keys_segment() const;

  // A second domain owned by this test (cleaned like the first), for cross-domain checks.
  const char* extra_domain();

 private:
  void clean_domain(const std::string& domain, bool check);
  std::string domain_;
  std::string extra_domain_;
  std::deque<std::string> channels_;  // deque: stable c_str() while growing
};

}  // namespace dmxp_test
