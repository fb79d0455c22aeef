// The main() of every dmxp-node-* executable: the component it is linked with, run alone.
#include "dmxp/rt/component.hpp"

int main(int argc, char** argv) { return dmxp::rt::run_component_main(DMXP_NODE_CLASS, argc, argv); }
