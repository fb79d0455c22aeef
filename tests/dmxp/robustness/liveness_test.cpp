// Who counts as alive, and who gets woken:
// - a process whose main thread called pthread_exit while other threads run on is alive (its
//   /proc entry shows the main thread as a zombie, which once made it "dead" and reclaimable);
// - a producer waiting for the previous lap of a slot to be committed by another producer is
//   woken by that commit, not by the end of its nap (the stall timeout).
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include "test_support.hpp"

namespace dmxp_test {
namespace {

char proc_state(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(f, line);
  size_t close = line.rfind(')');
  return close == std::string::npos || close + 2 >= line.size() ? '?' : line[close + 2];
}

using Liveness = DomainTest;

TEST_F(Liveness, MainThreadExitedWhileAnotherRunsIsAlive) {
  ChildProcess child = ChildProcess::fork([](ChildIo& io) {
    std::thread([&io] {
      io.wait_token('Z', 600'000);  // runs until killed
    }).detach();
    io.send_token('R');
    // Ends the main thread only, as pthread_exit does (without the forced unwind, which the
    // child harness would catch): the process lives on in the other thread.
    syscall(SYS_exit, 0);
    return 0;
  });
  ASSERT_TRUE(child.wait_token('R', kTokenTimeoutMs));
  uint64_t start = dmxp_process_start_time(child.pid());
  ASSERT_NE(start, 0u);
  for (int i = 0; i < 2000 && proc_state(child.pid()) != 'Z'; ++i) usleep(1000);
  ASSERT_EQ(proc_state(child.pid()), 'Z') << "the main thread did not exit";
  EXPECT_EQ(dmxp_process_alive(child.pid(), start), 1) << "a live thread still runs";
  EXPECT_EQ(child.kill_and_reap().signal, SIGKILL);
  EXPECT_EQ(dmxp_process_alive(child.pid(), start), 0);
}

// Loans one slot, reports 'L', commits when told ('C'), then exits.
int hold_then_commit(ChildIo& io, const char* ch, dmxp_channel_options o) {
  dmxp_producer* p = nullptr;
  if (dmxp_producer_open(ch, &o, &p) != DMXP_OK) return 2;
  void* buf = nullptr;
  if (dmxp_producer_loan(p, 8, &buf, 0) != DMXP_OK) return 3;
  std::memset(buf, 1, 8);
  io.send_token('L');
  if (!io.wait_token('C', kTokenTimeoutMs)) return 4;
  if (dmxp_producer_commit(p, 8, nullptr) != DMXP_OK) return 5;
  dmxp_producer_close(p);
  return 0;
}

TEST_F(Liveness, ProducerWaitingOnThePreviousLapIsWokenByItsCommit) {
  dmxp_channel_options o = options();
  o.backpressure = DMXP_KEEP_LAST;  // no consumer gates: only the previous lap's writer
  o.capacity = 2;
  o.slot_size = 64;
  o.stall_timeout_ns = 2'000'000'000;  // a nap this long would show
  const char* ch = channel("lap");
  ProducerHandle second = open_producer(ch, o);
  ASSERT_TRUE(second);
  o.create = 0;
  ChildProcess first = ChildProcess::fork([&](ChildIo& io) { return hold_then_commit(io, ch, o); });
  ASSERT_TRUE(first.wait_token('L', kTokenTimeoutMs));  // position 0 is loaned
  uint64_t byte = 7;
  ASSERT_DMXP_OK(dmxp_producer_send(second.get(), &byte, 8, 0, nullptr));  // position 1
  std::thread committer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let the sender fall asleep
    first.send_token('C');
  });
  auto t0 = std::chrono::steady_clock::now();
  // Position 2 reuses slot 0: the send waits for the first producer's commit.
  EXPECT_DMXP_OK(dmxp_producer_send(second.get(), &byte, 8, kReceiveTimeoutNs, nullptr));
  auto waited = std::chrono::steady_clock::now() - t0;
  committer.join();
  EXPECT_TRUE(ExitsCleanly(first));
  EXPECT_LT(waited, std::chrono::milliseconds(1000))
      << "the send slept through its nap instead of being woken by the commit";
}

}  // namespace
}  // namespace dmxp_test
