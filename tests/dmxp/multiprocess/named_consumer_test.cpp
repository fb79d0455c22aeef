// Named (durable) consumers across process restarts: a process reading as "rec1" takes K of
// N messages and goes away (closes, or is SIGKILLed while blocked in receive after releasing
// everything); a fresh process opening "rec1" resumes exactly at message K: nothing lost,
// nothing twice. While a live process holds the name, opening it is DMXP_ERR_BUSY.
// Readers are exec'd dmxp_test_peer processes (see peer_roles.hpp).
#include <signal.h>
#include <unistd.h>

#include <string>

#include "payload.hpp"
#include "peer_roles.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

constexpr uint64_t kTotal = 100;
constexpr uint64_t kFirstPart = 40;

class NamedConsumer : public DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    ch_ = channel("journal");
    dmxp_channel_options o = options();
    o.capacity = 256;  // holds everything: a parked cursor does not hold producers back
    o.slot_size = 256;
    producer_ = open_producer(ch_, o);
    ASSERT_TRUE(producer_);
  }
  // Publishes messages [first, end) of producer 0.
  void publish(uint64_t first, uint64_t end) {
    uint8_t buf[256];
    for (uint64_t s = first; s < end; ++s) {
      MessageSpec spec;
      spec.seq = s;
      ASSERT_DMXP_OK(dmxp_producer_send(producer_.get(), buf,
                                        write_message(buf, spec, body_size_for(0, s, 100)), 0,
                                        nullptr));
    }
  }
  void TearDown() override {
    producer_.reset();
    DomainTest::TearDown();
  }
  ChildProcess reader(uint64_t count, uint64_t first, const char* then) {
    return ChildProcess::exec(peer_command({"consume", domain(), ch_, "rec1",
                                            std::to_string(count), std::to_string(first), then}));
  }
  // The reader's hand-shake, then its result.
  static bool read_result(ChildProcess& reader, PeerResult* r) {
    return reader.wait_token(kTokenReady, kTokenTimeoutMs) &&
           reader.read_exact(r, sizeof *r, kChildTimeoutMs);
  }
  // Reads the rest as "rec1" in a fresh process and checks it starts at kFirstPart.
  void expect_second_reader_resumes_at_k() {
    ChildProcess second = reader(kTotal - kFirstPart, kFirstPart, "close");
    PeerResult r;
    ASSERT_TRUE(read_result(second, &r));
    EXPECT_TRUE(ExitsCleanly(second));
    EXPECT_EQ(r.status, DMXP_OK);
    EXPECT_EQ(r.received, kTotal - kFirstPart);
    EXPECT_EQ(r.first_seq, kFirstPart) << "resumes exactly after the first reader";
    EXPECT_EQ(r.last_seq, kTotal - 1);
    EXPECT_EQ(r.lost, 0u);
    // Nothing is left for rec1: no message was delivered twice or skipped.
    dmxp_channel_options o = options();
    dmxp_consumer_options co = consumer_options("rec1");
    ConsumerHandle again = open_consumer(ch_, o, &co);
    ASSERT_TRUE(again);
    dmxp_message m;
    EXPECT_TRUE(IsStatus(dmxp_consumer_try_receive(again.get(), &m), DMXP_ERR_WOULD_BLOCK));
  }
  const char* ch_ = nullptr;
  ProducerHandle producer_;
};

TEST_F(NamedConsumer, NewProcessResumesWhereTheClosedOneStopped) {
  publish(0, kTotal);
  ChildProcess first = reader(kFirstPart, 0, "close");
  PeerResult r;
  ASSERT_TRUE(read_result(first, &r));
  ASSERT_TRUE(ExitsCleanly(first));
  EXPECT_EQ(r.received, kFirstPart);
  EXPECT_EQ(r.first_seq, 0u);
  EXPECT_EQ(r.last_seq, kFirstPart - 1);
  dmxp_channel_info i = info(ch_);
  EXPECT_EQ(i.parked_cursors, 1u);
  EXPECT_EQ(i.consumers, 0u);
  expect_second_reader_resumes_at_k();
}

TEST_F(NamedConsumer, NewProcessResumesAfterTheHolderIsKilledWhileBlocked) {
  publish(0, kFirstPart);  // the first reader drains these, then blocks for more
  ChildProcess first = reader(kFirstPart, 0, "release-and-block");
  PeerResult r;
  ASSERT_TRUE(read_result(first, &r));
  EXPECT_EQ(r.received, kFirstPart);
  EXPECT_EQ(r.last_seq, kFirstPart - 1);
  ASSERT_TRUE(first.wait_token(kTokenReleased, kTokenTimeoutMs));
  usleep(20'000);  // into receive(FOREVER); where exactly it is killed does not matter
  ExitStatus s = first.kill_and_reap();
  EXPECT_EQ(s.signal, SIGKILL) << "it was blocked, not finished";
  publish(kFirstPart, kTotal);
  expect_second_reader_resumes_at_k();
  EXPECT_GE(info(ch_).reclaimed, 1u) << "the dead holder's record was taken over";
}

TEST_F(NamedConsumer, NameHeldByALiveProcessIsBusy) {
  publish(0, kTotal);
  ChildProcess holder = reader(kTotal + 1, 0, "close");  // reads all, then waits for more
  ASSERT_TRUE(holder.wait_token(kTokenReady, kTokenTimeoutMs));
  dmxp_channel_options o = options();
  dmxp_consumer_options co = consumer_options("rec1");
  dmxp_consumer* c = nullptr;
  EXPECT_TRUE(FailsWith(dmxp_consumer_open(ch_, &o, &co, &c), DMXP_ERR_BUSY,
                        {"rec1", std::to_string(holder.pid())}));
  EXPECT_EQ(c, nullptr);
  dmxp_consumer_options other = consumer_options("rec2");
  ConsumerHandle different = open_consumer(ch_, o, &other);
  EXPECT_TRUE(different) << "other names are free";
  holder.kill_and_reap();
  ConsumerHandle taken = open_consumer(ch_, o, &co);
  EXPECT_TRUE(taken) << "a dead holder's name can be taken over";
}

}  // namespace
}  // namespace dmxp_test
