// errors.hpp - DMXP failures as Python exceptions. Every status code maps to one class of
// dmxp._errors (dmxp.ChannelError, dmxp.TypeMismatchError, ...); the message is the C
// library's: dmxp_strerror(code) plus dmxp_last_error(), naming the channel and what to do.
#pragma once

#include <string>

#include <pybind11/pybind11.h>

#include "dmxp/dmxp.hpp"

namespace dmxp::py {

// Raises the exception class of `status` with `message` (throws pybind11::error_already_set).
[[noreturn]] void raise(int status, const std::string& message);
// Raises for a failed C call, with this thread's dmxp_last_error().
[[noreturn]] void raise_status(int status);
[[noreturn]] void raise_error(const dmxp::Error& e);
// For C calls: returns when rc is DMXP_OK, raises otherwise.
inline void check(int rc) {
  if (rc != DMXP_OK) raise_status(rc);
}
// Unwraps a Result, raising its error.
template <class T>
T unwrap(dmxp::Result<T>&& r) {
  if (!r) raise_error(r.error());
  return std::move(r).value();
}

}  // namespace dmxp::py
