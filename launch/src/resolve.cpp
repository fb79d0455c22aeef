#include "resolve.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "dmxp/rt/names.hpp"
#include "search_path.hpp"

namespace dmxp::launch {
namespace {

void resolve_executable(LaunchNode& n, Diagnostics& diags) {
  if (!n.pkg.empty()) {
    if (auto p = find_package_executable(n.pkg, n.exec)) n.exec_path = *p;
    else
      diags.error(n.exec_mark, "executable '" + n.exec + "' of package '" + n.pkg + "' not found on the "
                          "package path (" + join_paths(package_path()) + "); add a directory with " +
                          n.pkg + "/" + n.exec + " to DMXP_LAUNCH_PACKAGE_PATH");
  } else if (n.exec.find('/') != std::string::npos) {
    if (is_executable_file(n.exec)) n.exec_path = n.exec;
    else diags.error(n.exec_mark, "program '" + n.exec + "' does not exist or is not executable");
  } else if (auto p = find_program(n.exec)) {
    n.exec_path = *p;
  } else {
    diags.error(n.exec_mark, "executable '" + n.exec + "' not found in the launcher's directory or "
                        "PATH; give a path or add its directory to PATH");
  }
}

void resolve_component(LaunchNode& n, const LaunchGraph& g, Diagnostics& diags) {
  // A container is named by its name, or (ROS 2's load_composable_node target) its full name;
  // from here on n.container is its name, which the process plan matches.
  const LaunchContainer* found = nullptr;
  std::string declared;
  for (const auto& c : g.containers) {
    if (!found && (c.name == n.container || c.full_name == n.container)) found = &c;
    declared += (declared.empty() ? "" : ", ") + c.full_name;
  }
  if (!found)
    diags.error(n.mark, "component '" + n.full_name + "' names container '" + n.container +
                            "', which is not declared (declared: " + (declared.empty() ? "none" : declared) + ")");
  else
    n.container = found->name;
  if (n.library.empty() && !n.pkg.empty()) {
    if (auto lib = find_component_plugin(n.pkg, n.class_name)) {
      n.library = *lib;
    } else {
      diags.error(n.exec_mark, "component '" + n.class_name + "' of package '" + n.pkg + "' not found in the "
                               "component index (share/ament_index/resource_index/rclcpp_components/" + n.pkg +
                               " under " + join_paths(package_path()) + ")");
      return;
    }
  }
  if (!find_component_library(n.library))
    diags.error(n.exec_mark, "component library '" + n.library + "' not found (looked for lib" + n.library +
                            ".so in " + join_paths(component_path()) + "); set DMXP_COMPONENT_PATH");
}

// The program a launch-prefix starts (its first word) is found like an exec.
void resolve_prefix(ProcessCommon& p, Diagnostics& diags) {
  if (p.launch_prefix.empty()) return;
  std::string& program = p.launch_prefix[0];
  if (program.find('/') != std::string::npos) {
    if (!is_executable_file(program))
      diags.error(p.prefix_mark, "launch-prefix program '" + program + "' does not exist or is not executable");
  } else if (auto path = find_program(program)) {
    program = *path;
  } else {
    diags.error(p.prefix_mark, "launch-prefix program '" + program + "' not found in the launcher's directory "
                               "or PATH");
  }
}

void resolve_ready_topic(LaunchNode& n, Diagnostics& diags) {
  if (n.ready_topic.empty()) return;
  std::vector<dmxp::rt::RemapRule> rules;
  for (const auto& [from, to] : n.remaps) rules.push_back({"", from, to});
  auto r = dmxp::rt::resolve_and_remap(n.ready_topic, n.ns, n.name, rules);
  if (r) n.ready_topic = r.value();
  else diags.error(n.mark, "readiness topic of '" + n.full_name + "': " + r.error().what());
}

void resolve_type(LaunchTopic& t, Diagnostics& diags) {
  if (t.type.empty()) {
    if (t.slot_size == 0)
      diags.error(t.mark, "untyped topic '" + t.name + "' needs 'slot_size' (or give its 'type')");
    return;
  }
  auto path = find_type_descriptor(t.type);
  if (!path) {
    diags.error(t.mark, "message type '" + t.type + "' of topic '" + t.name + "' not found (no " +
                            "layout descriptor in " + join_paths(type_path()) + "); set DMXP_TYPE_PATH");
    return;
  }
  std::ifstream in(*path);
  std::stringstream bytes;
  bytes << in.rdbuf();
  t.descriptor = bytes.str();
  t.descriptor_path = *path;
  try {
    YAML::Node d = YAML::Load(t.descriptor);
    t.fingerprint = std::stoull(d["fingerprint"].as<std::string>(), nullptr, 16);
    uint32_t size = d["size"].as<uint32_t>();
    if (t.slot_size != 0 && t.slot_size != size)
      diags.error(t.mark, "topic '" + t.name + "': slot_size " + std::to_string(t.slot_size) +
                              " differs from the size of '" + t.type + "' (" + std::to_string(size) +
                              " bytes); leave slot_size out for typed topics");
    t.slot_size = size;
    // The runtime stores the type's name without "/msg/".
    t.type = d["type"].as<std::string>();
  } catch (const std::exception& e) {
    diags.error(t.mark, "layout descriptor " + *path + " of '" + t.type + "' is unreadable: " + e.what());
  }
}

}  // namespace

void resolve_graph(LaunchGraph& g, Diagnostics& diags) {
  for (auto& c : g.containers) {
    if (auto p = find_program("dmxp-container")) c.exec_path = *p;
    else diags.error(c.mark, "dmxp-container not found in the launcher's directory or PATH");
    resolve_prefix(c, diags);
  }
  for (auto& n : g.nodes) {
    if (n.is_component()) resolve_component(n, g, diags);
    else if (!n.exec.empty()) resolve_executable(n, diags);
    resolve_prefix(n, diags);
    for (const auto& f : n.param_files)
      if (!std::ifstream(f)) diags.error(n.mark, "parameter file '" + f + "' of '" + n.full_name + "' cannot be read");
    resolve_ready_topic(n, diags);
  }
  for (auto& t : g.topics) resolve_type(t, diags);
}

}  // namespace dmxp::launch
