// fast_clock.hpp - CLOCK_REALTIME in nanoseconds for commit timestamps, from the TSC.
// clock_gettime costs ~25 ns in a VM (pvclock), as much as a whole cache-line hand-off, and a
// commit stamps every message. With an invariant TSC, each thread reads the TSC and scales it
// from an anchor it refreshes with clock_gettime every ~50 ms; the scale is measured over the
// thread's whole life, so its error shrinks as the thread runs (and is ~0.1 us at worst).
// Timestamps are informational (latency, recording); ordering comes from keys, never from them.
#pragma once

#include <cstdint>

namespace dmxp::detail {

uint64_t fast_realtime_ns();

}  // namespace dmxp::detail
