// error.hpp - status codes plus a thread-local detail message (what dmxp_last_error returns).
#pragma once

#include <cstdarg>

#include "dmxp/dmxp.h"

namespace dmxp::detail {

// Records a printf-style detail message for this thread and returns status, so failure paths
// read `return fail(DMXP_ERR_CORRUPT, "segment %s: ...", name);`.
int fail(int status, const char* format, ...) __attribute__((format(printf, 2, 3)));
// Same, appending strerror(errno_value).
int fail_errno(int status, int errno_value, const char* format, ...)
    __attribute__((format(printf, 3, 4)));
const char* last_error();
void clear_error();

}  // namespace dmxp::detail
