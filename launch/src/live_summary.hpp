// live_summary.hpp - what `dmxp-launch --summary S` prints every S seconds: each topic
// channel of the domain with its type, message rate since the last summary and live
// publishers/subscribers, then the latest latency report of every topic carrying
// dmxp_nodes_msgs/LatencyReport (the latency probe's, the controller's sensor-to-command
// latency), then the lifecycle state of every managed node (from its transition events).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dmxp/dmxp.hpp"

namespace dmxp::launch {

class LiveSummary {
 public:
  // managed: full names of the graph's managed nodes.
  explicit LiveSummary(std::string domain, std::vector<std::string> managed = {});
  // Attaches to the managed nodes' transition_event topics (creating their channels), at their
  // newest event: call before the processes start, so every transition of this run is seen.
  Status watch_lifecycle();
  std::vector<std::string> report(double elapsed_s);
  // Reads the latency topics up to their newest report and the transition events (call
  // often: the readers sit on reliable channels, where a reader a ring behind holds the
  // publisher back, or makes it drop events).
  void drain();

 private:
  std::string latency_line(const std::string& topic) const;
  std::vector<std::string> lifecycle_lines();

  // A managed node's newest state, and the pid of the process that published it (a node of
  // another process, a respawned one, starts over unconfigured).
  struct Managed {
    std::string node;
    std::optional<Consumer> events;
    std::string state;
    uint32_t pid = 0;
  };
  std::vector<Managed> managed_;

  std::string domain_;
  std::map<std::string, uint64_t> published_;        // channel -> count at the last report
  std::map<std::string, Consumer> latency_readers_;  // topic -> its reader
  std::map<std::string, std::vector<unsigned char>> latest_;  // topic -> newest report
};

}  // namespace dmxp::launch
