#include "test_support.hpp"

#include <dirent.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <sstream>

#ifndef __has_feature
#define __has_feature(x) 0
#endif

namespace dmxp_test {

bool under_sanitizer() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || \
    __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
  return true;
#else
  return false;
#endif
}

uint64_t scaled(uint64_t plain_count, uint64_t minimum) {
  // Sanitizers slow the data path several times over and the machine has two slow cores;
  // a quarter of the plain counts keeps each sanitizer run of the suite well under a minute.
  double n = double(plain_count) / (under_sanitizer() ? 4.0 : 1.0);
  if (const char* env = std::getenv("DMXP_TEST_SCALE")) {
    double factor = std::atof(env);
    if (factor > 0) n *= factor;
  }
  return std::max<uint64_t>(minimum, uint64_t(n));
}

namespace {
uint32_t fnv1a32(const std::string& s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) { h ^= c; h *= 16777619u; }
  return h;
}

std::string keep_name_chars(const std::string& s) {
  std::string out;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    out += ok ? c : '-';
  }
  return out;
}
}  // namespace

std::string make_domain_name(const std::string& test_full_name) {
  constexpr size_t kMax = 32;
  const char* env = std::getenv("DMXP_TEST_DOMAIN_PREFIX");
  std::string prefix = keep_name_chars(env && *env ? env : "t");
  std::string pid = std::to_string(getpid());
  char hash[16];
  std::snprintf(hash, sizeof hash, "%08x", fnv1a32(test_full_name));
  // prefix + pid + "_" + hash must fit; a very long prefix is cut (a run's prefix is short).
  size_t fixed = pid.size() + 1 + 8;
  if (prefix.size() + fixed > kMax) prefix.resize(kMax - fixed);
  std::string name = prefix + pid + "_" + hash;
  std::string readable = keep_name_chars(test_full_name);
  if (name.size() + 1 < kMax) name += "_" + readable.substr(0, kMax - name.size() - 1);
  return name;
}

std::vector<std::string> shm_entries(const std::string& prefix) {
  std::vector<std::string> out;
  if (DIR* dir = opendir("/dev/shm")) {
    while (dirent* e = readdir(dir))
      if (std::strncmp(e->d_name, prefix.c_str(), prefix.size()) == 0) out.emplace_back(e->d_name);
    closedir(dir);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool shm_exists(const std::string& segment) {
  struct stat st{};
  return stat(("/dev/shm/" + segment).c_str(), &st) == 0;
}

ScopedShmDir::ScopedShmDir() {
  char tmpl[] = "/tmp/dmxp-shm-dir-XXXXXX";
  if (const char* dir = mkdtemp(tmpl)) path_ = dir;
  else ADD_FAILURE() << "mkdtemp: " << std::strerror(errno);
  if (const char* old = std::getenv("DMXP_SHM_DIR")) {
    had_previous_ = true;
    previous_ = old;
  }
  setenv("DMXP_SHM_DIR", path_.c_str(), 1);
}

ScopedShmDir::~ScopedShmDir() {
  if (had_previous_) setenv("DMXP_SHM_DIR", previous_.c_str(), 1);
  else unsetenv("DMXP_SHM_DIR");
  if (path_.empty()) return;
  for (const std::string& e : entries()) unlink((path_ + "/" + e).c_str());
  rmdir(path_.c_str());
}

std::vector<std::string> ScopedShmDir::entries() const {
  std::vector<std::string> out;
  if (DIR* dir = opendir(path_.c_str())) {
    while (dirent* e = readdir(dir))
      if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0)
        out.emplace_back(e->d_name);
    closedir(dir);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string last_error() {
  const char* e = dmxp_last_error();
  return e ? e : "";
}

std::string as_string(const dmxp_message& m) {
  return std::string(static_cast<const char*>(m.data), m.size);
}

::testing::AssertionResult IsOk(int status) {
  if (status == DMXP_OK) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "status " << status << " (" << dmxp_strerror(status)
                                       << "): " << last_error();
}

::testing::AssertionResult IsStatus(int status, int expected) {
  if (status == expected) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected status " << expected << " ("
                                       << dmxp_strerror(expected) << "), got " << status << " ("
                                       << dmxp_strerror(status) << "): " << last_error();
}

::testing::AssertionResult FailsWithoutDetail(int status, int expected) {
  if (status != expected) return IsStatus(status, expected);
  std::string message = last_error();
  if (message.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "status " << status << " as expected, but "
                                       << "dmxp_last_error() is \"" << message << "\"";
}

::testing::AssertionResult FailsWith(int status, int expected,
                                     const std::vector<std::string>& mentions) {
  std::string message = last_error();
  if (status != expected)
    return ::testing::AssertionFailure()
           << "expected status " << expected << " (" << dmxp_strerror(expected) << "), got "
           << status << " (" << dmxp_strerror(status) << "): " << message;
  if (message.empty())
    return ::testing::AssertionFailure() << "status " << status << " as expected, but "
                                         << "dmxp_last_error() is empty";
  for (const std::string& m : mentions)
    if (message.find(m) == std::string::npos)
      return ::testing::AssertionFailure() << "dmxp_last_error() \"" << message
                                           << "\" does not mention \"" << m << "\"";
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult ExitsCleanly(ChildProcess& child, int timeout_ms) {
  pid_t pid = child.pid();
  ExitStatus s = child.wait(timeout_ms);
  if (s.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "child " << pid << " " << s.describe();
}

// ---- DomainTest ----

void DomainTest::SetUp() {
  const ::testing::TestInfo* t = ::testing::UnitTest::GetInstance()->current_test_info();
  domain_ = make_domain_name(std::string(t->test_suite_name()) + "." + t->name());
  // A previous run with the same pid and test (very unlikely) must not leak into this one.
  for (const std::string& e : shm_entries("dmxp." + domain_ + "."))
    shm_unlink(("/" + e).c_str());
}

void DomainTest::TearDown() {
  for (const std::string& ch : channels_) {
    if (!shm_exists(segment(ch))) continue;  // the test removed it itself (gc, remove)
    int rc = dmxp_channel_remove(domain_.c_str(), ch.c_str());
    EXPECT_TRUE(IsOk(rc)) << "removing channel '" << ch << "'";
  }
  clean_domain(domain_, true);
  if (!extra_domain_.empty()) clean_domain(extra_domain_, true);
}

void DomainTest::clean_domain(const std::string& domain, bool check) {
  std::string keys = "/dmxp." + domain + ".keys";
  if (shm_unlink(keys.c_str()) != 0 && errno != ENOENT)
    ADD_FAILURE() << "shm_unlink(" << keys << "): " << std::strerror(errno);
  std::vector<std::string> left = shm_entries("dmxp." + domain + ".");
  if (check && !left.empty()) {
    std::ostringstream names;
    for (const std::string& e : left) names << " /dev/shm/" << e;
    ADD_FAILURE() << "segments left behind:" << names.str();
  }
  for (const std::string& e : left) shm_unlink(("/" + e).c_str());
}

const char* DomainTest::channel(const std::string& name) {
  for (const std::string& ch : channels_)
    if (ch == name) return ch.c_str();
  channels_.push_back(name);
  return channels_.back().c_str();
}

dmxp_channel_options DomainTest::options() const {
  dmxp_channel_options o;
  dmxp_channel_options_init(&o);
  o.domain = domain_.c_str();
  return o;
}

dmxp::ChannelOptions DomainTest::cpp_options() const {
  dmxp::ChannelOptions o;
  o.domain(domain_.c_str());
  return o;
}

dmxp_consumer_options DomainTest::consumer_options(const char* name, dmxp_start start) {
  dmxp_consumer_options o;
  dmxp_consumer_options_init(&o);
  o.name = name;
  o.start = start;
  return o;
}

ProducerHandle DomainTest::open_producer(const char* ch, const dmxp_channel_options& o) {
  dmxp_producer* p = nullptr;
  int rc = dmxp_producer_open(ch, &o, &p);
  EXPECT_TRUE(IsOk(rc)) << "dmxp_producer_open(" << ch << ")";
  return ProducerHandle(p);
}

ConsumerHandle DomainTest::open_consumer(const char* ch, const dmxp_channel_options& o,
                                         const dmxp_consumer_options* co) {
  dmxp_consumer* c = nullptr;
  int rc = dmxp_consumer_open(ch, &o, co, &c);
  EXPECT_TRUE(IsOk(rc)) << "dmxp_consumer_open(" << ch << ")";
  return ConsumerHandle(c);
}

dmxp_channel_info DomainTest::info(const char* ch) {
  dmxp_channel_info i;
  std::memset(&i, 0, sizeof i);
  int rc = dmxp_channel_info_get(domain_.c_str(), ch, &i);
  EXPECT_TRUE(IsOk(rc)) << "dmxp_channel_info_get(" << ch << ")";
  return i;
}

std::string DomainTest::segment(const std::string& ch) const {
  return "dmxp." + domain_ + ".ch." + ch;
}

std::string DomainTest::segment_path(const std::string& ch) const {
  return "/dev/shm/" + segment(ch);
}

std::string DomainTest::keys_segment() const { return "dmxp." + domain_ + ".keys"; }

const char* DomainTest::extra_domain() {
  if (extra_domain_.empty()) {
    extra_domain_ = domain_;
    extra_domain_.back() = extra_domain_.back() == 'x' ? 'y' : 'x';
    clean_domain(extra_domain_, false);
  }
  return extra_domain_.c_str();
}

}  // namespace dmxp_test
