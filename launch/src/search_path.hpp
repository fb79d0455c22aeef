// search_path.hpp - where the launcher finds programs, ROS 2 style packages, component
// libraries and message type descriptors (documented in launch/README.md, "Search paths"):
//
//   programs    the launcher's own directory, then $PATH
//   packages    $DMXP_LAUNCH_PACKAGE_PATH (':'-separated), then <prefix>/share/dmxp/packages;
//               pkg P, exec E is <dir>/P/E or <dir>/lib/P/E (an ament install prefix)
//   components  $DMXP_COMPONENT_PATH, then <prefix>/lib (next to libdmxp_rt.so); a ROS 2
//               composable node (pkg P, plugin C) through the package path's component index,
//               <dir>/share/ament_index/resource_index/rclcpp_components/P, lines "C;lib"
//               (lib: a path relative to <dir>, or a component library name)
//   types       $DMXP_TYPE_PATH (<dir>/<pkg>/msg/<Type>.json), then the descriptors the build
//               tree the launcher came from generated (only when it runs from that tree: no
//               <prefix>/share/dmxp/types), then <prefix>/share/dmxp/types
// <prefix> is the directory above the launcher's bin/.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dmxp::launch {

std::string launcher_dir();
std::vector<std::string> program_path();
std::vector<std::string> package_path();
std::vector<std::string> component_path();
std::vector<std::string> type_path();
std::string join_paths(const std::vector<std::string>& dirs);

bool is_executable_file(const std::string& path);
std::optional<std::string> find_program(const std::string& name);
std::optional<std::string> find_package_executable(const std::string& pkg, const std::string& exec);
std::optional<std::string> find_package_share(const std::string& pkg);
// "dmxp_node_lidar_sim" -> ".../libdmxp_node_lidar_sim.so"; a name with '/' is a path.
std::optional<std::string> find_component_library(const std::string& name);
// The library of ROS 2 component `plugin` of package `pkg`: a path or a library name.
std::optional<std::string> find_component_plugin(const std::string& pkg, const std::string& plugin);
// "sensor_msgs/LaserScan" (or "sensor_msgs/msg/LaserScan") -> its layout descriptor file.
std::optional<std::string> find_type_descriptor(const std::string& type);

}  // namespace dmxp::launch
