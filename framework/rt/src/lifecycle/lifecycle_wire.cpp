#include "lifecycle/lifecycle_wire.hpp"

namespace dmxp::rt::detail {

void to_wire(const lifecycle::State& s, lifecycle_msgs::msg::State& out) {
  out.id = s.id();
  out.label = s.label();  // the longest label has 18 bytes, the field 32
}

namespace {

// TransitionDescription and TransitionEvent name these three fields alike.
template <class Msg>
void transition_to_wire(const lifecycle::Transition& t, Msg& out) {
  out.transition.id = t.id;
  out.transition.label = t.label;
  to_wire(t.start, out.start_state);
  to_wire(t.goal, out.goal_state);
}

}  // namespace

void to_wire(const lifecycle::Transition& t, lifecycle_msgs::msg::TransitionDescription& out) {
  transition_to_wire(t, out);
}

void to_wire(const lifecycle::Transition& t, lifecycle_msgs::msg::TransitionEvent& out) { transition_to_wire(t, out); }

Result<lifecycle::State> from_wire(const lifecycle_msgs::msg::State& s, const std::string& node) {
  const lifecycle::State* known = lifecycle::find_state(s.id);
  if (!known || known->label() != s.label.view())
    return Error(DMXP_ERR_CORRUPT, "node '" + node + "' answered state " + std::to_string(s.id) + " '" +
                                       s.label.str() + "', which ROS 2's lifecycle state machine does not have");
  return *known;
}

Result<lifecycle::Transition> from_wire(const lifecycle_msgs::msg::TransitionDescription& t,
                                        const std::string& node) {
  for (const lifecycle::Transition& known : lifecycle::transition_graph())
    if (known.id == t.transition.id && known.label == t.transition.label.view() &&
        known.start.id() == t.start_state.id && known.goal.id() == t.goal_state.id)
      return known;
  return Error(DMXP_ERR_CORRUPT, "node '" + node + "' answered transition " + std::to_string(t.transition.id) + " '" +
                                     t.transition.label.str() + "' from state " + std::to_string(t.start_state.id) +
                                     " to " + std::to_string(t.goal_state.id) +
                                     ", which ROS 2's lifecycle state machine does not have");
}

}  // namespace dmxp::rt::detail
