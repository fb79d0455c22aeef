#include "export_poller.hpp"

#include <pthread.h>
#include <sys/prctl.h>
#include <time.h>

#include <algorithm>
#include <cerrno>

#include "dmxp/dmxp.hpp"

#include "passive_reader.hpp"

namespace dmxp_bridge {
namespace {

constexpr size_t kBatch = 64;  // messages per reader per look: one busy topic cannot starve the others

uint64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1'000'000'000u + uint64_t(ts.tv_nsec);
}

void sleep_ns(int64_t ns) {
  timespec ts{time_t(ns / 1'000'000'000), long(ns % 1'000'000'000)};
  while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) == EINTR) {
  }
}

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

}  // namespace

ExportPoller::ExportPoller(ExportPollerTiming timing) : timing_(timing) {
  if (dmxp_waitset_create(&waitset_) != DMXP_OK)
    throw dmxp::Error(DMXP_ERR_RESOURCE, "export poller: cannot create a waitset");
  thread_ = std::thread([this] { run(); });
}

ExportPoller::~ExportPoller() {
  stop_.store(true, std::memory_order_release);
  {
    std::lock_guard lock(mu_);
    dmxp_waitset_wake(waitset_);
  }
  thread_.join();
  dmxp_waitset_destroy(waitset_);
}

void ExportPoller::add(std::shared_ptr<PassiveReader> reader) {
  std::lock_guard lock(mu_);
  readers_.push_back(std::move(reader));
  ++version_;
  dmxp_waitset_wake(waitset_);  // it may sleep on the channels it had: look at the new one too
}

void ExportPoller::forget_detached() {
  std::lock_guard lock(mu_);
  auto gone = std::remove_if(readers_.begin(), readers_.end(), [](const auto& r) { return r->detached(); });
  if (gone == readers_.end()) return;
  readers_.erase(gone, readers_.end());
  ++version_;
  dmxp_waitset_wake(waitset_);
}

void ExportPoller::rebuild_waitset_locked() {
  dmxp_waitset* fresh = nullptr;
  if (dmxp_waitset_create(&fresh) != DMXP_OK) return;  // keep the old one: it still wakes on stop
  for (const auto& r : readers_)
    if (!r->detached()) dmxp_waitset_add(fresh, r->channel_consumer());
  dmxp_waitset_destroy(waitset_);
  waitset_ = fresh;
  waitset_version_ = version_;
}

void ExportPoller::sleep_on_channels() {
  dmxp_waitset* ws = nullptr;
  {
    std::lock_guard lock(mu_);
    if (waitset_version_ != version_) rebuild_waitset_locked();
    ws = waitset_;
  }
  // Only this thread replaces waitset_, so ws stays valid while it waits unlocked; its
  // consumers stay open because `readers_` (and run()'s copy) hold their readers. A wake
  // (add, forget_detached, stop) or a message ends the wait.
  size_t ready = 0;
  dmxp_waitset_wait(ws, nullptr, 0, &ready, DMXP_FOREVER);
}

void ExportPoller::run() {
  // Named for profilers and ps. Timer slack 1 ns: with Linux's default 50 us slack every
  // sleep of poll_ns ended late (measured here: 100 us sleeps took 171 us at p50, 119 us with
  // 1 ns), and an exported message waits for the end of that sleep.
  pthread_setname_np(pthread_self(), "dmxp-export");
  prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
  std::vector<std::shared_ptr<PassiveReader>> active;
  uint64_t seen_version = UINT64_MAX;
  uint64_t last_message = monotonic_ns();
  while (!stop_.load(std::memory_order_acquire)) {
    {
      std::lock_guard lock(mu_);
      if (version_ != seen_version) {
        active = readers_;
        seen_version = version_;
      }
    }
    size_t got = 0;
    for (const auto& r : active) got += r->drain(kBatch);
    uint64_t now = monotonic_ns();
    if (got) {
      last_message = now;
      continue;
    }
    uint64_t quiet = now - last_message;
    if (timing_.poll_ns > 0 && quiet < uint64_t(timing_.spin_ns)) {
      cpu_relax();
    } else if (timing_.poll_ns > 0 && quiet < uint64_t(timing_.idle_ns)) {
      sleep_ns(timing_.poll_ns);
    } else {
      // With poll_ns = 0 straight here: the wait's own ~10 us of polls are the spin, as in an
      // executor's waiter. A longer spin measured slower (64B ping-pong through two bridges:
      // 64 us one way with 20 us more spin, 50 us without; bench/bridge/README.md): on 2 vCPUs
      // a spinning exporter delays the threads the message goes to next.
      sleep_on_channels();
      // Woken by a message (or a change): look at every channel often again for a while.
      last_message = monotonic_ns();
    }
  }
}

}  // namespace dmxp_bridge
