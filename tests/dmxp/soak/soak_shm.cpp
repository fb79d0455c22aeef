#include "soak_shm.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace dmxp_soak {

ControlBlock* create_control_block(int* fd_out) {
  // No MFD_CLOEXEC: the children exec'd by the supervisor inherit the fd by number.
  int fd = memfd_create("dmxp-soak-control", 0);
  if (fd < 0) {
    std::perror("dmxp_soak: memfd_create");
    return nullptr;
  }
  if (ftruncate(fd, sizeof(ControlBlock)) != 0) {
    std::perror("dmxp_soak: ftruncate control block");
    close(fd);
    return nullptr;
  }
  ControlBlock* cb = map_control_block(fd);
  if (!cb) {
    close(fd);
    return nullptr;
  }
  cb->magic = kControlMagic;
  *fd_out = fd;
  return cb;
}

ControlBlock* map_control_block(int fd) {
  void* p = mmap(nullptr, sizeof(ControlBlock), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    std::perror("dmxp_soak: mmap control block");
    return nullptr;
  }
  return static_cast<ControlBlock*>(p);
}

bool LogWriter::reserve(uint64_t n) {
  // The supervisor reads every ~10 ms; a minute without room means it is gone or stuck.
  const int64_t give_up = monotonic_ns() + 60'000'000'000;
  while (kLogEntries - (head_ - ring_->tail.load(std::memory_order_acquire)) < n) {
    heartbeat();
    if (monotonic_ns() > give_up) return false;
    usleep(500);
  }
  return true;
}

}  // namespace dmxp_soak
