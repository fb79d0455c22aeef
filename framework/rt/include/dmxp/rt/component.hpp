// component.hpp - nodes built as shared libraries and loaded by name into a process (the
// dmxp-container, or any program), where they share executors and communicate through the
// same channels, by the same zero-copy path, as nodes in separate processes.
//
// A component is a Node subclass constructible from NodeOptions, registered once:
//
//   class LidarSim : public dmxp::rt::Node {
//    public:
//     explicit LidarSim(const dmxp::rt::NodeOptions& o) : Node("lidar_sim", o) { ... }
//   };
//   DMXP_REGISTER_COMPONENT(dmxp_nodes::LidarSim)
//
// Loading: load_component_library("dmxp_node_lidar_sim") opens "libdmxp_node_lidar_sim.so"
// from $DMXP_COMPONENT_PATH (':'-separated folders), then the folder of libdmxp_rt.so (a
// build's lib/ or an installed prefix's lib/), then the dynamic loader's own search; a name
// with a '/' is a path. Registration runs when the library is loaded.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dmxp/dmxp.hpp"
#include "dmxp/rt/node.hpp"
#include "dmxp/rt/node_options.hpp"

namespace dmxp::rt {

using ComponentFactory = std::shared_ptr<Node> (*)(const NodeOptions&);

// Called by DMXP_REGISTER_COMPONENT at load time. A second registration of a name is ignored.
void register_component(const char* class_name, ComponentFactory factory);
std::vector<std::string> registered_components();

// DMXP_ERR_NOT_FOUND naming the places searched, or the loader's message.
Status load_component_library(const std::string& name_or_path);
// DMXP_ERR_NOT_FOUND for an unknown class (listing the known ones); the constructor's
// dmxp::Error otherwise.
Result<std::shared_ptr<Node>> create_component(const std::string& class_name,
                                               const NodeOptions& options);

// main() of a standalone node executable: runs one component in its own process with the
// process's arguments: [--busy-poll] [--threads N] [--ros-args ...]. Exit code 0 after
// SIGINT/SIGTERM, 1 on a setup error (printed).
int run_component_main(const std::string& class_name, int argc, char** argv);

}  // namespace dmxp::rt

#define DMXP_COMPONENT_CONCAT2(a, b) a##b
#define DMXP_COMPONENT_CONCAT(a, b) DMXP_COMPONENT_CONCAT2(a, b)
#define DMXP_REGISTER_COMPONENT(Class)                                                        \
  namespace {                                                                                 \
  [[maybe_unused]] const bool DMXP_COMPONENT_CONCAT(dmxp_component_registered_, __LINE__) = [] { \
    ::dmxp::rt::register_component(                                                           \
        #Class, [](const ::dmxp::rt::NodeOptions& o) -> std::shared_ptr<::dmxp::rt::Node> {   \
          return std::make_shared<Class>(o);                                                  \
        });                                                                                   \
    return true;                                                                              \
  }();                                                                                        \
  }
