// Blocking calls are woken from another process: a consumer asleep in receive(FOREVER) in a
// freshly exec'd process wakes on a send from the test; a producer blocked on a full RELIABLE
// ring in a child wakes when the test's consumer frees a slot. A signal (handler without
// SA_RESTART) ends either wait with DMXP_ERR_INTERRUPTED. Both delivery modes.
#include <signal.h>
#include <unistd.h>

#include "payload.hpp"
#include "peer_roles.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

class Blocking : public DomainTest, public ::testing::WithParamInterface<dmxp_mode> {
 protected:
  dmxp_channel_options mode_options() const {
    dmxp_channel_options o = options();
    o.mode = GetParam();
    o.capacity = 4;
    o.slot_size = 128;
    return o;
  }
};

TEST_P(Blocking, ReceiveForeverIsWokenBySendFromAnotherProcess) {
  dmxp_channel_options o = mode_options();
  const char* ch = channel("doorbell");
  ProducerHandle p = open_producer(ch, o);
  ASSERT_TRUE(p);
  ChildProcess waiter = ChildProcess::exec(peer_command({"wait-one", domain(), ch}));
  ASSERT_TRUE(waiter.wait_token(kTokenReady, kTokenTimeoutMs));
  usleep(30'000);  // most likely asleep on the futex by now; correctness does not depend on it
  uint8_t buf[sizeof(TestMessage)];
  MessageSpec spec;
  spec.seq = 7;
  uint64_t key = 0;
  ASSERT_DMXP_OK(dmxp_producer_send(p.get(), buf, write_message(buf, spec, 0), 0, &key));
  PeerResult r;
  ASSERT_TRUE(waiter.read_exact(&r, sizeof r, kChildTimeoutMs)) << "the waiter never woke";
  EXPECT_TRUE(ExitsCleanly(waiter));
  EXPECT_EQ(r.status, DMXP_OK);
  EXPECT_EQ(r.received, 1u);
  EXPECT_EQ(r.first_seq, 7u);
  EXPECT_EQ(r.first_key, key);
}

int fill_then_send_one_more(ChildIo& io, const char* ch, const dmxp_channel_options& o) {
  dmxp_producer* p = nullptr;
  if (dmxp_producer_open(ch, &o, &p) != DMXP_OK) return 2;
  uint8_t buf[sizeof(TestMessage)];
  for (uint64_t s = 0; s < 5; ++s) {
    if (s == 4) io.send_token('F');  // the ring is full: this send blocks
    MessageSpec spec;
    spec.seq = s;
    if (int rc = dmxp_producer_send(p, buf, write_message(buf, spec, 0), DMXP_FOREVER, nullptr)) {
      dprintf(2, "blocked producer: status %d: %s\n", rc, dmxp_last_error());
      return 3;
    }
  }
  io.send_token('S');
  dmxp_producer_close(p);
  return 0;
}

TEST_P(Blocking, SendBlockedOnAFullRingIsWokenWhenAnotherProcessFreesASlot) {
  dmxp_channel_options o = mode_options();
  const char* ch = channel("full");
  ConsumerHandle c = open_consumer(ch, o);
  ASSERT_TRUE(c);
  o.create = 0;
  ChildProcess producer =
      ChildProcess::fork([&](ChildIo& io) { return fill_then_send_one_more(io, ch, o); });
  ASSERT_TRUE(producer.wait_token('F', kTokenTimeoutMs));
  usleep(30'000);
  dmxp_message m;
  TestMessage h;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
  ASSERT_EQ(check_message(m.data, m.size, &h), Verdict::kOk);
  EXPECT_EQ(h.seq, 0u);
  ASSERT_DMXP_OK(dmxp_consumer_release(c.get()));
  ASSERT_TRUE(producer.wait_token('S', kTokenTimeoutMs)) << "the blocked send never completed";
  EXPECT_TRUE(ExitsCleanly(producer));
  for (uint64_t want = 1; want < 5; ++want) {
    ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
    ASSERT_EQ(check_message(m.data, m.size, &h), Verdict::kOk);
    EXPECT_EQ(h.seq, want);
  }
}

void on_signal(int) {}

// In a child: a handler without SA_RESTART, then a receive or send that blocks forever.
int block_until_signalled(ChildIo& io, const char* ch, const dmxp_channel_options& o,
                          bool in_send) {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  if (sigaction(SIGUSR1, &sa, nullptr) != 0) return 2;
  int32_t status = 0;
  if (in_send) {
    dmxp_producer* p = nullptr;
    if (dmxp_producer_open(ch, &o, &p) != DMXP_OK) return 3;
    uint8_t buf[sizeof(TestMessage)];
    MessageSpec spec;
    for (uint32_t i = 0; i < o.capacity; ++i)  // fill the ring: the next send must wait
      if (dmxp_producer_send(p, buf, write_message(buf, spec, 0), 0, nullptr) != DMXP_OK) return 4;
    io.send_token(kTokenReady);
    status = dmxp_producer_send(p, buf, write_message(buf, spec, 0), DMXP_FOREVER, nullptr);
    dmxp_producer_close(p);
  } else {
    dmxp_consumer_options co;
    dmxp_consumer_options_init(&co);
    co.spin_ns = 0;
    dmxp_consumer* c = nullptr;
    if (dmxp_consumer_open(ch, &o, &co, &c) != DMXP_OK) return 3;
    io.send_token(kTokenReady);
    dmxp_message m;
    status = dmxp_consumer_receive(c, &m, DMXP_FOREVER);
    dmxp_consumer_close(c);
  }
  return io.write_all(&status, sizeof status) ? 0 : 5;
}

// The signal is sent again every 20 ms: one that lands while the waiter is between two
// sleeps runs its handler without interrupting a system call, and the wait goes on.
int32_t signal_until_it_returns(ChildProcess& child) {
  int32_t status = 1;
  for (int i = 0; i < 500; ++i) {
    kill(child.pid(), SIGUSR1);
    if (child.read_exact(&status, sizeof status, 20)) return status;
  }
  return status;
}

TEST_P(Blocking, SignalInterruptsABlockedReceive) {
  dmxp_channel_options o = mode_options();
  const char* ch = channel("interrupted");
  ProducerHandle creator = open_producer(ch, o);
  ASSERT_TRUE(creator);
  o.create = 0;
  ChildProcess waiter = ChildProcess::fork(
      [&](ChildIo& io) { return block_until_signalled(io, ch, o, false); });
  ASSERT_TRUE(waiter.wait_token(kTokenReady, kTokenTimeoutMs));
  EXPECT_EQ(signal_until_it_returns(waiter), DMXP_ERR_INTERRUPTED);
  EXPECT_TRUE(ExitsCleanly(waiter));
}

TEST_P(Blocking, SignalInterruptsASendBlockedOnAFullRing) {
  dmxp_channel_options o = mode_options();
  const char* ch = channel("interrupted");
  ConsumerHandle gate = open_consumer(ch, o);  // reads nothing: the ring fills up
  ASSERT_TRUE(gate);
  o.create = 0;
  ChildProcess sender = ChildProcess::fork(
      [&](ChildIo& io) { return block_until_signalled(io, ch, o, true); });
  ASSERT_TRUE(sender.wait_token(kTokenReady, kTokenTimeoutMs));
  EXPECT_EQ(signal_until_it_returns(sender), DMXP_ERR_INTERRUPTED);
  EXPECT_TRUE(ExitsCleanly(sender));
}

INSTANTIATE_TEST_SUITE_P(Modes, Blocking,
                         ::testing::Values(DMXP_MODE_BROADCAST, DMXP_MODE_QUEUE),
                         [](const ::testing::TestParamInfo<dmxp_mode>& i) {
                           return std::string(i.param == DMXP_MODE_QUEUE ? "Queue" : "Broadcast");
                         });

}  // namespace
}  // namespace dmxp_test
