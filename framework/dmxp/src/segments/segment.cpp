#include "segments/segment.hpp"

#include <unistd.h>

#include "platform/error.hpp"

namespace dmxp::detail {

int open_or_create_segment(const SegmentRequest& r, Mapping& out, bool& created,
                           struct stat* st) {
  const char* path = r.path.c_str();
  for (int attempt = 0; attempt < 3; ++attempt) {
    int rc = shm_create(r.path, r.size, r.mode, out);
    if (rc == DMXP_OK) {
      created = true;
      return DMXP_OK;
    }
    if (rc != DMXP_ERR_EXISTS) return rc;
    rc = shm_open_existing(r.path, r.size_wait_ns, r.trust, out, st);
    if (rc == DMXP_ERR_NOT_FOUND) continue;  // removed in between: create it
    if (rc != DMXP_OK) return rc;
    if (out.size < r.size)
      return fail(DMXP_ERR_CORRUPT, "%s %s is %llu bytes, expected %llu; remove it (rm %s) if "
                  "no DMXP process uses it", r.what, path, (unsigned long long)out.size,
                  (unsigned long long)r.size, path);
    created = false;
    return DMXP_OK;
  }
  return fail(DMXP_ERR_SYSTEM, "%s %s keeps disappearing while it is opened", r.what, path);
}

}  // namespace dmxp::detail

namespace dmxp::internal {

InitWait wait_for_init(const std::function<bool()>& ready,
                       const std::function<int32_t()>& creator_pid, int64_t wait_ns) {
  uint64_t deadline = detail::monotonic_ns() + uint64_t(wait_ns > 0 ? wait_ns : 0);
  for (;;) {
    if (ready()) return InitWait::kReady;
    int32_t creator = creator_pid();
    if (creator > 0 && !detail::process_alive(creator, 0)) return InitWait::kCreatorGone;
    if (detail::monotonic_ns() >= deadline) return InitWait::kTimedOut;
    usleep(100);
  }
}

}  // namespace dmxp::internal
