// dmxp_last_error() describes the status just returned: "" after OK, WOULD_BLOCK and TIMEOUT
// (never an older failure's message); dmxp_status_name; dmxp_domain_resolve.
#include <cstdlib>
#include <string>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

using LastError = DomainTest;

// Leaves a message behind: an open of a missing channel.
void fail_once(const char* domain) {
  dmxp_channel_options o;
  dmxp_channel_options_init(&o);
  o.domain = domain;
  o.open_mode = DMXP_OPEN_EXISTING;
  dmxp_producer* p = nullptr;
  ASSERT_EQ(dmxp_producer_open("absent", &o, &p), DMXP_ERR_NOT_FOUND);
  ASSERT_STRNE(dmxp_last_error(), "");
}

TEST_F(LastError, WouldBlockAndTimeoutOfAReceiveClearAnOlderMessage) {
  ConsumerHandle c = open_consumer(channel("quiet"), options());
  ASSERT_TRUE(c);
  dmxp_message m;
  fail_once(domain());
  EXPECT_TRUE(FailsWithoutDetail(dmxp_consumer_try_receive(c.get(), &m), DMXP_ERR_WOULD_BLOCK));
  fail_once(domain());
  EXPECT_TRUE(FailsWithoutDetail(dmxp_consumer_receive(c.get(), &m, 0), DMXP_ERR_WOULD_BLOCK));
  fail_once(domain());
  EXPECT_TRUE(FailsWithoutDetail(dmxp_consumer_receive(c.get(), &m, 1'000'000), DMXP_ERR_TIMEOUT));
  fail_once(domain());
  uint32_t n = 0;
  EXPECT_TRUE(FailsWithoutDetail(dmxp_consumer_receive_batch(c.get(), &m, 1, &n, 1'000'000),
                                 DMXP_ERR_TIMEOUT));
}

TEST_F(LastError, WouldBlockAndTimeoutOfASendHaveNoDetail) {
  dmxp_channel_options o = options();
  o.capacity = 2;
  ProducerHandle p = open_producer(channel("full"), o);
  ConsumerHandle c = open_consumer(channel("full"), o);
  ASSERT_TRUE(p && c);
  for (int i = 0; i < 2; ++i) ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "x", 1, 0, nullptr));
  fail_once(domain());
  EXPECT_TRUE(FailsWithoutDetail(dmxp_producer_send(p.get(), "x", 1, 0, nullptr),
                                 DMXP_ERR_WOULD_BLOCK));
  fail_once(domain());
  EXPECT_TRUE(FailsWithoutDetail(dmxp_producer_send(p.get(), "x", 1, 1'000'000, nullptr),
                                 DMXP_ERR_TIMEOUT));
  void* buf = nullptr;
  fail_once(domain());
  EXPECT_TRUE(FailsWithoutDetail(dmxp_producer_loan(p.get(), 1, &buf, 0), DMXP_ERR_WOULD_BLOCK));
}

TEST_F(LastError, WaitsetTimeoutAndDrainedMergeHaveNoDetail) {
  ConsumerHandle c = open_consumer(channel("idle"), options());
  ASSERT_TRUE(c);
  dmxp_waitset* raw = nullptr;
  ASSERT_DMXP_OK(dmxp_waitset_create(&raw));
  WaitsetHandle ws(raw);
  ASSERT_DMXP_OK(dmxp_waitset_add(ws.get(), c.get()));
  uint8_t ready[1];
  size_t count = 0;
  fail_once(domain());
  EXPECT_TRUE(FailsWithoutDetail(dmxp_waitset_wait(ws.get(), ready, 1, &count, 1'000'000),
                                 DMXP_ERR_TIMEOUT));
  dmxp_consumer* list[] = {c.get()};
  dmxp_merge* mraw = nullptr;
  ASSERT_DMXP_OK(dmxp_merge_create(list, 1, &mraw));
  MergeHandle merge(mraw);
  dmxp_message m;
  size_t source = 0;
  fail_once(domain());
  EXPECT_TRUE(FailsWithoutDetail(dmxp_merge_next(merge.get(), &m, &source), DMXP_ERR_WOULD_BLOCK));
}

TEST_F(LastError, SuccessClearsAnOlderMessage) {
  dmxp_channel_options o = options();
  ProducerHandle p = open_producer(channel("ok"), o);
  ConsumerHandle c = open_consumer(channel("ok"), o);
  ASSERT_TRUE(p && c);
  fail_once(domain());
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), "x", 1, 0, nullptr));
  EXPECT_STREQ(dmxp_last_error(), "");
  fail_once(domain());
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_try_receive(c.get(), &m));
  EXPECT_STREQ(dmxp_last_error(), "");
  fail_once(domain());
  ASSERT_DMXP_OK(dmxp_consumer_release(c.get()));
  EXPECT_STREQ(dmxp_last_error(), "");
  fail_once(domain());
  ProducerHandle again = open_producer(channel("ok"), o);  // found existing: a recovered EXISTS
  ASSERT_TRUE(again);
  EXPECT_STREQ(dmxp_last_error(), "");
  fail_once(domain());
  dmxp_channel_info info;
  ASSERT_DMXP_OK(dmxp_channel_info_get(domain(), "ok", &info));
  EXPECT_STREQ(dmxp_last_error(), "");
}

TEST_F(LastError, AFailureStillCarriesItsDetail) {
  ProducerHandle p = open_producer(channel("small"), options());
  ASSERT_TRUE(p);
  std::string big(8000, 'b');
  ASSERT_TRUE(FailsWith(dmxp_producer_send(p.get(), big.data(), big.size(), 0, nullptr),
                        DMXP_ERR_TOO_LARGE, {"small"}));
}

TEST(StatusName, NamesEveryStatusAsTheHeaderSpellsIt) {
  EXPECT_STREQ(dmxp_status_name(DMXP_OK), "DMXP_OK");
  EXPECT_STREQ(dmxp_status_name(DMXP_ERR_INVALID_ARGUMENT), "DMXP_ERR_INVALID_ARGUMENT");
  EXPECT_STREQ(dmxp_status_name(DMXP_ERR_NOT_FOUND), "DMXP_ERR_NOT_FOUND");
  EXPECT_STREQ(dmxp_status_name(DMXP_ERR_WOULD_BLOCK), "DMXP_ERR_WOULD_BLOCK");
  EXPECT_STREQ(dmxp_status_name(DMXP_ERR_TIMEOUT), "DMXP_ERR_TIMEOUT");
  EXPECT_STREQ(dmxp_status_name(DMXP_ERR_SYSTEM), "DMXP_ERR_SYSTEM");
  EXPECT_STREQ(dmxp_status_name(DMXP_ERR_UNSUPPORTED), "DMXP_ERR_UNSUPPORTED");
  EXPECT_STREQ(dmxp_status_name(-16), "DMXP_ERR_UNKNOWN");
  EXPECT_STREQ(dmxp_status_name(1), "DMXP_ERR_UNKNOWN");
}

// Sets $DMXP_DOMAIN for one test and puts the old value back.
class DomainEnv : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* old = std::getenv("DMXP_DOMAIN");
    had_ = old != nullptr;
    if (old) old_ = old;
  }
  void TearDown() override {
    if (had_) setenv("DMXP_DOMAIN", old_.c_str(), 1);
    else unsetenv("DMXP_DOMAIN");
  }
  static std::string resolve(const char* explicit_domain, int* rc) {
    char buf[DMXP_MAX_DOMAIN_NAME + 1] = "?";
    *rc = dmxp_domain_resolve(explicit_domain, buf, sizeof buf);
    return buf;
  }

 private:
  bool had_ = false;
  std::string old_;
};

TEST_F(DomainEnv, ExplicitThenEnvironmentThenDefault) {
  int rc = 0;
  setenv("DMXP_DOMAIN", "from_env", 1);
  EXPECT_EQ(resolve("given", &rc), "given");
  EXPECT_DMXP_OK(rc);
  EXPECT_EQ(resolve("", &rc), "from_env");
  EXPECT_EQ(resolve(nullptr, &rc), "from_env");
  setenv("DMXP_DOMAIN", "", 1);
  EXPECT_EQ(resolve(nullptr, &rc), "default");
  unsetenv("DMXP_DOMAIN");
  EXPECT_EQ(resolve(nullptr, &rc), "default");
  EXPECT_DMXP_OK(rc);
  EXPECT_EQ(dmxp::resolve_domain("cpp").value(), "cpp");
}

TEST_F(DomainEnv, BadNamesAreRefusedSayingWhereTheyCameFrom) {
  char buf[DMXP_MAX_DOMAIN_NAME + 1];
  EXPECT_TRUE(FailsWith(dmxp_domain_resolve("a.b", buf, sizeof buf), DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_EQ(last_error(), "domain 'a.b' contains '.'; use letters, digits, '_' and '-'");
  setenv("DMXP_DOMAIN", "x/y", 1);
  EXPECT_TRUE(FailsWith(dmxp_domain_resolve(nullptr, buf, sizeof buf), DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_EQ(last_error(),
            "domain 'x/y' contains '/'; use letters, digits, '_' and '-' (from $DMXP_DOMAIN)");
  std::string too_long(DMXP_MAX_DOMAIN_NAME + 1, 'd');
  EXPECT_TRUE(FailsWith(dmxp_domain_resolve(too_long.c_str(), buf, sizeof buf),
                        DMXP_ERR_INVALID_ARGUMENT, {"must have 1 to 32 characters"}));
  char tiny[4];
  EXPECT_TRUE(FailsWith(dmxp_domain_resolve("longer", tiny, sizeof tiny),
                        DMXP_ERR_INVALID_ARGUMENT));
  EXPECT_EQ(last_error(), "domain 'longer' needs a buffer of 7 bytes, got 4");
  EXPECT_TRUE(FailsWith(dmxp_domain_resolve("ok", nullptr, 8), DMXP_ERR_INVALID_ARGUMENT));
  auto r = dmxp::resolve_domain("a.b");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status(), DMXP_ERR_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace dmxp_test
