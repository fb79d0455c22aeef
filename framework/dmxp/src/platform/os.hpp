// os.hpp - the thin layer over Linux: shared-memory files, futexes, process liveness, clocks.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <string>

#include "segments/trust.hpp"

namespace dmxp::detail {

// A mapped shared-memory object. Unmaps on destruction.
struct Mapping {
  void* base = nullptr;
  uint64_t size = 0;
  Mapping() = default;
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  Mapping(Mapping&& o) noexcept : base(o.base), size(o.size) { o.base = nullptr; o.size = 0; }
  Mapping& operator=(Mapping&& o) noexcept;
  ~Mapping();
};

// Segment files. Every path is a full one, "<root>/<name>" (segments/names.hpp says where
// the root is); files are opened with open(2) and O_NOFOLLOW|O_CLOEXEC (what shm_open(3)
// does, for any directory), and messages name the path.
//
// Creates path exclusively with the given mode (umask is bypassed with fchmod), sized to
// size bytes and mapped. DMXP_ERR_EXISTS if it is already there.
int shm_create(const std::string& path, uint64_t size, uint32_t mode, Mapping& out);
// Opens and maps an existing segment read-write, whatever its size, if its owner and mode
// pass trust (checked on the opened fd, before waiting or mapping). Waits up to wait_ns for
// a creator that has not sized it yet. DMXP_ERR_NOT_FOUND / _PERMISSION / _CORRUPT.
// st_out receives the fstat of the mapped object.
int shm_open_existing(const std::string& path, int64_t wait_ns, const SegmentTrust& trust,
                      Mapping& out, struct stat* st_out = nullptr);
// Reads the first size bytes of an existing segment (fewer if it is shorter: *read says how
// many) with pread, not a mapping, so a concurrent truncation cannot fault; st receives its
// fstat. The owner and mode must pass trust. DMXP_ERR_NOT_FOUND / _PERMISSION / _SYSTEM.
int shm_peek(const std::string& path, const SegmentTrust& trust, void* buf, size_t size,
             size_t* read, struct stat& st);
// stat of path without opening it (for tools reporting a refused segment).
bool shm_stat(const std::string& path, struct stat& st);
int shm_remove(const std::string& path);

// Futex on a word in shared memory (not FUTEX_PRIVATE: other processes wake us).
// Returns 0 on wake or value mismatch, DMXP_ERR_TIMEOUT, or DMXP_ERR_INTERRUPTED.
int futex_wait(std::atomic<uint32_t>* word, uint32_t expected, int64_t timeout_ns);
// Returns how many sleepers were woken.
int futex_wake_all(std::atomic<uint32_t>* word);
// The same on a word of this process only (FUTEX_PRIVATE: cheaper, never woken by others).
int futex_wait_private(std::atomic<uint32_t>* word, uint32_t expected, int64_t timeout_ns);
int futex_wake_private(std::atomic<uint32_t>* word);

// One sleep on several futex words at once (futex_waitv, Linux 5.16): returns when any of
// them is woken or differs from its expected value. A word is private (this process) or
// shared (other processes wake it).
struct FutexWord {
  std::atomic<uint32_t>* word;
  uint32_t expected;
  bool is_private;
};
inline constexpr size_t kFutexWaitvMax = 128;  // the kernel's limit per call
// True when the kernel has futex_waitv (checked once per process).
bool futex_waitv_supported();
// words.size() <= kFutexWaitvMax. deadline_ns: CLOCK_MONOTONIC, UINT64_MAX for none.
// Returns 0 on a wake or a mismatch, DMXP_ERR_TIMEOUT, DMXP_ERR_INTERRUPTED, or
// DMXP_ERR_UNSUPPORTED when the kernel lacks futex_waitv.
int futex_waitv(const FutexWord* words, size_t count, uint64_t deadline_ns);

// Process identity that survives pid reuse: the start time from /proc/<pid>/stat.
uint64_t process_start_time(pid_t pid);
// True when pid runs and (if start_time != 0) is the same process that recorded it.
bool process_alive(pid_t pid, uint64_t start_time);
pid_t current_pid();
uint64_t current_start_time();

uint64_t monotonic_ns();
uint64_t realtime_ns();

inline void cpu_relax() { __builtin_ia32_pause(); }

}  // namespace dmxp::detail
