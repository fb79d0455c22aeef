// component_manager.hpp - the node of a component container (dmxp-container): loads and
// unloads components into a running executor, and offers ROS 2's composition services so
// that other processes (`dmxp component`, the launcher) can do it too.
//
//   dmxp::rt::Executor exec;
//   auto manager = std::make_shared<dmxp::rt::ComponentManager>(exec);   // "/ComponentManager"
//   exec.add_node(manager);
//   exec.spin();                       // meanwhile: dmxp component load /ComponentManager ...
//   manager->unload_all();             // managed components get on_shutdown, last loaded first
//
// Services, with composition_interfaces' types, as rclcpp_components' ComponentManager:
//   <container>/_container/load_node    LoadNode: package_name is the component library (a name
//                                       or a path, component.hpp), plugin_name its class
//   <container>/_container/unload_node  UnloadNode
//   <container>/_container/list_nodes   ListNodes
// Unique ids start at 1 and are never reused. Loads and unloads run one at a time on the
// manager's own thread, never on the executor's: a slow component constructor or an unload
// waiting for a component's callback to finish does not stop the other components, even in a
// single-threaded executor. Errors come back as error_message (success false), never as a
// failed call: a library that is not found, a class the library does not register, a node
// name already used in the domain, a constructor that throws (as ROS 2: the container lives
// on; a constructor that crashes the process takes the container with it, as in ROS 2), an
// invalid log level, remap rule or extra argument, and for unload an unknown id.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dmxp/rt/executor.hpp"
#include "dmxp/rt/node.hpp"

namespace dmxp::rt {

// What a LoadNode request asks for, in the runtime's own types.
struct ComponentRequest {
  std::string library;                   // package_name
  std::string class_name;                // plugin_name
  std::string node_name;                 // "" keeps the component's own
  std::string node_namespace;            // "" keeps "/" (or the rules' __ns)
  std::string log_level;                 // "" keeps the default; else as --log-level takes it
  std::vector<std::string> remap_rules;  // "from:=to", as -r takes them
  std::vector<Parameter> parameters;     // parameter overrides
  // False (LoadNode's case, as rclcpp_components): the process's --ros-args do not apply to
  // the component. The container's own --load components keep them (docs/nodes.md).
  bool use_global_arguments = false;
};

// One component of the container.
struct LoadedComponent {
  uint64_t unique_id = 0;
  std::string full_node_name;
};

class ComponentManager : public Node {
 public:
  // The node is named "ComponentManager", as ROS 2's (options' arguments and the process's
  // --ros-args rename it: -r __node:=my_container). Components are added to `executor`,
  // which must outlive the manager. dmxp::Error when a service cannot be created.
  explicit ComponentManager(Executor& executor, const NodeOptions& options = {});
  ~ComponentManager() override;

  // Thread-safe (one load or unload runs at a time); not from a callback of one of this
  // manager's components (unload waits for that callback). The error's text is what
  // LoadNode's error_message says.
  Result<LoadedComponent> load(const ComponentRequest& request);
  // DMXP_ERR_NOT_FOUND "No node found with unique_id: <id>" (ROS 2's words). The component
  // leaves the executor (its running callbacks finish first), a managed one goes through
  // shutdown, then it is destroyed: its graph entries and endpoints are gone when this returns.
  Status unload(uint64_t unique_id);
  // In load order.
  std::vector<LoadedComponent> list() const;
  // Unloads every component, the last loaded first (what dmxp-container does when it stops).
  void unload_all();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Full names of the component containers of the graph (nodes serving
// <node>/_container/list_nodes with composition_interfaces' ListNodes), sorted.
std::vector<std::string> component_containers(const GraphSnapshot& graph);

// The classes a component library registers (loading it, component.hpp's search), sorted:
// what `dmxp component types` lists. The errors of load_component_library.
Result<std::vector<std::string>> component_classes_in(const std::string& library);

}  // namespace dmxp::rt
