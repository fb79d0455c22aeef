#include "platform/error.hpp"

#include <cstdio>
#include <cstring>

namespace dmxp::detail {

constinit thread_local bool t_error_fresh = false;

namespace {
thread_local char g_message[1024];
}

int fail(int status, const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::vsnprintf(g_message, sizeof g_message, format, args);
  va_end(args);
  t_error_fresh = true;
  return status;
}

int fail_errno(int status, int errno_value, const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = std::vsnprintf(g_message, sizeof g_message, format, args);
  va_end(args);
  if (n >= 0 && size_t(n) < sizeof g_message)
    std::snprintf(g_message + n, sizeof g_message - n, ": %s", std::strerror(errno_value));
  t_error_fresh = true;
  return status;
}

const char* last_error() { return t_error_fresh ? g_message : ""; }

}  // namespace dmxp::detail

extern "C" const char* dmxp_strerror(int status) {
  switch (status) {
    case DMXP_OK: return "ok";
    case DMXP_ERR_INVALID_ARGUMENT: return "invalid argument";
    case DMXP_ERR_NOT_FOUND: return "channel not found";
    case DMXP_ERR_EXISTS: return "channel already exists";
    case DMXP_ERR_PERMISSION: return "permission denied";
    case DMXP_ERR_CORRUPT: return "corrupt segment";
    case DMXP_ERR_INCOMPATIBLE: return "incompatible channel";
    case DMXP_ERR_WOULD_BLOCK: return "would block";
    case DMXP_ERR_TIMEOUT: return "timed out";
    case DMXP_ERR_TOO_LARGE: return "message too large";
    case DMXP_ERR_OVERRUN: return "view overwritten while held";
    case DMXP_ERR_BUSY: return "busy";
    case DMXP_ERR_RESOURCE: return "out of resources";
    case DMXP_ERR_INTERRUPTED: return "interrupted";
    case DMXP_ERR_SYSTEM: return "system error";
    case DMXP_ERR_UNSUPPORTED: return "unsupported for this channel";
    default: return "unknown status";
  }
}

// The names as dmxp.h spells them, indexed by -status.
constexpr const char* kStatusNames[] = {
    "DMXP_OK",          "DMXP_ERR_INVALID_ARGUMENT", "DMXP_ERR_NOT_FOUND",   "DMXP_ERR_EXISTS",
    "DMXP_ERR_PERMISSION", "DMXP_ERR_CORRUPT",       "DMXP_ERR_INCOMPATIBLE",
    "DMXP_ERR_WOULD_BLOCK", "DMXP_ERR_TIMEOUT",      "DMXP_ERR_TOO_LARGE",   "DMXP_ERR_OVERRUN",
    "DMXP_ERR_BUSY",    "DMXP_ERR_RESOURCE",         "DMXP_ERR_INTERRUPTED", "DMXP_ERR_SYSTEM",
    "DMXP_ERR_UNSUPPORTED"};
static_assert(sizeof kStatusNames / sizeof *kStatusNames == 1 - DMXP_ERR_UNSUPPORTED);

extern "C" const char* dmxp_status_name(int status) {
  if (status > 0 || status < DMXP_ERR_UNSUPPORTED) return "DMXP_ERR_UNKNOWN";
  return kStatusNames[-status];
}

extern "C" const char* dmxp_last_error(void) { return dmxp::detail::last_error(); }
extern "C" uint32_t dmxp_abi_version(void) { return DMXP_ABI_VERSION; }
