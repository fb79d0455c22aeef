// record_owner.hpp - the ownership states of a consumer or producer record (owner_pid; see
// "Who owns a record" in layout.hpp) and the transitions between them. Claim, release, reclaim
// and repair all go through here, so that exactly one process at a time changes a record and a
// liveness check never pairs a new owner's pid with the previous owner's start time.
#pragma once

#include <atomic>
#include <cstdint>

#include "platform/os.hpp"

namespace dmxp::detail {

// The owner word as last seen, with what it means for the caller.
enum class OwnerState {
  kFree,         // 0: free (or a parked cursor)
  kLive,         // owned by a live process
  kDead,         // owned by a process that died (or whose pid now names another process)
  kTransit,      // in transition by a live process (possibly this one)
  kDeadTransit,  // in transition by a process that died mid-way
};

template <typename Record>
OwnerState owner_state(const Record& r, int32_t* pid_out = nullptr) {
  // SYNC POINT: acquire pairs with publish_owner's release store of the pid, which follows the
  // start-time store: the start time read next belongs to this pid (or to a later owner, whose
  // start time differs, so the check errs towards "dead", and the CAS that would act on it
  // fails because the word changed).
  int32_t pid = r.owner_pid.load(std::memory_order_acquire);
  if (pid_out) *pid_out = pid;
  if (pid == 0) return OwnerState::kFree;
  if (pid > 0)
    return process_alive(pid, r.owner_start_time.load(std::memory_order_relaxed))
               ? OwnerState::kLive : OwnerState::kDead;
  if (pid == INT32_MIN) return OwnerState::kDeadTransit;  // never a real pid: hostile bytes
  return process_alive(-pid, 0) ? OwnerState::kTransit : OwnerState::kDeadTransit;
}

// Takes the record into transition by this process if its owner word still reads `from`.
template <typename Record>
bool begin_transition(Record& r, int32_t from) {
  return r.owner_pid.compare_exchange_strong(from, -current_pid(), std::memory_order_seq_cst);
}

// Takes the record over if its owner died, or died mid-transition. Returns the owner word it
// replaced (to clean up after), or 0 when the record is free, live or in a live transition.
template <typename Record>
int32_t take_if_dead(Record& r) {
  int32_t pid = 0;
  OwnerState s = owner_state(r, &pid);
  if (s != OwnerState::kDead && s != OwnerState::kDeadTransit) return 0;
  return begin_transition(r, pid) ? pid : 0;
}

// Ends a claim: the start time first, then the pid that makes it count (release).
template <typename Record>
void publish_owner(Record& r) {
  r.owner_start_time.store(current_start_time(), std::memory_order_relaxed);
  r.owner_pid.store(current_pid(), std::memory_order_release);
}

// Ends a release or reclaim: the record is free (a named consumer record stays parked).
template <typename Record>
void publish_free(Record& r) {
  r.owner_start_time.store(0, std::memory_order_relaxed);
  r.owner_pid.store(0, std::memory_order_release);
}

}  // namespace dmxp::detail
