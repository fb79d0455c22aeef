// dmxp_test_peer - runs one peer role (see peer_roles.hpp) in a fresh process. The test that
// exec'd it passes the role on the command line and talks to it on fds 3 (in) and 4 (out).
#include <string>
#include <vector>

#include "child_process.hpp"
#include "peer_roles.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  dmxp_test::ChildIo io(3, 4);
  return dmxp_test::run_peer_role(args, io);
}
