// run_component_main: the body of every standalone node executable (dmxp-node-*).
#include <cstdio>
#include <cstdlib>

#include "dmxp/rt/component.hpp"
#include "dmxp/rt/executor.hpp"
#include "dmxp/rt/lifecycle.hpp"

namespace dmxp::rt {

int run_component_main(const std::string& class_name, int argc, char** argv) {
  Result<std::vector<std::string>> rest = init(argc, argv);
  if (!rest) {
    std::fprintf(stderr, "%s: %s\n", argv[0], rest.error().what());
    return 1;
  }
  ExecutorOptions eo;
  const std::vector<std::string>& args = rest.value();
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--busy-poll") {
      eo.busy_poll = true;
    } else if (args[i] == "--threads" && i + 1 < args.size()) {
      eo.threads = unsigned(std::strtoul(args[++i].c_str(), nullptr, 10));
    } else {
      std::fprintf(stderr, "%s: unknown argument '%s' (usage: [--busy-poll] [--threads N] "
                   "[--ros-args ...])\n", argv[0], args[i].c_str());
      return 1;
    }
  }
  Result<std::shared_ptr<Node>> node = create_component(class_name, NodeOptions());
  if (!node) {
    std::fprintf(stderr, "%s: %s\n", argv[0], node.error().what());
    return 1;
  }
  try {
    Executor exec(eo);
    exec.add_node(node.value());
    exec.spin();
    shutdown_if_managed(*node.value());  // on_shutdown while the node still exists
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
    return 1;
  }
  return 0;
}

}  // namespace dmxp::rt
