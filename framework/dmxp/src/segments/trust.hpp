// trust.hpp - whose segments this process uses. /dev/shm (or $DMXP_SHM_DIR) is shared by
// every local user, so
// a channel's name can be created first by someone else (mode 0666) who then reads, forges
// or truncates (SIGBUS) everything a victim sends through it. An existing segment is used only
// when it is a regular file owned by our effective uid, or by a uid/gid the caller trusts,
// and not writable by every user unless the caller accepts that.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <string>

#include "dmxp/dmxp.h"

namespace dmxp::detail {

struct SegmentTrust {
  // Who opens it, which decides the advice of a refusal: channel options can widen trust,
  // tools cannot, and the graph registry is simply removed and made again.
  enum class Opener { kChannel, kTool, kRegistry };
  uint32_t uid = DMXP_NO_ID;    // also trusted as owner
  uint32_t gid = DMXP_NO_ID;    // a segment of this group is trusted too
  bool world_writable = false;  // accept mode bit 0002
  Opener opener = Opener::kChannel;

  // What attaching with these channel options trusts.
  static SegmentTrust from_options(const dmxp_channel_options& o);
  // What tools (info, list, descriptor, consumers, gc) trust: segments of our own effective
  // uid, world-writable ones included (their mode is reported; reading them is bounds-safe,
  // and the owner chose that mode).
  static SegmentTrust for_tools();
  // What the graph registry of framework/rt trusts: segments of our own effective uid,
  // world-writable ones only when asked (the domain's key segment is world-writable).
  static SegmentTrust for_registry(bool world_writable);
};

// DMXP_OK, or DMXP_ERR_PERMISSION with a message naming the segment's path, its owner (uid
// and user name), its mode in octal, and what to do.
int check_segment_trust(const struct stat& st, const std::string& path,
                        const SegmentTrust& trust);

}  // namespace dmxp::detail
