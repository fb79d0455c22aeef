// names.hpp - ROS-style names: validation, resolution of relative, absolute and private
// ("~") names against a node's namespace, and remapping.
//
//   resolve_name("scan",   "/robot", "lidar") -> "/robot/scan"
//   resolve_name("/scan",  "/robot", "lidar") -> "/scan"
//   resolve_name("~/out",  "/robot", "lidar") -> "/robot/lidar/out"
//
// A name is tokens of [A-Za-z_][A-Za-z0-9_]* separated by '/': no empty token, no trailing
// '/', and '~' only as the first token. '.' is not allowed, which keeps the mapping to channel
// names (channel_names.hpp) reversible.
//
// Remapping (rules from the command line, `-r from:=to`, or from the launch file) compares
// the resolved name with each rule's resolved `from`; the first rule that matches replaces it
// with its resolved `to`. A rule may be limited to one node (`lidar:scan:=/front/scan`).
// `__node:=name` and `__ns:=/ns` rename the node and move it to another namespace.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "dmxp/dmxp.hpp"

namespace dmxp::rt {

struct RemapRule {
  std::string node;  // empty: every node of the process
  std::string from;
  std::string to;
};

// DMXP_ERR_INVALID_ARGUMENT with a message naming the name and what is wrong.
Status validate_node_name(std::string_view name);
Status validate_namespace(std::string_view ns);  // absolute: "/" or "/a/b"
Status validate_name(std::string_view name);      // a topic or service name before resolution

// The absolute name; DMXP_ERR_INVALID_ARGUMENT for an invalid name.
Result<std::string> resolve_name(std::string_view name, std::string_view ns,
                                 std::string_view node);
// Resolves, then applies the first matching rule (rules for other nodes and the special
// __node/__ns rules are skipped).
Result<std::string> resolve_and_remap(std::string_view name, std::string_view ns,
                                      std::string_view node, std::span<const RemapRule> rules);
// "/ns" + "/" + name, without a double slash at the root.
std::string full_node_name(std::string_view ns, std::string_view node);

}  // namespace dmxp::rt
