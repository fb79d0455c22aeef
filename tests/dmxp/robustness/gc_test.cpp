// dmxp_channel_gc against real processes: channels whose producers and consumers all belong
// to processes that exited (normally without closing, or SIGKILLed) are removed; channels a
// live process uses are kept; parked named cursors (their owner closed or died) keep their
// channel unless remove_parked.
#include <signal.h>
#include <unistd.h>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

using Gc = DomainTest;

// Attaches a producer and a consumer (named if name is set) and leaves without closing.
int attach_and_exit(ChildIo& io, const char* domain, const char* ch, const char* name,
                    bool wait_for_kill) {
  dmxp_channel_options o;
  dmxp_channel_options_init(&o);
  o.domain = domain;
  dmxp_consumer_options co;
  dmxp_consumer_options_init(&co);
  co.name = name;
  dmxp_producer* p = nullptr;
  dmxp_consumer* c = nullptr;
  if (dmxp_producer_open(ch, &o, &p) != DMXP_OK) return 2;
  if (dmxp_consumer_open(ch, &o, &co, &c) != DMXP_OK) return 3;
  if (dmxp_producer_send(p, "x", 1, 0, nullptr) != DMXP_OK) return 4;
  io.send_token(kTokenReady);
  if (wait_for_kill) io.wait_token('Z', 600'000);
  return 0;  // _exit without closing anything
}

TEST_F(Gc, RemovesChannelsOfDeadProcessesAndKeepsLiveOnes) {
  struct Orphan {
    const char* ch;
    const char* name;
    bool killed;
  };
  const Orphan orphans[] = {
      {channel("exited"), nullptr, false},
      {channel("killed"), nullptr, true},
      {channel("parked-exited"), "cursor", false},
      {channel("parked-killed"), "cursor", true},
  };
  for (const Orphan& orphan : orphans) {
    ChildProcess child = ChildProcess::fork([&](ChildIo& io) {
      return attach_and_exit(io, domain(), orphan.ch, orphan.name, orphan.killed);
    });
    ASSERT_TRUE(child.wait_token(kTokenReady, kTokenTimeoutMs)) << orphan.ch;
    if (orphan.killed) {
      EXPECT_EQ(child.kill_and_reap().signal, SIGKILL);
    } else {
      EXPECT_TRUE(ExitsCleanly(child));
    }
    dmxp_channel_info i = info(orphan.ch);
    EXPECT_EQ(i.producers, 0u) << orphan.ch << ": its producer's process is gone";
    EXPECT_EQ(i.consumers, 0u) << orphan.ch;
    EXPECT_EQ(i.parked_cursors, orphan.name ? 1u : 0u) << orphan.ch;
  }
  dmxp_channel_options o = options();
  ProducerHandle live_producer = open_producer(channel("live-producer"), o);
  ConsumerHandle live_consumer = open_consumer(channel("live-consumer"), o);
  ASSERT_TRUE(live_producer && live_consumer);

  uint32_t removed = 0;
  ASSERT_DMXP_OK(dmxp_channel_gc(domain(), 0, &removed));
  EXPECT_EQ(removed, 2u);
  EXPECT_FALSE(shm_exists(segment("exited")));
  EXPECT_FALSE(shm_exists(segment("killed")));
  EXPECT_TRUE(shm_exists(segment("parked-exited")));
  EXPECT_TRUE(shm_exists(segment("parked-killed")));
  EXPECT_TRUE(shm_exists(segment("live-producer")));
  EXPECT_TRUE(shm_exists(segment("live-consumer")));

  ASSERT_DMXP_OK(dmxp_channel_gc(domain(), 1, &removed));
  EXPECT_EQ(removed, 2u);
  EXPECT_FALSE(shm_exists(segment("parked-exited")));
  EXPECT_FALSE(shm_exists(segment("parked-killed")));
  EXPECT_TRUE(shm_exists(segment("live-producer")));
  EXPECT_TRUE(shm_exists(segment("live-consumer")));
}

}  // namespace
}  // namespace dmxp_test
