// lifecycle_wire.hpp - the lifecycle state machine's states and transitions in lifecycle_msgs'
// messages, both ways: what the lifecycle services answer and LifecycleClient reads back.
#pragma once

#include <string>

#include <lifecycle_msgs/msg/State.hpp>
#include <lifecycle_msgs/msg/TransitionDescription.hpp>
#include <lifecycle_msgs/msg/TransitionEvent.hpp>

#include "dmxp/dmxp.hpp"
#include "dmxp/rt/lifecycle_state_machine.hpp"

namespace dmxp::rt::detail {

void to_wire(const lifecycle::State& s, lifecycle_msgs::msg::State& out);
void to_wire(const lifecycle::Transition& t, lifecycle_msgs::msg::TransitionDescription& out);
// transition, start_state and goal_state (the caller sets timestamp).
void to_wire(const lifecycle::Transition& t, lifecycle_msgs::msg::TransitionEvent& out);

// Every item of `items` into the bounded sequence `out` (sized to fit the whole state machine).
template <class Items, class Sequence>
void all_to_wire(const Items& items, Sequence& out) {
  out.resize(items.size());
  size_t i = 0;
  for (const auto& item : items) to_wire(item, out[i++]);
}

// The state machine's own state (or transition) that a node answered: DMXP_ERR_CORRUPT naming
// `node` when ROS 2's state machine has no such id and label.
Result<lifecycle::State> from_wire(const lifecycle_msgs::msg::State& s, const std::string& node);
Result<lifecycle::Transition> from_wire(const lifecycle_msgs::msg::TransitionDescription& t,
                                        const std::string& node);

}  // namespace dmxp::rt::detail
