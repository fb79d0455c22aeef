#include "endpoints/waitset.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "platform/error.hpp"
#include "segments/domain.hpp"

namespace dmxp::detail {
namespace {

bool doorbell_forced() {
  const char* v = std::getenv("DMXP_WAITSET_DOORBELL");
  return v && *v && std::strcmp(v, "0") != 0;
}

}  // namespace

WaitSet::WaitSet() : use_waitv_(!doorbell_forced() && futex_waitv_supported()) {}

int WaitSet::add(Consumer* consumer) {
  if (!consumer) return fail(DMXP_ERR_INVALID_ARGUMENT, "waitset: consumer is NULL");
  if (!members_.empty() &&
      &members_.front().consumer->channel().domain() != &consumer->channel().domain())
    return fail(DMXP_ERR_INVALID_ARGUMENT, "waitset: channel '%s' is in domain '%s', the "
                "waitset's channels are in '%s'", consumer->channel().name().c_str(),
                consumer->channel().domain().name().c_str(),
                members_.front().consumer->channel().domain().name().c_str());
  members_.push_back(Member{consumer});
  domain_.store(&consumer->channel().domain(), std::memory_order_release);
  planned_ = false;
  return DMXP_OK;
}

int WaitSet::enable(size_t index, bool enabled) {
  if (index >= members_.size())
    return fail(DMXP_ERR_INVALID_ARGUMENT, "waitset: no consumer at index %zu (it has %zu)",
                index, members_.size());
  if (members_[index].enabled != enabled) {
    members_[index].enabled = enabled;
    planned_ = false;
  }
  return DMXP_OK;
}

void WaitSet::wake() {
  // SYNC POINT: Dekker with wait(): it publishes sleeping_ before it reads wake_pending_, we
  // publish wake_pending_ before we read sleeping_, so one of us sees the other. The word
  // changes before the wake, so a waiter that read it earlier does not go to sleep on it.
  wake_pending_.store(1, std::memory_order_seq_cst);
  wake_word_.fetch_add(1, std::memory_order_seq_cst);
  switch (sleeping_.load(std::memory_order_seq_cst)) {
    case kOnWords: futex_wake_private(&wake_word_); break;
    case kOnDoorbell:
      if (Domain* d = domain_.load(std::memory_order_acquire)) d->ring_doorbell();
      break;
    default: break;
  }
}

void WaitSet::plan() {
  words_.clear();
  words_.push_back(FutexWord{&wake_word_, 0, true});
  any_enabled_ = any_on_doorbell_ = false;
  // The kernel's limit, less the wake word and the doorbell.
  const size_t channel_words = use_waitv_ ? kFutexWaitvMax - 2 : 0;
  std::vector<std::atomic<uint32_t>*> planned;  // sorted: members may share a channel
  for (Member& m : members_) {
    m.on_doorbell = false;
    if (!m.enabled) continue;
    any_enabled_ = true;
    std::atomic<uint32_t>* word = &m.consumer->channel().header()->data_futex;
    auto at = std::lower_bound(planned.begin(), planned.end(), word);
    if (at != planned.end() && *at == word) continue;
    if (planned.size() < channel_words) {
      planned.insert(at, word);
      words_.push_back(FutexWord{word, 0, false});
    } else {
      m.on_doorbell = any_on_doorbell_ = true;
    }
  }
  if (any_on_doorbell_)
    words_.push_back(FutexWord{&domain_.load(std::memory_order_relaxed)->doorbell(), 0, false});
  planned_ = true;
}

size_t WaitSet::scan(uint8_t* ready, size_t ready_size) const {
  size_t n = 0;
  for (size_t i = 0; i < members_.size(); ++i) {
    bool r = members_[i].enabled && members_[i].consumer->ready();
    if (i < ready_size) ready[i] = r;
    n += r;
  }
  return n;
}

void WaitSet::announce(bool asleep) const {
  for (const Member& m : members_)
    if (m.enabled) m.consumer->announce_waitset_sleep(asleep, m.on_doorbell);
}

void WaitSet::repair_stalled() const {
  for (const Member& m : members_)
    if (m.enabled) m.consumer->repair_if_stalled();
}

int WaitSet::sleep(uint64_t deadline_ns) {
  // Sleeping a whole stall period is the moment to check for writers that died mid-write.
  uint64_t until = deadline_ns;
  if (any_enabled_) {
    uint64_t stall = uint64_t(members_.front().consumer->channel().stall_timeout_ns());
    until = std::min(until, monotonic_ns() + stall);
  }
  int rc;
  if (use_waitv_) {
    rc = futex_waitv(words_.data(), words_.size(), until);
  } else {
    const FutexWord& w = any_on_doorbell_ ? words_.back() : words_.front();
    int64_t nap = until == UINT64_MAX ? -1 : int64_t(until - std::min(until, monotonic_ns()));
    rc = w.is_private ? futex_wait_private(w.word, w.expected, nap)
                      : futex_wait(w.word, w.expected, nap);
  }
  // A nap that ended at the stall period, not at the caller's deadline.
  return rc == DMXP_ERR_TIMEOUT && until < deadline_ns ? DMXP_ERR_WOULD_BLOCK : rc;
}

int WaitSet::wait(uint8_t* ready, size_t ready_size, size_t* ready_count, int64_t timeout_ns,
                  int64_t spin_ns) {
  if (ready && ready_size) std::memset(ready, 0, ready_size);
  uint8_t scratch = 0;
  if (!ready) { ready = &scratch; ready_size = 0; }
  if (!planned_) plan();
  const uint64_t deadline =
      timeout_ns >= 0 ? monotonic_ns() + uint64_t(timeout_ns) : UINT64_MAX;
  auto done = [&](size_t n) {
    if (ready_count) *ready_count = n;
    return DMXP_OK;
  };
  // Polling first: a message that comes within the spin costs no sleep and no wake-up
  // syscall on either side (a sleeping member makes producers call FUTEX_WAKE).
  const uint64_t spin_until =
      spin_ns > 0 ? std::min(deadline, monotonic_ns() + uint64_t(spin_ns)) : 0;
  for (int poll = 0;; ++poll) {
    if (size_t n = scan(ready, ready_size)) return done(n);
    if (wake_pending_.load(std::memory_order_relaxed)) break;
    if (spin_ns < 0 ? poll + 1 >= kDefaultSpinPolls
                    : poll % 16 == 15 && monotonic_ns() >= spin_until)  // clock read 1 in 16
      break;
    if (spin_ns == 0) break;
    cpu_relax();
  }
  for (;;) {
    // SYNC POINT: Dekker with Channel::notify_data, as for single consumers: the members
    // count themselves as sleepers, then the words' values are read, then the rings are
    // checked; a commit after the check changes a word (the call returns at once).
    announce(true);
    sleeping_.store(use_waitv_ || !any_on_doorbell_ ? kOnWords : kOnDoorbell,
                    std::memory_order_seq_cst);
    for (FutexWord& w : words_) w.expected = w.word->load(std::memory_order_seq_cst);
    bool woken = wake_pending_.exchange(0, std::memory_order_seq_cst) != 0;
    size_t n = woken ? 0 : scan(ready, ready_size);
    int rc = DMXP_OK;
    bool slept_out = false;  // a whole nap without a wake
    if (n == 0 && !woken && monotonic_ns() < deadline) {
      rc = sleep(deadline);
      slept_out = rc == DMXP_ERR_WOULD_BLOCK || rc == DMXP_ERR_TIMEOUT;
    }
    sleeping_.store(kAwake, std::memory_order_relaxed);
    announce(false);
    if (n || (n = scan(ready, ready_size))) return done(n);
    if (woken || wake_pending_.exchange(0, std::memory_order_seq_cst)) return done(0);
    if (rc == DMXP_ERR_INTERRUPTED) return fail(rc, "waitset wait interrupted by a signal");
    if (slept_out) repair_stalled();
    if (monotonic_ns() >= deadline) break;
  }
  if (ready_count) *ready_count = 0;
  return DMXP_ERR_TIMEOUT;  // no detail (dmxp.h)
}

}  // namespace dmxp::detail
