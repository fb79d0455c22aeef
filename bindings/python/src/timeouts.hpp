// timeouts.hpp - Python timeouts (None = forever, seconds as float, 0 = do not wait) in the
// nanoseconds of dmxp.h.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

#include "errors.hpp"

namespace dmxp::py {

inline int64_t timeout_ns(std::optional<double> seconds) {
  if (!seconds) return DMXP_FOREVER;
  if (std::isnan(*seconds) || *seconds < 0)
    raise(DMXP_ERR_INVALID_ARGUMENT, "timeout must be None (wait forever) or seconds >= 0, got " +
                                         std::to_string(*seconds));
  if (*seconds > 9.0e9) return DMXP_FOREVER;
  return int64_t(*seconds * 1e9);
}

}  // namespace dmxp::py
