// dmxp-container: a component container. Loads components (shared libraries) by name and
// spins them in one executor, so they share a process and its threads; its node
// ("/ComponentManager" unless --ros-args -r __node:=NAME) serves ROS 2's composition
// services, so components are also loaded, listed and unloaded while it runs
// (`dmxp component`, component_manager.hpp).
//
//   dmxp-container [--threads N] [--busy-poll]
//       [--load <library> <class> [--node-name N] [--node-namespace NS] [-p k:=v]... [-r a:=b]...]...
//       [--ros-args ...]   global arguments: the container's node, and each --load component
//                          (components loaded through the service do not take them, as in ROS 2)
//
// <library> is a name ("dmxp_node_lidar_sim" -> libdmxp_node_lidar_sim.so, searched as
// component.hpp says) or a path. With no --load it starts empty. Exit status: 0 after
// SIGINT/SIGTERM, 1 on a setup error, 2 on a usage error.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "dmxp/rt/component_manager.hpp"
#include "dmxp/tools/arg_cursor.hpp"
#include "dmxp/rt/executor.hpp"

namespace {

// One --load, as the container's service would get it (but keeping the global arguments).
dmxp::rt::ComponentRequest& add_load(std::vector<dmxp::rt::ComponentRequest>& loads, std::string library,
                                     std::string class_name) {
  dmxp::rt::ComponentRequest r;
  r.library = std::move(library);
  r.class_name = std::move(class_name);
  r.use_global_arguments = true;
  return loads.emplace_back(std::move(r));
}

int usage(const char* why) {
  std::fprintf(stderr,
               "dmxp-container: %s\nusage: dmxp-container [--threads N] [--busy-poll] [--load "
               "<library> <class> [--node-name N] [--node-namespace NS] [-p k:=v]... "
               "[-r a:=b]...]... [--ros-args ...]\n",
               why);
  return 2;
}

// "-p name:=value" of a --load, with the value as YAML (as --ros-args -p reads it).
int add_parameter(dmxp::rt::ComponentRequest& load, const std::string& rule) {
  size_t eq = rule.find(":=");
  if (eq == std::string::npos || eq == 0) return usage(("-p needs name:=value, got '" + rule + "'").c_str());
  auto value = dmxp::rt::ParameterValue::from_yaml(rule.substr(eq + 2));
  if (!value) return usage(value.error().what());
  load.parameters.push_back({rule.substr(0, eq), std::move(value).value()});
  return -1;
}

// One argument at the cursor into eo and loads: an exit code on a usage error, -1 to go on.
int parse_one(dmxp::tools::ArgCursor& a, dmxp::rt::ExecutorOptions& eo,
              std::vector<dmxp::rt::ComponentRequest>& loads) {
  std::string v;
  if (a.value("--threads", &v, "a number")) {
    eo.threads = unsigned(std::strtoul(v.c_str(), nullptr, 10));
  } else if (a.flag("--busy-poll")) {
    eo.busy_poll = true;
  } else if (a.flag("--load")) {
    if (a.remaining() < 2) return usage("--load needs <library> <class>");
    std::string library = a.take();
    add_load(loads, library, a.take());
  } else if (loads.empty()) {
    return usage(("unexpected '" + a.peek() + "' before --load").c_str());
  } else if (a.value("--node-name", &v)) {
    loads.back().node_name = v;
  } else if (a.value("--node-namespace", &v)) {
    loads.back().node_namespace = v;
  } else if (a.value("-p", &v, "a rule")) {
    return add_parameter(loads.back(), v);
  } else if (a.value("-r", &v, "a rule")) {
    loads.back().remap_rules.push_back(v);
  } else {
    return usage(("unknown argument '" + a.peek() + "'").c_str());
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  auto rest = dmxp::rt::init(argc, argv);
  if (!rest) {
    std::fprintf(stderr, "dmxp-container: %s\n", rest.error().what());
    return 2;
  }
  dmxp::rt::ExecutorOptions eo;
  std::vector<dmxp::rt::ComponentRequest> loads;
  // rest: the program's name, then what rt::init left of the command line.
  dmxp::tools::ArgCursor a(std::vector<std::string>(rest.value().begin() + 1, rest.value().end()));
  try {
    while (!a.done())
      if (int rc = parse_one(a, eo, loads); rc >= 0) return rc;
  } catch (const dmxp::tools::MissingValue& e) {
    return usage(e.what());
  }
  try {
    dmxp::rt::Executor exec(eo);
    auto manager = std::make_shared<dmxp::rt::ComponentManager>(exec);
    for (const dmxp::rt::ComponentRequest& l : loads) {
      if (auto c = manager->load(l); !c) {
        std::fprintf(stderr, "dmxp-container: %s\n", c.error().what());
        return 1;
      }
    }
    exec.add_node(manager);
    exec.spin();
    exec.remove_node(*manager);  // no load or unload request starts from now on
    // Managed nodes get their on_shutdown while they still exist, the last loaded first.
    manager->unload_all();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dmxp-container: %s\n", e.what());
    return 1;
  }
  return 0;
}
