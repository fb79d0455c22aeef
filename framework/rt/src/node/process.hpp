// process.hpp - process identity for liveness checks: pid plus the start time from
// /proc/<pid>/stat, so a reused pid is never mistaken for the process that registered.
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace dmxp::rt::detail {

uint64_t process_start_time(pid_t pid);  // 0 when unknown
uint64_t own_start_time();               // cached
// Dead: no such process, a zombie, or another process with the same pid.
// start_time 0 skips the identity check.
bool process_alive(pid_t pid, uint64_t start_time);

uint64_t realtime_ns();
uint64_t monotonic_ns();

}  // namespace dmxp::rt::detail
