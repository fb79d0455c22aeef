// dmxp-container: loads components (shared libraries) by name and spins them in one
// executor, so they share a process and its threads.
//
//   dmxp-container [--threads N] [--busy-poll]
//       --load <library> <class> [--node-name N] [--node-namespace NS] [-p k:=v]... [-r a:=b]...
//       [--load ...]...
//       [--ros-args ...]                      global arguments, for every component
//
// <library> is a name ("dmxp_node_lidar_sim" -> libdmxp_node_lidar_sim.so, searched as
// component.hpp says) or a path. Exit status: 0 after SIGINT/SIGTERM, 1 on a setup error,
// 2 on a usage error.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "dmxp/rt/component.hpp"
#include "dmxp/tools/arg_cursor.hpp"
#include "dmxp/rt/executor.hpp"
#include "dmxp/rt/lifecycle.hpp"

namespace {

struct Load {
  std::string library, class_name;
  std::vector<std::string> args{"--ros-args"};
  void add(const char* option, std::string value) {
    args.push_back(option);
    args.push_back(std::move(value));
  }
};

int usage(const char* why) {
  std::fprintf(stderr,
               "dmxp-container: %s\nusage: dmxp-container [--threads N] [--busy-poll] --load "
               "<library> <class> [--node-name N] [--node-namespace NS] [-p k:=v]... "
               "[-r a:=b]... [--load ...]... [--ros-args ...]\n",
               why);
  return 2;
}

// One argument at the cursor into eo and loads: an exit code on a usage error, -1 to go on.
int parse_one(dmxp::tools::ArgCursor& a, dmxp::rt::ExecutorOptions& eo, std::vector<Load>& loads) {
  std::string v;
  if (a.value("--threads", &v, "a number")) {
    eo.threads = unsigned(std::strtoul(v.c_str(), nullptr, 10));
  } else if (a.flag("--busy-poll")) {
    eo.busy_poll = true;
  } else if (a.flag("--load")) {
    if (a.remaining() < 2) return usage("--load needs <library> <class>");
    std::string library = a.take();
    loads.push_back({library, a.take()});
  } else if (loads.empty()) {
    return usage(("unexpected '" + a.peek() + "' before --load").c_str());
  } else if (a.value("--node-name", &v)) {
    loads.back().add("-r", "__node:=" + v);
  } else if (a.value("--node-namespace", &v)) {
    loads.back().add("-r", "__ns:=" + v);
  } else if (a.value("-p", &v, "a rule")) {
    loads.back().add("-p", v);
  } else if (a.value("-r", &v, "a rule")) {
    loads.back().add("-r", v);
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
  std::vector<Load> loads;
  // rest: the program's name, then what rt::init left of the command line.
  dmxp::tools::ArgCursor a(std::vector<std::string>(rest.value().begin() + 1, rest.value().end()));
  try {
    while (!a.done())
      if (int rc = parse_one(a, eo, loads); rc >= 0) return rc;
  } catch (const dmxp::tools::MissingValue& e) {
    return usage(e.what());
  }
  if (loads.empty()) return usage("nothing to load");
  try {
    dmxp::rt::Executor exec(eo);
    std::vector<std::shared_ptr<dmxp::rt::Node>> nodes;
    for (const Load& l : loads) {
      if (auto s = dmxp::rt::load_component_library(l.library); !s) {
        std::fprintf(stderr, "dmxp-container: %s\n", s.error().what());
        return 1;
      }
      auto node = dmxp::rt::create_component(l.class_name, dmxp::rt::NodeOptions().arguments(l.args));
      if (!node) {
        std::fprintf(stderr, "dmxp-container: %s\n", node.error().what());
        return 1;
      }
      node.value()->logger().info("loaded {} from {}", l.class_name, l.library);
      exec.add_node(node.value());
      nodes.push_back(node.value());
    }
    exec.spin();
    // Managed nodes get their on_shutdown while they still exist, the last loaded first.
    for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) dmxp::rt::shutdown_if_managed(**it);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dmxp-container: %s\n", e.what());
    return 1;
  }
  return 0;
}
