// guarded.hpp - how the C entry points that allocate keep C++ exceptions out of C, and leave
// dmxp_last_error() describing exactly the status they return.
#pragma once

#include <exception>
#include <new>

#include "platform/error.hpp"

namespace dmxp::detail {

// Runs f (returning a status) with the message cleared first, so a status without detail
// never shows an older message; std::bad_alloc becomes DMXP_ERR_RESOURCE.
template <typename F>
int guarded(F&& f) noexcept {
  try {
    clear_error();
    return settle(f());
  } catch (const std::bad_alloc&) {
    return fail(DMXP_ERR_RESOURCE, "out of memory");
  } catch (const std::exception& e) {
    return fail(DMXP_ERR_SYSTEM, "internal error: %s", e.what());
  }
}

}  // namespace dmxp::detail
