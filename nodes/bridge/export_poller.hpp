// export_poller.hpp - the thread that reads the exported topics, so that the bridge never costs
// a DMXP publisher a syscall while its topic flows.
//
// Why not the executor: an executor sleeps on a channel's futex and counts itself as a
// sleeper, so every message published while it sleeps costs the publisher a FUTEX_WAKE
// (measured here: ~5-8 us at p50, ~20 us at p99, against ~0.3 us for the publish itself, and
// the woken bridge may preempt the publisher on its CPU). The poller instead looks at the
// channels without announcing itself, in three phases after the last message it read:
//   spin   for spin_ns: polls continuously (PAUSE), for bursts and back-to-back messages;
//   poll   until idle_ns: sleeps poll_ns between looks (no announcement: publishers make no
//          syscall; a message waits up to poll_ns, the price of that);
//   idle   after idle_ns without a message: sleeps on the channels' futexes like any
//          subscription (an idle bridge costs no CPU); the first message after such a pause
//          costs its publisher one wake, and the poller is back in the spin phase.
// poll_ns = 0 (export_poll:=0) leaves out the spin and poll phases: it sleeps on the futexes
// at once (after the waitset's own ~10 us of polls, as an executor does), the lowest latency
// (a message wakes it), but then every message published while it sleeps costs its publisher
// a FUTEX_WAKE. Either way the exports never wait for the
// node's executor (its graph scans and stats), and dds_write runs on this thread.
// Readers are added by ExportRoute and dropped once detached (an ExportRoute detaches its
// reader before its DDS writer goes, and a detached reader is never drained again).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "dmxp/dmxp.h"

namespace dmxp_bridge {

class PassiveReader;

struct ExportPollerTiming {
  int64_t spin_ns = 20'000;         // busy polling after a message (poll_ns > 0 only)
  int64_t poll_ns = 500'000;        // sleep between looks while the topics are active; 0: none
  int64_t idle_ns = 1'000'000'000;  // quiet this long: sleep on the futexes instead
};

class ExportPoller {
 public:
  explicit ExportPoller(ExportPollerTiming timing);
  ~ExportPoller();  // stops and joins the thread
  ExportPoller(const ExportPoller&) = delete;
  ExportPoller& operator=(const ExportPoller&) = delete;

  // From any thread. The reader must have been opened with executor_wakes = false.
  void add(std::shared_ptr<PassiveReader> reader);
  // Drops detached readers now (their channels are then closed) instead of at the next look.
  void forget_detached();

  const ExportPollerTiming& timing() const { return timing_; }

 private:
  void run();
  // Under mu_: a fresh waitset over the live readers' consumers (for the idle phase).
  void rebuild_waitset_locked();
  void sleep_on_channels();

  const ExportPollerTiming timing_;
  std::mutex mu_;
  std::vector<std::shared_ptr<PassiveReader>> readers_;  // guarded by mu_
  uint64_t version_ = 0;                                  // guarded by mu_: bumped on change
  dmxp_waitset* waitset_ = nullptr;                       // guarded by mu_ (wake from any thread)
  uint64_t waitset_version_ = UINT64_MAX;                 // the readers version it was built for
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace dmxp_bridge
