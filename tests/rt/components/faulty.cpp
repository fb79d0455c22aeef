// A component whose constructor fails, for the container's load errors: parameter "mode" is
// "throw" (a std::runtime_error), "abort" (the process dies, as a segfault would kill it) or
// "sleep" (the constructor takes 30 s: a container killed during a load).
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include "dmxp/rt/component.hpp"

namespace rt_test {

class Faulty : public dmxp::rt::Node {
 public:
  explicit Faulty(const dmxp::rt::NodeOptions& o) : Node("faulty", o) {
    std::string mode = declare_parameter<std::string>("mode", "throw");
    if (mode == "throw") throw std::runtime_error("no camera at /dev/video9");
    if (mode == "abort") std::abort();
    if (mode == "sleep") sleep(30);
  }
};

}  // namespace rt_test

DMXP_REGISTER_COMPONENT(rt_test::Faulty)
