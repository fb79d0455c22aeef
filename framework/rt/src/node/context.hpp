// context.hpp - process-wide runtime state: the global arguments, the shutdown flag, and the
// executors that a shutdown (SIGINT/SIGTERM) must cancel.
#pragma once

#include <cstdint>
#include <functional>

#include "dmxp/rt/arguments.hpp"

namespace dmxp::rt::detail {

// What global_arguments() returns, or, when init() was not called and the command line's
// --ros-args are malformed, DMXP_ERR_INVALID_ARGUMENT naming the argument (a Node that uses
// global arguments reports it from its constructor).
Result<Arguments> global_arguments_for_node();

// Executors register a cancel function while they spin; shutdown() calls them all.
uint64_t register_spinner(std::function<void()> cancel);
void unregister_spinner(uint64_t id);

}  // namespace dmxp::rt::detail
