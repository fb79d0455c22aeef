// waitset.hpp - one thread waiting on many consumers at once, without polling while idle, and
// woken only by the channels it waits on.
//
// A waitset sleeps in one futex_waitv call (Linux 5.16) on the data futex of each of its
// channels plus a private wake word: a commit wakes only the waitsets and consumers asleep on
// that channel, so idle nodes cost nothing however busy their neighbours are. Each member
// counts itself as a data sleeper of its channel (data_waiters), so producers make the wake
// syscall only when somebody sleeps, and a waiter killed asleep is taken back by the usual
// reclaim of its consumer record (waiters.hpp).
//
// The kernel takes at most 128 words per call: members beyond the first 126 distinct channels
// sleep on the domain's doorbell instead (announced in waitset_waiters; every commit on such
// a channel rings it, waking every waitset that sleeps on it). Kernels without futex_waitv,
// or DMXP_WAITSET_DOORBELL=1 in the environment when the waitset is created, put every member
// on the doorbell: correct, but then each such commit wakes all doorbell sleepers.
#pragma once

#include <atomic>
#include <vector>

#include "endpoints/consumer.hpp"
#include "platform/os.hpp"

namespace dmxp::detail {

class WaitSet {
 public:
  WaitSet();

  int add(Consumer* consumer);
  // A disabled member is neither checked nor slept on (for a consumer that another thread is
  // draining); its ready[] entry stays 0.
  int enable(size_t index, bool enabled);
  // Polls checked before sleeping when the caller gives no spin time: about 10 us on the
  // project's VM, long enough for a reply that comes back at once, short enough that a
  // waiter does not burn CPU after the last message.
  static constexpr int kDefaultSpinPolls = 256;
  // ready[i] = 1 for enabled members with data. Returns DMXP_OK (also when woken by wake()
  // with nothing ready: *ready_count is 0 then), DMXP_ERR_TIMEOUT or DMXP_ERR_INTERRUPTED.
  // Before sleeping it polls the members for spin_ns (capped by the timeout), or
  // kDefaultSpinPolls times when spin_ns is negative.
  int wait(uint8_t* ready, size_t ready_size, size_t* ready_count, int64_t timeout_ns,
           int64_t spin_ns = -1);
  // From any thread: the current or next wait() returns. Costs a syscall only when the
  // waiting thread sleeps.
  void wake();

 private:
  enum Sleep : uint32_t { kAwake = 0, kOnWords = 1, kOnDoorbell = 2 };
  struct Member {
    Consumer* consumer;
    bool enabled = true;
    bool on_doorbell = false;  // set by plan()
  };

  size_t scan(uint8_t* ready, size_t ready_size) const;
  void plan();  // which futex words the enabled members sleep on
  void announce(bool asleep) const;
  void repair_stalled() const;
  // One sleep until a word changes, the deadline, or a stall period has passed.
  int sleep(uint64_t deadline_ns);

  std::vector<Member> members_;
  const bool use_waitv_;
  bool planned_ = false;
  bool any_enabled_ = false;
  bool any_on_doorbell_ = false;
  std::vector<FutexWord> words_;  // [0]: wake_word_; then data futexes; then the doorbell
  std::atomic<Domain*> domain_{nullptr};  // of the members (add() checks they share one)

  std::atomic<uint32_t> wake_word_{0};
  std::atomic<uint32_t> wake_pending_{0};
  std::atomic<uint32_t> sleeping_{kAwake};
};

}  // namespace dmxp::detail
