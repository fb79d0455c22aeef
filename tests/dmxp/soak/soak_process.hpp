// soak_process.hpp - the soak's child processes: fork + exec of dmxp_soak itself in a role,
// a parent-death signal so that no child outlives a killed supervisor, and non-blocking
// reaping (the supervisor never waits on a child without a deadline).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace dmxp_soak {

// Forks and execs this program again (/proc/self/exe), or the program open at exec_fd (>= 0),
// with args (argv[0] = name) and the environment plus extra_env ("NAME=value", may be empty).
// Returns the pid, or -1.
pid_t spawn_child(const std::string& name, const std::vector<std::string>& args,
                  int exec_fd = -1, const std::string& extra_env = "");
// Non-blocking: true when pid has ended (then *status is its wait status).
bool reap_child(pid_t pid, int* status);
// "exited with code 3", "killed by signal 9 (Killed)".
std::string describe_wait_status(int status);

}  // namespace dmxp_soak
