// waiters.hpp - announcing a sleep on a channel, so that publishers make a wake-up syscall only
// when somebody sleeps (a syscall costs more than the whole hand-off), and taking back the
// announcements of processes killed asleep.
//
// The count lives in the channel header (data_waiters, waitset_waiters, space_waiters); which
// counts a process added lives in its record's asleep word. The two words cannot change in one
// atomic step, so the record says where in between a process is:
//   announce:  set transit bit -> count + 1 -> set counted bit -> clear transit bit
//   withdraw:  set transit bit -> clear counted bit -> count - 1 -> clear transit bit
// "counted" set means the count includes this process; "transit" alone is ambiguous. A
// reclaimer subtracts what is definitely counted and, for an ambiguous record, raises
// waiter_recount; recount_waiters() then recomputes the counts from the records (see there why
// that is safe while live processes announce and withdraw).
#pragma once

#include <atomic>
#include <cstdint>

namespace dmxp::detail {

class Channel;

enum class WaitKind : uint32_t { kData = 0, kWaitset = 1, kSpace = 2 };

void announce_sleep(const Channel& channel, std::atomic<uint32_t>& asleep, WaitKind kind);
void withdraw_sleep(const Channel& channel, std::atomic<uint32_t>& asleep, WaitKind kind);
// For whoever holds a dead process's record in transition (record_owner.hpp): takes back the
// counts it definitely added and clears its bits. Returns true when one was ambiguous: then
// call request_recount() once the record is free again.
bool take_back_sleeps(const Channel& channel, std::atomic<uint32_t>& asleep);
// Raises waiter_recount and tries recount_waiters().
void request_recount(const Channel& channel);
// Recomputes the waiter counts from the records if waiter_recount is raised and no record is
// in transition (a reclaimer may be taking counts back) and no process is between its bit and
// its count. Cheap when nothing is raised.
void recount_waiters(const Channel& channel);

}  // namespace dmxp::detail
