// validate.hpp - stage 4: checks that need the whole resolved graph: duplicate node and
// container names, topics declared twice with different types or geometry (the duplicates of
// an identical declaration are dropped), and declared topics whose channel already exists in
// the domain with another type.
#pragma once

#include <string>

#include "diagnostics.hpp"
#include "launch_graph.hpp"

namespace dmxp::launch {

void validate_graph(LaunchGraph& graph, const std::string& domain, Diagnostics& diags);

// "file:line:col" of a mark, for messages that point at a second place.
std::string where(const Mark& m);

}  // namespace dmxp::launch
