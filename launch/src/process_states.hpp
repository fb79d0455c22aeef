// process_states.hpp - the launcher's process states as a topic, for dashboards and tools
// (dmxp-foxglove's dashboard, `dmxp topic echo /dmxp_launch/processes`): every process of the
// graph with its state (waiting, running, respawning, exited, stopping), pid, restarts and
// how it last ended, published as dmxp_nodes_msgs/ProcessStates whenever one changes.
//
// The channel is KEEP_LAST, so the launcher never waits for a reader, and it retains the
// latest states for a reader that opens it later. A launcher that cannot open the channel
// (another launcher's of another type, say) prints why once and runs without it.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace dmxp::launch {

struct ProcessStatus {
  std::string name;
  int pid = 0;
  std::string state;  // waiting | running | respawning | exited | stopping
  unsigned restarts = 0;
  std::string last_exit;
};

inline constexpr const char* kProcessStatesTopic = "/dmxp_launch/processes";

class ProcessStatePublisher {
 public:
  // Opens (or creates) the topic's channel in domain; on failure, error() says why and
  // publish() does nothing.
  explicit ProcessStatePublisher(const std::string& domain);
  ~ProcessStatePublisher();
  void publish(const std::vector<ProcessStatus>& processes);
  const std::string& error() const { return error_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string error_;
};

}  // namespace dmxp::launch
