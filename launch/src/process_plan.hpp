// process_plan.hpp - the processes a validated graph runs, in start order: one per
// executable node, one per container (at the place of its first component, with all its
// components on its command line). The supervisor starts, watches and stops these.
#pragma once

#include <string>
#include <vector>

#include "launch_graph.hpp"

namespace dmxp::launch {

// Start the next process only once `node` has a publisher of `topic` in the graph registry.
struct ReadyCheck {
  std::string node, topic;
  double timeout = 10.0;
};

struct ProcessSpec {
  std::string label;                  // the node's full name, or the container's
  std::vector<std::string> argv;
  StringPairs env;
  std::string cwd;
  ProcessPolicy policy;
  std::vector<std::string> members;   // full names of the nodes it runs
  std::vector<ReadyCheck> ready;
  std::vector<std::string> managed;   // those of its members that are managed (lifecycle: true)
};

std::vector<ProcessSpec> plan_processes(const LaunchGraph& graph);

// The resolved graph as a YAML document (--dry-run).
std::string describe(const LaunchGraph& graph, const std::vector<ProcessSpec>& plan);

}  // namespace dmxp::launch
