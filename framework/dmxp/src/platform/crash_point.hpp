// crash_point.hpp - named points where a test can make this process die (SIGKILL) or stop
// (SIGSTOP) on purpose, so that every crash window of the ring protocol is hit
// deterministically instead of by luck (FoundationDB/TigerBeetle-style fault injection).
//
// Compiled in only where DMXP_CRASHPOINTS is defined to 1 (the libdmxp_crashpoints test
// variant); in libdmxp every DMXP_CRASH_POINT is an empty statement.
//
// At run time the variant reads DMXP_CRASH_AT once:
//   DMXP_CRASH_AT=<point>:<n>[:kill|:stop]
// The n-th time (1-based) this process passes <point>, it raises SIGKILL (default) or SIGSTOP
// (the test interleaves another actor, then sends SIGCONT or SIGKILL). Every point is listed in
// kCrashPoints so that tests can check each one is exercised.
#pragma once

#include <cstddef>

namespace dmxp::detail {

// The names of every crash point in the transport, in protocol order.
inline constexpr const char* kCrashPoints[] = {
    // Producer: claim (loan), commit, abort.
    "producer.claim.recorded",       // claim range stored in the record, before the tail CAS
    "producer.claim.taken",          // tail CAS won, slots not yet stamped "writing"
    "producer.claim.stamped",        // every claimed slot stamped "writing": the loan is held
    "producer.commit.slot",          // before each slot's commit store (batches: back to front)
    "producer.commit.done",          // all slots committed, claim not yet cleared
    "producer.drop_oldest.head",     // QUEUE+KEEP_LAST: head moved past the dropped slot
    "producer.wait.counted",         // space waiter counted, asleep bit not yet set
    // Consumer: queue claim, release, waiting.
    "consumer.queue.announced",      // holding range announced, before the head CAS
    "consumer.queue.taken",          // head CAS won, views about to be handed out
    "consumer.release.slot",         // QUEUE: before each slot's "consumed" store
    "consumer.release.cursor",       // BROADCAST: before the cursor store
    "consumer.wait.counted",         // data waiter counted, asleep bit not yet set
    // Records: claiming and detaching.
    "record.claim.owned",            // owner pid CAS won, start time not yet written
    "record.park",                   // named consumer detaching: cursor stored, before parking
    // Crash repair (run by whoever waited longer than the stall timeout).
    "repair.producer.taken",         // a dead producer's record taken for repair
    "repair.slot",                   // before a dead claim's slot is committed as a skip
    "repair.producer.cleaned",       // claim repaired, record not yet freed
    "reclaim.consumer.taken",        // a dead consumer's record taken for reclaim
    "reclaim.consumer.slot",         // QUEUE: before a dead holder's slot is marked consumed
    "reclaim.consumer.cleaned",      // record cleaned, not yet freed or parked
    // Creation.
    "channel.create.sized",          // segment sized, creator pid written, rest of header not
};
inline constexpr size_t kCrashPointCount = sizeof(kCrashPoints) / sizeof(kCrashPoints[0]);

#if defined(DMXP_CRASHPOINTS) && DMXP_CRASHPOINTS
// Counts a pass through point and acts when DMXP_CRASH_AT names it and its turn has come.
void crash_point(const char* point) noexcept;
#define DMXP_CRASH_POINT(point) ::dmxp::detail::crash_point(point)
#else
#define DMXP_CRASH_POINT(point) ((void)0)
#endif

}  // namespace dmxp::detail
