// rt_test_lifecycle_node: rt_test::ManagedNode (managed_node.cpp) in a process of its own.
#include "dmxp/rt/component.hpp"

int main(int argc, char** argv) { return dmxp::rt::run_component_main("rt_test::ManagedNode", argc, argv); }
