#include "node/process.hpp"

#include <unistd.h>

#include <ctime>

#include "dmxp/dmxp.h"

namespace dmxp::rt::detail {

// Liveness follows the transport's rule (pid + start time), so both layers agree on who died.
uint64_t process_start_time(pid_t pid) { return dmxp_process_start_time(int32_t(pid)); }

uint64_t own_start_time() {
  // Not cached across fork(): a forked child has its own start time.
  return process_start_time(getpid());
}

bool process_alive(pid_t pid, uint64_t start_time) {
  return dmxp_process_alive(int32_t(pid), start_time) != 0;
}

uint64_t realtime_ns() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

uint64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

}  // namespace dmxp::rt::detail
