// detail/node_core.hpp - what a node tells its executor (private to the runtime). NodeCore
// itself, the state a node's entities share, is public: extension.hpp.
#pragma once

#include "dmxp/rt/extension.hpp"
#include "dmxp/rt/timer.hpp"

namespace dmxp::rt::detail {

// The executor's code spells the public entity classes detail::Entity, detail::NodeCore and
// detail::TimerBase.
using rt::Entity;
using rt::NodeCore;
using rt::TimerBase;

// What a node tells the executor it was added to. Thread-safe.
class ExecutorHook {
 public:
  virtual ~ExecutorHook() = default;
  virtual void node_changed() = 0;
  // The node is going away: forget it, after its running callbacks finished.
  virtual void release_node(NodeCore* node) = 0;
};

}  // namespace dmxp::rt::detail
