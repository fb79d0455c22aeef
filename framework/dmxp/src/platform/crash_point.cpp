// crash_point.cpp - the run-time side of DMXP_CRASH_POINT (test variant only; see the header).
#include "platform/crash_point.hpp"

#if defined(DMXP_CRASHPOINTS) && DMXP_CRASHPOINTS
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace dmxp::detail {
namespace {

struct Plan {
  char point[64] = {};
  unsigned long turn = 0;   // 0: no plan
  int signal = SIGKILL;
};

Plan parse_plan() {
  Plan plan;
  const char* spec = std::getenv("DMXP_CRASH_AT");
  if (!spec || !*spec) return plan;
  const char* colon = std::strchr(spec, ':');
  size_t len = colon ? size_t(colon - spec) : std::strlen(spec);
  if (len == 0 || len >= sizeof plan.point) return plan;
  std::memcpy(plan.point, spec, len);
  plan.turn = colon ? std::strtoul(colon + 1, nullptr, 10) : 1;
  if (plan.turn == 0) plan.turn = 1;
  const char* action = colon ? std::strchr(colon + 1, ':') : nullptr;
  if (action && std::strcmp(action + 1, "stop") == 0) plan.signal = SIGSTOP;
  bool known = false;
  for (const char* p : kCrashPoints) known = known || std::strcmp(p, plan.point) == 0;
  if (!known) {  // a typo would make a crash test pass vacuously: refuse loudly
    std::fprintf(stderr, "DMXP_CRASH_AT names unknown crash point '%s'\n", plan.point);
    std::abort();
  }
  return plan;
}

const Plan& plan() {
  static const Plan p = parse_plan();
  return p;
}

}  // namespace

void crash_point(const char* point) noexcept {
  const Plan& p = plan();
  if (p.turn == 0 || std::strcmp(p.point, point) != 0) return;
  static std::atomic<unsigned long> passes{0};
  if (passes.fetch_add(1, std::memory_order_relaxed) + 1 != p.turn) return;
  // Say where we stopped (tests read it to know the point was really reached).
  char line[128];
  int n = std::snprintf(line, sizeof line, "dmxp crash point %s:%lu reached (pid %d)\n", point,
                        p.turn, int(getpid()));
  if (n > 0) (void)!write(2, line, size_t(n));
  raise(p.signal);
}

}  // namespace dmxp::detail
#endif
