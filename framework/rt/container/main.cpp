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
#include "dmxp/rt/executor.hpp"

namespace {

struct Load {
  std::string library, class_name;
  std::vector<std::string> args{"--ros-args"};
};

int usage(const char* why) {
  std::fprintf(stderr,
               "dmxp-container: %s\nusage: dmxp-container [--threads N] [--busy-poll] --load "
               "<library> <class> [--node-name N] [--node-namespace NS] [-p k:=v]... "
               "[-r a:=b]... [--load ...]... [--ros-args ...]\n",
               why);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  auto rest = dmxp::rt::init(argc, argv);
  if (!rest) {
    std::fprintf(stderr, "dmxp-container: %s\n", rest.error().what());
    return 2;
  }
  const std::vector<std::string>& a = rest.value();
  dmxp::rt::ExecutorOptions eo;
  std::vector<Load> loads;
  for (size_t i = 1; i < a.size(); ++i) {
    auto value = [&](const char* what) -> const std::string* {
      if (i + 1 >= a.size()) return nullptr;
      (void)what;
      return &a[++i];
    };
    const std::string& k = a[i];
    if (k == "--threads") {
      const std::string* v = value("N");
      if (!v) return usage("--threads needs a number");
      eo.threads = unsigned(std::strtoul(v->c_str(), nullptr, 10));
    } else if (k == "--busy-poll") {
      eo.busy_poll = true;
    } else if (k == "--load") {
      if (i + 2 >= a.size()) return usage("--load needs <library> <class>");
      loads.push_back({a[i + 1], a[i + 2]});
      i += 2;
    } else if (loads.empty()) {
      return usage(("unexpected '" + k + "' before --load").c_str());
    } else if (k == "--node-name" || k == "--node-namespace") {
      const std::string* v = value("value");
      if (!v) return usage((k + " needs a value").c_str());
      loads.back().args.push_back("-r");
      loads.back().args.push_back((k == "--node-name" ? "__node:=" : "__ns:=") + *v);
    } else if (k == "-p" || k == "-r") {
      const std::string* v = value("rule");
      if (!v) return usage((k + " needs a rule").c_str());
      loads.back().args.push_back(k);
      loads.back().args.push_back(*v);
    } else {
      return usage(("unknown argument '" + k + "'").c_str());
    }
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
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dmxp-container: %s\n", e.what());
    return 1;
  }
  return 0;
}
