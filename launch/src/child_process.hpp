// child_process.hpp - starts one process of the plan: fork, its own process group (so the
// terminal's Ctrl-C reaches only the launcher, which stops nodes in order), stdout and stderr
// into one pipe the launcher reads, PR_SET_PDEATHSIG so a launcher killed with SIGKILL leaves
// no orphans, then exec. A failing exec (or chdir) is reported back through a close-on-exec
// pipe, so the caller gets the errno instead of a child that exits 127.
#pragma once

#include <sys/types.h>

#include <string>

#include "process_plan.hpp"

namespace dmxp::launch {

struct Spawned {
  pid_t pid = -1;
  int output_fd = -1;   // read end of the child's stdout+stderr, non-blocking
  std::string error;    // set when nothing was started
};

Spawned spawn_process(const ProcessSpec& spec);

// "exited with status 3", "killed by signal 9 (SIGKILL)".
std::string describe_wait_status(int status);

}  // namespace dmxp::launch
