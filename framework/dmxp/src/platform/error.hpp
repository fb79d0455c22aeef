// error.hpp - status codes plus a thread-local detail message (what dmxp_last_error returns).
#pragma once

#include <cstdarg>

#include "dmxp/dmxp.h"

namespace dmxp::detail {

// Whether this thread's message describes the status last returned through the C ABI. Initial
// exec TLS (one byte of the static TLS block, fine for a dlopen'ed library), so that clearing
// it is one store relative to the thread pointer, with no __tls_get_addr call.
extern constinit thread_local bool t_error_fresh __attribute__((tls_model("initial-exec")));

// Records a printf-style detail message for this thread and returns status, so failure paths
// read `return fail(DMXP_ERR_CORRUPT, "segment %s: ...", name);`.
int fail(int status, const char* format, ...) __attribute__((format(printf, 2, 3)));
// Same, appending strerror(errno_value).
int fail_errno(int status, int errno_value, const char* format, ...)
    __attribute__((format(printf, 3, 4)));
// The message, or "" when the last status carried none.
const char* last_error();
inline void clear_error() { t_error_fresh = false; }

// For C entry points that may recover from an inner failure (opening finds the channel
// exists, then attaches): a status without detail (OK, WOULD_BLOCK, TIMEOUT) clears the
// message, so dmxp_last_error() never shows it. The data path instead clears before calling
// in (one store, and the call stays a tail call) and formats nothing for WOULD_BLOCK and
// TIMEOUT.
inline int settle(int status) {
  if (status == DMXP_OK || status == DMXP_ERR_WOULD_BLOCK || status == DMXP_ERR_TIMEOUT)
    clear_error();
  return status;
}

}  // namespace dmxp::detail
