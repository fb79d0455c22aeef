// internal/segment.hpp - the transport's segment primitives, for DMXP's own layers only
// (the node runtime's graph registry, the `dmxp` tool). NOT a public API: it is not
// installed, carries no compatibility promise between releases, and applications use dmxp.h.
//
// Why exported functions rather than a copy of the code: the graph registry must name,
// create, size, trust-check and wait for its segment exactly as channels do (same root
// directory, same owner and mode checks, same messages). libdmxp is built with
// -fvisibility=hidden, so these few entry points are exported on purpose; everything behind
// them (platform/os, segments/names, segments/trust, segments/segment) stays internal.
// libdmxp and libdmxp_rt come from one build, so a C++ signature is safe here.
//
// Every segment lives in one directory: $DMXP_SHM_DIR if set (an absolute path to an
// existing directory, e.g. a hugetlbfs or another tmpfs mount), else /dev/shm. It is read at
// each call. Failures carry the detailed message of dmxp_last_error().
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "dmxp/dmxp.hpp"

#if defined(__GNUC__)
#define DMXP_INTERNAL_API __attribute__((visibility("default")))
#else
#define DMXP_INTERNAL_API
#endif

namespace dmxp::internal {

// The directory of every segment; DMXP_ERR_INVALID_ARGUMENT naming DMXP_SHM_DIR when it is
// empty, relative or not a directory.
DMXP_INTERNAL_API Result<std::string> shm_dir();
// "<shm_dir>/<name>".
DMXP_INTERNAL_API Result<std::string> segment_path(std::string_view name);
// "dmxp.<domain>.keys" and "dmxp.<domain>.graph"; DMXP_ERR_INVALID_ARGUMENT for a bad domain.
DMXP_INTERNAL_API Result<std::string> domain_segment_name(std::string_view domain);
DMXP_INTERNAL_API Result<std::string> graph_segment_name(std::string_view domain);

// A segment mapped read-write; unmapped on destruction.
class DMXP_INTERNAL_API MappedSegment {
 public:
  MappedSegment() = default;
  MappedSegment(MappedSegment&& o) noexcept;
  MappedSegment& operator=(MappedSegment&& o) noexcept;
  MappedSegment(const MappedSegment&) = delete;
  MappedSegment& operator=(const MappedSegment&) = delete;
  ~MappedSegment();

  void* base() const { return base_; }
  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }
  // True when this call created it: the bytes are zero and the caller initialises them.
  bool created() const { return created_; }

 private:
  friend struct SegmentAccess;
  void* base_ = nullptr;
  uint64_t size_ = 0;
  std::string path_;
  bool created_ = false;
};

struct SegmentSpec {
  std::string name;                   // e.g. from graph_segment_name()
  uint64_t size = 0;                  // of a new segment; an existing one must be this big
  uint32_t mode = 0600;               // exact mode of a new segment (the umask is bypassed)
  bool allow_world_writable = false;  // trust an existing segment with mode bit 0002
  int64_t size_wait_ns = 0;           // how long to wait for a creator that has not sized it
  std::string what = "segment";       // how messages call it ("graph registry")
};

// Creates the segment exclusively (sized, zero-filled, mapped), or maps the existing one if it
// is a regular file owned by this process's effective uid, not world-writable (unless
// allowed), and at least spec.size bytes once its creator sized it. DMXP_ERR_PERMISSION
// (owner, mode, not a regular file), DMXP_ERR_CORRUPT (too small), _RESOURCE, _SYSTEM.
DMXP_INTERNAL_API Result<MappedSegment> open_or_create(const SegmentSpec& spec);

// How an opener's wait for a creator to finish initialising ended.
enum class InitWait { kReady, kCreatorGone, kTimedOut };
// Polls ready() until it holds, creator_pid() (0 while unknown) names a dead process, or
// wait_ns passed. ready() must load with acquire order (it pairs with the creator's release).
DMXP_INTERNAL_API InitWait wait_for_init(const std::function<bool()>& ready,
                                         const std::function<int32_t()>& creator_pid,
                                         int64_t wait_ns);

// Unlinks the segment; DMXP_ERR_NOT_FOUND when it is not there.
DMXP_INTERNAL_API Status remove_segment(std::string_view name);
// Whether a segment of that name exists (false also when DMXP_SHM_DIR is unusable).
DMXP_INTERNAL_API bool segment_exists(std::string_view name);

}  // namespace dmxp::internal
