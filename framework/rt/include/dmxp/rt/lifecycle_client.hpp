// lifecycle_client.hpp - asking another node, in any process, for its lifecycle state and for
// transitions, through its lifecycle services (what `dmxp lifecycle` and dmxp-launch use).
//
//   dmxp::rt::LifecycleClient lc(my_node, "/robot/camera");
//   dmxp::Result<dmxp::rt::lifecycle::State> s = lc.get_state(500ms);      // unconfigured [1]
//   dmxp::Result<bool> ok = lc.change_state("configure", 5s);               // true: now inactive
//
// Errors: those of Client::call (DMXP_ERR_NOT_FOUND "service '/robot/camera/get_state' has no
// server" when the node does not run or is not managed, DMXP_ERR_TIMEOUT), and
// DMXP_ERR_CORRUPT when the node answers a state or transition ROS 2's state machine lacks.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dmxp/rt/lifecycle_state_machine.hpp"
#include "dmxp/rt/node.hpp"

namespace dmxp::rt {

class LifecycleClient {
 public:
  // node: the caller's node (its domain is used); target: the managed node's full name.
  LifecycleClient(Node& node, const std::string& target_full_name);
  ~LifecycleClient();

  const std::string& target() const;
  Result<lifecycle::State> get_state(std::chrono::nanoseconds timeout);
  // ChangeState: true when the transition ran and its callback returned SUCCESS; false when
  // the node refused it (no such transition from its state) or the callback did not succeed.
  // The timeout covers the node's callback: make it as long as a transition may take.
  Result<bool> change_state(uint8_t transition_id, std::chrono::nanoseconds timeout);
  Result<bool> change_state(std::string_view transition_label, std::chrono::nanoseconds timeout);
  Result<std::vector<lifecycle::State>> get_available_states(std::chrono::nanoseconds timeout);
  Result<std::vector<lifecycle::Transition>> get_available_transitions(std::chrono::nanoseconds timeout);
  Result<std::vector<lifecycle::Transition>> get_transition_graph(std::chrono::nanoseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Full names of the managed nodes of the graph (those serving <node>/get_state with
// lifecycle_msgs' GetState), sorted.
std::vector<std::string> managed_nodes(const GraphSnapshot& graph);

}  // namespace dmxp::rt
