#include "ready_notifier.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

#include "errors.hpp"

namespace dmxp::py {

ReadyNotifier::ReadyNotifier(dmxp_consumer* consumer) {
  fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd_ < 0) raise(DMXP_ERR_RESOURCE, std::string("eventfd for an awaited subscription: ") + std::strerror(errno));
  int rc = dmxp_waitset_create(&waitset_);
  if (rc == DMXP_OK) rc = dmxp_waitset_add(waitset_, consumer);
  if (rc != DMXP_OK) {
    dmxp_waitset_destroy(waitset_);
    close(fd_);
    raise_status(rc);
  }
  dmxp_waitset_enable(waitset_, 0, 0);
  thread_ = std::thread([this] { run(); });
}

ReadyNotifier::~ReadyNotifier() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    dmxp_waitset_wake(waitset_);
  }
  cv_.notify_all();
  thread_.join();
  dmxp_waitset_destroy(waitset_);
  close(fd_);
}

void ReadyNotifier::arm() {
  {
    std::lock_guard lock(mu_);
    armed_ = true;
  }
  cv_.notify_all();
}

void ReadyNotifier::disarm() {
  std::unique_lock lock(mu_);
  armed_ = false;
  if (!watching_) return;
  dmxp_waitset_wake(waitset_);
  cv_.wait(lock, [this] { return !watching_; });
}

void ReadyNotifier::clear() {
  uint64_t n;
  while (read(fd_, &n, sizeof n) > 0) {
  }
}

void ReadyNotifier::run() {
  uint8_t ready = 0;
  size_t count = 0;
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return armed_ || stop_; });
    if (stop_) return;
    watching_ = true;
    lock.unlock();
    // Only this thread waits on or enables the waitset; arm/disarm only wake it.
    dmxp_waitset_enable(waitset_, 0, 1);
    int rc = dmxp_waitset_wait(waitset_, &ready, 1, &count, DMXP_FOREVER);
    dmxp_waitset_enable(waitset_, 0, 0);
    lock.lock();
    watching_ = false;
    if (rc == DMXP_OK && count > 0 && armed_) {
      armed_ = false;
      uint64_t one = 1;
      ssize_t written = write(fd_, &one, sizeof one);
      (void)written;  // EAGAIN only when the counter is full: it is readable already
    }
    cv_.notify_all();  // a disarm() waiting for watching_ == false
  }
}

}  // namespace dmxp::py
