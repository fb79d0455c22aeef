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

// What every C entry point returns: a status without detail (OK, WOULD_BLOCK, TIMEOUT) clears
// the message, so dmxp_last_error() never shows an older failure (or one the call recovered
// from). On the polled fast path this is a compare and one store.
inline int settle(int status) {
  if (status == DMXP_OK || status == DMXP_ERR_WOULD_BLOCK || status == DMXP_ERR_TIMEOUT)
    clear_error();
  return status;
}

}  // namespace dmxp::detail
