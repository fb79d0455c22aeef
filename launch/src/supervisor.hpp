// supervisor.hpp - stage 5: runs the plan. Processes start in order (each waiting for its
// readiness checks in the graph registry); their output goes through the OutputMux; exits
// are reported with status or signal, and respawned with delay and backoff when configured.
// Managed nodes (lifecycle: true) are configured, then activated, once every process started
// (with lifecycle autostart); a respawned process's managed nodes are brought up again.
// A required process's exit, SIGINT/SIGTERM, or the end of the run time stop everything: the
// managed nodes are deactivated, cleaned up and shut down first (lifecycle_manager.hpp), then
// the processes in reverse start order: SIGINT to the process group, SIGTERM after its
// stop_timeout, SIGKILL after its kill_timeout. A second SIGINT/SIGTERM kills what is left
// at once.
//
// Everything runs on one Boost.Asio io_context in the calling thread: signals (SIGCHLD
// included) through a signal_set, output pipes as stream descriptors, delays as timers.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "launch_graph.hpp"
#include "output_mux.hpp"
#include "process_plan.hpp"
#include "process_states.hpp"

namespace dmxp::launch {

struct SupervisorOptions {
  std::string domain;
  double run_time_s = 0;          // 0: until SIGINT/SIGTERM or until every process exited
  double summary_period_s = 0;    // 0: no live summary
  // Lines for the live summary; called every summary period.
  std::function<std::vector<std::string>(double elapsed_s)> summary;
  // Called between summaries (at least every 0.5 s): lets the summary drain what it reads.
  std::function<void()> summary_poll;
  // Called with every process's state whenever one changes (process_states.hpp).
  std::function<void(const std::vector<ProcessStatus>&)> on_states;
  LifecycleSettings lifecycle;    // for the plan's managed nodes
};

// Exit codes of dmxp-launch.
enum ExitCode : int { kExitOk = 0, kExitNodeFailed = 1, kExitBadInput = 2 };

class Supervisor {
 public:
  Supervisor(std::vector<ProcessSpec> plan, OutputMux& mux, SupervisorOptions options);
  ~Supervisor();
  // Blocks until every process is gone. kExitNodeFailed when a required process failed
  // (non-zero status or a signal), a process could not be started, a readiness check
  // timed out or a managed node could not be brought up; kExitOk otherwise.
  int run();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace dmxp::launch
