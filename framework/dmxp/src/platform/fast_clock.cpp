#include "platform/fast_clock.hpp"

#include <cpuid.h>
#include <x86intrin.h>

#include "platform/os.hpp"

namespace dmxp::detail {
namespace {

constexpr uint64_t kReanchorTicks = uint64_t(1) << 27;  // ~45 ms at 3 GHz

bool tsc_is_invariant() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(0x80000007, &a, &b, &c, &d)) return false;
  return (d & (1u << 8)) != 0;  // "invariant TSC": constant rate across P-states and cores
}

struct Anchor {
  uint64_t first_tsc = 0, first_ns = 0;  // calibration baseline
  uint64_t tsc = 0, ns = 0;              // latest anchor
  double ns_per_tick = 0;                // 0 until the baseline is long enough
};

thread_local Anchor t_anchor;
const bool g_invariant = tsc_is_invariant();

uint64_t reanchor(Anchor& a, uint64_t tsc_now) {
  uint64_t ns = realtime_ns();
  uint64_t tsc = __rdtsc();
  if (a.first_tsc == 0) {
    a.first_tsc = tsc;
    a.first_ns = ns;
  } else if (tsc > a.first_tsc && ns > a.first_ns) {
    a.ns_per_tick = double(ns - a.first_ns) / double(tsc - a.first_tsc);
  }
  a.tsc = tsc;
  a.ns = ns;
  (void)tsc_now;
  return ns;
}

}  // namespace

uint64_t fast_realtime_ns() {
  if (!g_invariant) return realtime_ns();
  Anchor& a = t_anchor;
  uint64_t now = __rdtsc();
  uint64_t since = now - a.tsc;
  if (a.ns_per_tick == 0 || since > kReanchorTicks) {
    // Until a full re-anchor period has passed there is no scale yet: use the real clock.
    if (a.ns_per_tick == 0 && a.first_tsc != 0 && since <= kReanchorTicks) return realtime_ns();
    return reanchor(a, now);
  }
  return a.ns + uint64_t(double(since) * a.ns_per_tick);
}

}  // namespace dmxp::detail
