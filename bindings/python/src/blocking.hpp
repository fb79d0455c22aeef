// blocking.hpp - waiting in C without holding the GIL, and without deafness to Ctrl-C.
//
// A blocking C call runs in slices of at most 50 ms with the GIL released; between slices
// the GIL is taken back and pending signals are handled, so KeyboardInterrupt (or any signal
// handler's exception) ends the wait. Other Python threads run meanwhile.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

#include <pybind11/pybind11.h>

#include "dmxp/dmxp.h"

namespace dmxp::py {

constexpr int64_t kSliceNs = 50'000'000;

// attempt(timeout_ns) -> status. Called first with timeout 0 while holding the GIL (the
// fast path: no GIL hand-off when data is there), then in released slices until it returns
// something other than TIMEOUT/WOULD_BLOCK/INTERRUPTED or the timeout runs out. Returns the
// last status (DMXP_ERR_TIMEOUT when time ran out; WOULD_BLOCK for timeout 0).
template <class Attempt>
int wait_released(int64_t timeout_ns, Attempt&& attempt) {
  int rc = attempt(int64_t(0));
  if (rc != DMXP_ERR_WOULD_BLOCK || timeout_ns == 0) return rc;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(timeout_ns);
  for (;;) {
    int64_t slice = kSliceNs;
    if (timeout_ns != DMXP_FOREVER) {
      int64_t left = std::chrono::duration_cast<std::chrono::nanoseconds>(
                         deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0) return DMXP_ERR_TIMEOUT;
      slice = std::min(slice, left);
    }
    {
      pybind11::gil_scoped_release unlocked;
      rc = attempt(slice);
    }
    if (rc != DMXP_ERR_TIMEOUT && rc != DMXP_ERR_INTERRUPTED && rc != DMXP_ERR_WOULD_BLOCK) return rc;
    if (PyErr_CheckSignals() != 0) throw pybind11::error_already_set();
  }
}

}  // namespace dmxp::py
