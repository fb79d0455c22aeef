// package_names.hpp - the names `dmxp pkg create` accepts: ROS package names (REP 144) and ROS
// node names (here starting with a letter), minus the words the generated C++, Python and
// CMake could not use (keywords, `std`, `dmxp`, CMake's own target names).
#pragma once

#include <string>

namespace dmxp::cli::scaffold {

// "" when `name` is a valid package name; otherwise the whole error line, naming the name,
// what is wrong (character and position) and the rule.
std::string package_name_error(const std::string& name);

// The same for the name of a node of package `package`.
std::string node_name_error(const std::string& name, const std::string& package);

}  // namespace dmxp::cli::scaffold
