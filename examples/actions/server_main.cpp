// dmxp-example-fibonacci-server: the FibonacciServer component (fibonacci_server.cpp) alone in
// a process: [--ros-args -p step_ms:=100 -r __ns:=/demo ...], until SIGINT/SIGTERM.
#include "dmxp/rt/component.hpp"

int main(int argc, char** argv) {
  return dmxp::rt::run_component_main("dmxp_examples::FibonacciServer", argc, argv);
}
