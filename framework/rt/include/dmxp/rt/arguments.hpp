// arguments.hpp - the runtime's command-line arguments, in ROS 2 syntax, between
// `--ros-args` and `--` (or the end):
//
//   -r | --remap    [node:]from:=to        remap a name; __node:=x renames, __ns:=/y moves
//   -p | --param    [node:]name:=value     parameter override (value: YAML text)
//   --params-file   file.yaml              ROS 2 parameter file (see params_file.hpp)
//   --log-level     [node:=]level          trace debug info warn error critical off
//
// Everything outside --ros-args is left to the program (Arguments::unparsed). The launcher
// (dmxp-launch) starts executables with exactly these arguments.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "dmxp/dmxp.hpp"
#include "dmxp/rt/names.hpp"
#include "dmxp/rt/parameter.hpp"

namespace dmxp::rt {

struct ParameterOverride {
  std::string node;  // empty: every node; else a node name or full name ("/ns/name")
  std::string name;
  ParameterValue value;
};

struct LogLevelRule {
  std::string node;  // empty: every node
  std::string level;
};

struct Arguments {
  std::vector<RemapRule> remaps;
  std::vector<ParameterOverride> parameters;
  std::vector<LogLevelRule> log_levels;
  std::vector<std::string> unparsed;  // argv[0] and everything outside --ros-args

  // Appends another set's rules after this one's (node-specific options after global ones).
  void append(const Arguments& more);
};

// DMXP_ERR_INVALID_ARGUMENT naming the offending argument (unknown flag, missing value,
// a rule without ':=', an invalid name or level, an unreadable parameter file).
Result<Arguments> parse_arguments(std::span<const std::string> argv);
Result<Arguments> parse_arguments(int argc, const char* const* argv);

// Whether a rule written for `target` ("" for all, "name" or "/ns/name") applies to a node.
// A target with '*' tokens is a ROS 2 parameter-file pattern matched against the full name:
// "*" is one name token, "**" any number of them ("/**", "/robot/*", "/**/controller").
bool rule_applies(std::string_view target, std::string_view node_name, std::string_view full_name);

// The parameter overrides that apply to the node `full_name` ("/ns/name"), in the order that
// gives ROS 2's precedence (rcl/rclcpp since Humble): entries are grouped by the node key they
// were written under, the keys in the order each first appeared (all of "/**" and the -p
// rules being one key), and a later value of a parameter wins. So a file's "/**" before its
// "/robot/controller" lets the specific entry win, and a -p after a file that has no "/**"
// wins over the file.
std::vector<ParameterOverride> parameter_overrides_for(const std::vector<ParameterOverride>& all,
                                                       std::string_view node_name, std::string_view full_name);

}  // namespace dmxp::rt
