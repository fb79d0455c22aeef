// segment.hpp - what every kind of segment shares (channels, the domain's key segment, the
// graph registry of framework/rt through dmxp/internal/segment.hpp): creating it, or opening
// the one a peer created first if it is trusted and big enough, and waiting for its creator
// to finish initialising it (dmxp::internal::wait_for_init).
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <string>

#include "dmxp/internal/segment.hpp"
#include "platform/os.hpp"
#include "segments/trust.hpp"

namespace dmxp::detail {

struct SegmentRequest {
  std::string path;          // "<root>/<name>" (segments/names.hpp)
  uint64_t size = 0;         // of a new segment; an existing one must have at least this many
  uint32_t mode = 0600;      // exact mode of a new segment
  SegmentTrust trust;        // what an existing segment must pass
  int64_t size_wait_ns = 0;  // how long to wait for a creator that has not sized it yet
  const char* what = "segment";  // how messages call it
};

// Creates the segment exclusively (zero-filled, mapped; created = true), or maps the existing
// one (created = false; st, if given, receives its fstat). An existing segment removed while
// it is opened is created again. DMXP_ERR_PERMISSION (trust), _CORRUPT (empty or too small),
// _RESOURCE, _SYSTEM.
int open_or_create_segment(const SegmentRequest& r, Mapping& out, bool& created,
                           struct stat* st = nullptr);

}  // namespace dmxp::detail
