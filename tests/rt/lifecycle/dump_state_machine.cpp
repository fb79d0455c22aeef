// rt_lifecycle_state_machine_dump: DMXP's lifecycle state machine as text, one line per state
// ("state 1 unconfigured") and per transition ("transition 10 transition_success 10 2"),
// in order, for rcl_oracle.py to compare with ROS 2's librcl_lifecycle.
#include <cstdio>
#include <string>

#include "dmxp/rt/lifecycle_state_machine.hpp"

int main() {
  namespace lc = dmxp::rt::lifecycle;
  for (const lc::State& s : lc::states()) std::printf("state %u %s\n", unsigned(s.id()), std::string(s.label()).c_str());
  for (const lc::Transition& t : lc::transition_graph())
    std::printf("transition %u %s %u %u\n", unsigned(t.id), std::string(t.label).c_str(), unsigned(t.start.id()),
                unsigned(t.goal.id()));
}
