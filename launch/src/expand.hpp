// expand.hpp - stage 2: a graph file and everything it includes, flattened. Arguments are
// bound (command line or include values, else defaults), substitutions done, conditions
// applied, groups' namespaces, remappings and environment pushed onto their nodes, values
// converted and range-checked. Include cycles are errors.
#pragma once

#include <map>
#include <string>

#include "diagnostics.hpp"
#include "launch_graph.hpp"

namespace dmxp::launch {

// `args` are the command line's name:=value pairs for the top file.
LaunchGraph expand_graph(const std::string& path, const std::map<std::string, std::string>& args,
                         Diagnostics& diags);

}  // namespace dmxp::launch
