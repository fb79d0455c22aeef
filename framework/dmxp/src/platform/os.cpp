#include "platform/os.hpp"

#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "dmxp/dmxp.h"
#include "platform/error.hpp"

namespace dmxp::detail {

Mapping& Mapping::operator=(Mapping&& o) noexcept {
  if (this != &o) {
    if (base) munmap(base, size);
    base = o.base; size = o.size;
    o.base = nullptr; o.size = 0;
  }
  return *this;
}

Mapping::~Mapping() {
  if (base) munmap(base, size);
}

namespace {
int map_fd(int fd, uint64_t size, const std::string& path, Mapping& out) {
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED)
    return fail_errno(DMXP_ERR_SYSTEM, errno, "segment %s: mmap of %llu bytes failed",
                      path.c_str(), (unsigned long long)size);
  out = Mapping();
  out.base = p;
  out.size = size;
  return DMXP_OK;
}

int open_status(int err) {
  switch (err) {
    case ENOENT: return DMXP_ERR_NOT_FOUND;
    case EEXIST: return DMXP_ERR_EXISTS;
    case EACCES: case EPERM: return DMXP_ERR_PERMISSION;
    case ENOSPC: case ENOMEM: case EMFILE: case ENFILE: return DMXP_ERR_RESOURCE;
    default: return DMXP_ERR_SYSTEM;
  }
}

// What shm_open(3) adds to the flags, for a path in any directory.
constexpr int kSegmentOpenFlags = O_CLOEXEC | O_NOFOLLOW;
}  // namespace

int shm_create(const std::string& path, uint64_t size, uint32_t mode, Mapping& out) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | kSegmentOpenFlags, mode);
  if (fd < 0)
    return fail_errno(open_status(errno), errno, "cannot create segment %s", path.c_str());
  // open applies the umask; the caller asked for an exact mode.
  if (fchmod(fd, mode) != 0 || ftruncate(fd, off_t(size)) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(path.c_str());
    return fail_errno(open_status(err), err,
                      "cannot size segment %s to %llu bytes (is its file system full?)",
                      path.c_str(), (unsigned long long)size);
  }
  // Reserve the pages now so a full file system fails here, not with SIGBUS on first write.
  int rc = posix_fallocate(fd, 0, off_t(size));
  if (rc != 0 && rc != EOPNOTSUPP && rc != EINVAL) {
    ::close(fd);
    ::unlink(path.c_str());
    return fail_errno(DMXP_ERR_RESOURCE, rc,
                      "cannot reserve %llu bytes for %s (free space in its file system?)",
                      (unsigned long long)size, path.c_str());
  }
  int status = map_fd(fd, size, path, out);
  ::close(fd);
  if (status != DMXP_OK) ::unlink(path.c_str());
  return status;
}

int shm_open_existing(const std::string& path, int64_t wait_ns, const SegmentTrust& trust,
                      Mapping& out, struct stat* st_out) {
  // O_NONBLOCK: a FIFO planted under the name must not block the open (it is refused below).
  int fd = ::open(path.c_str(), O_RDWR | O_NONBLOCK | kSegmentOpenFlags);
  if (fd < 0)
    return fail_errno(open_status(errno), errno, "cannot open segment %s", path.c_str());
  uint64_t deadline = monotonic_ns() + uint64_t(wait_ns > 0 ? wait_ns : 0);
  struct stat st{};
  for (bool first = true;; first = false) {
    if (fstat(fd, &st) != 0) {
      int err = errno;
      ::close(fd);
      return fail_errno(DMXP_ERR_SYSTEM, err, "cannot stat %s", path.c_str());
    }
    // The fd, not the name: what we checked is what we map, whatever replaces the name later.
    if (first) {
      if (int rc = check_segment_trust(st, path, trust); rc != DMXP_OK) {
        ::close(fd);
        return rc;
      }
    }
    if (st.st_size > 0 || monotonic_ns() >= deadline) break;
    usleep(200);  // the creator is between open and ftruncate
  }
  if (st_out) *st_out = st;
  if (st.st_size == 0) {
    ::close(fd);
    return fail(DMXP_ERR_CORRUPT,
                "segment %s is empty (its creator died before sizing it); "
                "remove it with 'dmxp channel rm' or 'dmxp channel gc'", path.c_str());
  }
  int status = map_fd(fd, uint64_t(st.st_size), path, out);
  ::close(fd);
  return status;
}

int shm_peek(const std::string& path, const SegmentTrust& trust, void* buf, size_t size,
             size_t* read, struct stat& st) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | kSegmentOpenFlags);
  if (fd < 0)
    return fail_errno(open_status(errno), errno, "cannot open segment %s", path.c_str());
  int status = DMXP_OK;
  if (fstat(fd, &st) != 0) {
    status = fail_errno(DMXP_ERR_SYSTEM, errno, "cannot stat %s", path.c_str());
  } else if ((status = check_segment_trust(st, path, trust)) == DMXP_OK) {
    ssize_t n = ::pread(fd, buf, size, 0);
    if (n < 0) status = fail_errno(DMXP_ERR_SYSTEM, errno, "cannot read %s", path.c_str());
    else *read = size_t(n);
  }
  ::close(fd);
  return status;
}

bool shm_stat(const std::string& path, struct stat& st) {
  return ::stat(path.c_str(), &st) == 0;
}

int shm_remove(const std::string& path) {
  if (::unlink(path.c_str()) != 0)
    return fail_errno(open_status(errno), errno, "cannot remove %s", path.c_str());
  return DMXP_OK;
}

namespace {
int futex_wait_op(std::atomic<uint32_t>* word, uint32_t expected, int64_t timeout_ns, int op) {
  struct timespec ts{}, *tsp = nullptr;
  if (timeout_ns >= 0) {
    ts.tv_sec = timeout_ns / 1000000000;
    ts.tv_nsec = timeout_ns % 1000000000;
    tsp = &ts;
  }
  long rc = syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), op, expected, tsp, nullptr, 0);
  if (rc == 0) return DMXP_OK;
  if (errno == EAGAIN) return DMXP_OK;
  if (errno == ETIMEDOUT) return DMXP_ERR_TIMEOUT;
  if (errno == EINTR) return DMXP_ERR_INTERRUPTED;
  return DMXP_OK;
}

int futex_wake_op(std::atomic<uint32_t>* word, int op) {
  long rc = syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), op, INT32_MAX, nullptr,
                    nullptr, 0);
  return rc > 0 ? int(rc) : 0;
}

// From linux/futex.h (Linux 5.16); spelled out so that older headers build too.
struct KernelFutexWaitv {
  uint64_t val;
  uint64_t uaddr;
  uint32_t flags;
  uint32_t reserved;
};
constexpr uint32_t kFutex2SizeU32 = 0x02;
constexpr uint32_t kFutex2Private = 128;
#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449  // the same number on every architecture
#endif
}  // namespace

int futex_wait(std::atomic<uint32_t>* word, uint32_t expected, int64_t timeout_ns) {
  return futex_wait_op(word, expected, timeout_ns, FUTEX_WAIT);
}

int futex_wake_all(std::atomic<uint32_t>* word) { return futex_wake_op(word, FUTEX_WAKE); }

int futex_wait_private(std::atomic<uint32_t>* word, uint32_t expected, int64_t timeout_ns) {
  return futex_wait_op(word, expected, timeout_ns, FUTEX_WAIT_PRIVATE);
}

int futex_wake_private(std::atomic<uint32_t>* word) {
  return futex_wake_op(word, FUTEX_WAKE_PRIVATE);
}

bool futex_waitv_supported() {
  // A call with no words fails with EINVAL where the call exists, ENOSYS where it does not.
  static const bool supported = [] {
    long rc = syscall(SYS_futex_waitv, nullptr, 0, 0, nullptr, CLOCK_MONOTONIC);
    return !(rc == -1 && errno == ENOSYS);
  }();
  return supported;
}

int futex_waitv(const FutexWord* words, size_t count, uint64_t deadline_ns) {
  KernelFutexWaitv w[kFutexWaitvMax];
  if (count > kFutexWaitvMax) count = kFutexWaitvMax;
  for (size_t i = 0; i < count; ++i) {
    w[i].val = words[i].expected;
    w[i].uaddr = reinterpret_cast<uintptr_t>(words[i].word);
    w[i].flags = kFutex2SizeU32 | (words[i].is_private ? kFutex2Private : 0);
    w[i].reserved = 0;
  }
  struct timespec ts{}, *tsp = nullptr;
  if (deadline_ns != UINT64_MAX) {
    ts.tv_sec = time_t(deadline_ns / 1000000000);
    ts.tv_nsec = long(deadline_ns % 1000000000);
    tsp = &ts;
  }
  long rc = syscall(SYS_futex_waitv, w, unsigned(count), 0, tsp, CLOCK_MONOTONIC);
  if (rc >= 0) return DMXP_OK;
  if (errno == EAGAIN) return DMXP_OK;
  if (errno == ETIMEDOUT) return DMXP_ERR_TIMEOUT;
  if (errno == EINTR) return DMXP_ERR_INTERRUPTED;
  if (errno == ENOSYS) return DMXP_ERR_UNSUPPORTED;
  return DMXP_OK;
}

namespace {
// Reads the state letter (field 3) and start time (field 22) of /proc/<pid>/stat.
bool read_proc_stat(pid_t pid, char* state, uint64_t* start_time) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/stat", int(pid));
  FILE* f = std::fopen(path, "re");
  if (!f) return false;
  char buf[1024];
  size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  buf[n] = 0;
  // The command name (field 2) may hold spaces and parentheses: fields resume after the last ')'.
  char* p = std::strrchr(buf, ')');
  if (!p) return false;
  int field = 2;
  char* save = nullptr;
  for (char* tok = strtok_r(p + 1, " ", &save); tok; tok = strtok_r(nullptr, " ", &save)) {
    ++field;
    if (field == 3) *state = tok[0];
    if (field == 22) { *start_time = std::strtoull(tok, nullptr, 10); return true; }
  }
  return false;
}
}  // namespace

uint64_t process_start_time(pid_t pid) {
  char state = 0;
  uint64_t start = 0;
  return read_proc_stat(pid, &state, &start) ? start : 0;
}

namespace {
// Threads of pid still running, from the "Threads:" line of /proc/<pid>/status (0 if unknown).
int thread_count(pid_t pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/status", int(pid));
  FILE* f = std::fopen(path, "re");
  if (!f) return 0;
  char line[256];
  int threads = 0;
  while (std::fgets(line, sizeof line, f))
    if (std::sscanf(line, "Threads: %d", &threads) == 1) break;
  std::fclose(f);
  return threads;
}
}  // namespace

bool process_alive(pid_t pid, uint64_t start_time) {
  if (pid <= 0) return false;
  char state = 0;
  uint64_t start = 0;
  if (!read_proc_stat(pid, &state, &start))
    return ::kill(pid, 0) == 0 || errno == EPERM;  // no /proc: fall back to signal 0
  if (start_time != 0 && start != start_time) return false;  // the pid names another process
  // A zombie (killed, not yet reaped) is dead for our purposes: it will never commit. But the
  // main thread of a process shows as a zombie once it called pthread_exit while other
  // threads run on: that process is alive.
  if (state == 'Z' || state == 'X') return thread_count(pid) > 1;
  return true;
}

pid_t current_pid() { return ::getpid(); }

uint64_t current_start_time() {
  // Cached per pid: a forked child has a pid (and start time) of its own.
  static std::atomic<pid_t> cached_pid{0};
  static std::atomic<uint64_t> cached_start{0};
  pid_t pid = ::getpid();
  if (cached_pid.load(std::memory_order_acquire) == pid)
    return cached_start.load(std::memory_order_relaxed);
  uint64_t start = process_start_time(pid);
  cached_start.store(start, std::memory_order_relaxed);
  cached_pid.store(pid, std::memory_order_release);
  return start;
}

uint64_t monotonic_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

uint64_t realtime_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

}  // namespace dmxp::detail

extern "C" uint64_t dmxp_process_start_time(int32_t pid) {
  return dmxp::detail::process_start_time(pid_t(pid));
}

extern "C" int dmxp_process_alive(int32_t pid, uint64_t start_time) {
  return dmxp::detail::process_alive(pid_t(pid), start_time) ? 1 : 0;
}
