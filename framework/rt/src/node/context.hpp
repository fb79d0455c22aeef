// context.hpp - process-wide runtime state: the global arguments, the shutdown flag, and the
// executors that a shutdown (SIGINT/SIGTERM) must cancel.
#pragma once

#include <cstdint>
#include <functional>

namespace dmxp::rt::detail {

// Executors register a cancel function while they spin; shutdown() calls them all.
uint64_t register_spinner(std::function<void()> cancel);
void unregister_spinner(uint64_t id);

}  // namespace dmxp::rt::detail
