// dmxp_channel_gc against real processes: channels whose producers and consumers all belong
// to processes that exited (normally without closing, or SIGKILLed) are removed; channels a
// live process uses are kept; parked named cursors (their owner closed or died) keep their
// channel unless remove_parked. A channel still being created (empty, or its header not yet
// ready) is kept while its creator lives or, creator unknown, for a grace period.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "segments/layout.hpp"
#include "segment_image.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

using Gc = DomainTest;

pid_t a_dead_pid() {
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  int status = 0;
  waitpid(pid, &status, 0);
  return pid;
}

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

// Waits until pid (our child) is stopped by a signal; false after timeout_ms.
bool wait_until_stopped(pid_t pid, int timeout_ms) {
  for (int waited = 0; waited < timeout_ms; waited += 2) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WUNTRACED | WNOHANG);
    if (r == pid && WIFSTOPPED(status)) return true;
    if (r == pid) return false;  // exited or died instead
    usleep(2000);
  }
  return false;
}

TEST_F(Gc, LeavesAChannelBeingCreatedAlone) {
  const char* ch = channel("nascent");
  // A real creator, stopped by its crash point after sizing the segment and before writing
  // any of its header.
  ChildProcess creator = ChildProcess::exec({"/usr/bin/env",
                                             "DMXP_CRASH_AT=channel.create.sized:1:stop",
                                             DMXP_TEST_CREATOR_PATH, domain(), ch, "born"});
  ASSERT_TRUE(wait_until_stopped(creator.pid(), kTokenTimeoutMs));
  struct stat st{};
  ASSERT_EQ(stat(segment_path(ch).c_str(), &st), 0);
  EXPECT_GT(st.st_size, 0) << "stopped after sizing";

  uint32_t removed = 99;
  ASSERT_DMXP_OK(dmxp_channel_gc(domain(), 1, &removed));
  EXPECT_EQ(removed, 0u);
  ASSERT_TRUE(shm_exists(segment(ch))) << "gc removed a channel while it was being created";

  ASSERT_EQ(kill(creator.pid(), SIGCONT), 0);
  EXPECT_TRUE(ExitsCleanly(creator));
  dmxp_channel_options o = options();
  o.create = 0;
  ConsumerHandle c = open_consumer(ch, o);
  ASSERT_TRUE(c);
  dmxp_message m;
  ASSERT_DMXP_OK(dmxp_consumer_receive(c.get(), &m, kReceiveTimeoutNs));
  EXPECT_EQ(as_string(m), "born") << "the channel gc saw is the one its creator finished";
}

TEST_F(Gc, KeepsHalfCreatedSegmentsWhileTheirCreatorMayStillFinish) {
  namespace layout = dmxp::layout;
  std::vector<uint8_t> valid = valid_image();
  std::vector<uint8_t> zeros(valid.size(), 0);  // sized, not one header field written yet
  std::vector<uint8_t> live = valid;            // header under way, its creator alive
  header_of(live).init_state.store(layout::kInitializing);
  header_of(live).creator_pid = getpid();
  std::vector<uint8_t> dead = live;             // header under way, its creator gone
  header_of(dead).creator_pid = a_dead_pid();
  struct Planted {
    const char* name;
    const std::vector<uint8_t>* bytes;
    bool old;  // last modified a minute ago
    bool kept;
  };
  const std::vector<uint8_t> none;
  const Planted planted[] = {
      {"empty-young", &none, false, true},  {"empty-old", &none, true, false},
      {"zeros-young", &zeros, false, true}, {"zeros-old", &zeros, true, false},
      {"live-old", &live, true, true},      {"dead-young", &dead, false, false},
  };
  for (const Planted& p : planted) {
    const char* ch = channel(p.name);
    ASSERT_EQ(plant_segment(segment(ch), *p.bytes, off_t(p.bytes->size())), "");
    if (p.old) {
      ASSERT_EQ(age_segment(segment(ch), 60), "");
    }
  }
  uint32_t removed = 99;
  ASSERT_DMXP_OK(dmxp_channel_gc(domain(), 1, &removed));
  EXPECT_EQ(removed, 3u);
  for (const Planted& p : planted) EXPECT_EQ(shm_exists(segment(p.name)), p.kept) << p.name;
}

}  // namespace
}  // namespace dmxp_test
