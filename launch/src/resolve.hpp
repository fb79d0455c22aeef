// resolve.hpp - stage 3: finds what the expanded graph names on this machine: programs,
// ROS 2 package executables, component libraries and containers, parameter files, message
// type descriptors (search_path.hpp), and the resolved names of readiness topics.
#pragma once

#include "diagnostics.hpp"
#include "launch_graph.hpp"

namespace dmxp::launch {

void resolve_graph(LaunchGraph& graph, Diagnostics& diags);

}  // namespace dmxp::launch
