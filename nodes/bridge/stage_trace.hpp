// stage_trace.hpp - timestamps of the stages a bridged message passes, for the stage breakdown
// of bench/bridge/run.py (--only stages; bench/bridge/README.md, "Where the time goes").
//
// Compiled in only where DMXP_BRIDGE_STAGE_TRACE is defined: the bench builds
// (dmxp-bridge-traced, dmxp-bench-bridge-peer); in dmxp-bridge every call is empty. An event
// is (stage, CLOCK_REALTIME ns): realtime because a DMXP message carries its commit time in
// that clock (dmxp_message::timestamp_ns), and one clock lets the events of the four processes
// of a ping-pong be merged. Recording is a vDSO clock read and a store into a preallocated
// array (no syscall, no allocation, any thread); at exit the events are written, one
// "<stage> <ns>" line each, to the file named by $DMXP_STAGE_TRACE (nothing when unset).
#pragma once

#include <cstdint>

#ifdef DMXP_BRIDGE_STAGE_TRACE
#include <pthread.h>
#include <time.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#endif

namespace dmxp_bridge::stage {

enum Stage : uint8_t {
  ExportCommit,    // the DMXP commit of a message the bridge exports (its timestamp_ns)
  ExportSeen,      // the bridge's export thread read it
  ExportEncoded,   // it is encoded to CDR and confirmed untouched; dds_writecdr starts
  ExportWritten,   // dds_writecdr and dds_write_flush returned
  ImportCallback,  // a sample taken in the reader's data-available listener reached the route
  ImportDecoded,   // the sample is decoded into its slot; the DMXP commit starts
  ImportCommitted, // the commit returned (after its futex wake when a subscriber sleeps: the
                   // woken subscriber may run before this is recorded)
  PingSent,        // bench peer: the ping is about to be loaned and published
  PingReceived,    // bench peer: the echo reached the ping's callback
  PongReceived,    // bench peer: the ping reached the pong's callback
  PongSent,        // bench peer: the echo is about to be loaned, filled and published
  kStageCount
};

#ifdef DMXP_BRIDGE_STAGE_TRACE

inline constexpr const char* kStageNames[kStageCount] = {
    "export.commit", "export.seen",    "export.encoded", "export.written", "import.callback", "import.decoded", "import.committed",
    "ping.sent",     "ping.received",  "pong.received",  "pong.sent"};

class Recorder {
 public:
  static Recorder& instance() {
    static Recorder r;
    return r;
  }
  void add(Stage s, uint64_t ns) {
    uint64_t i = next_.fetch_add(1, std::memory_order_relaxed);
    if (i < kCapacity) events_[i] = Event{ns, s};
  }
  // The first thread that records `s` (the name of Cyclone's receive thread, for one).
  void note_thread(Stage s) {
    if (thread_noted_[s].load(std::memory_order_relaxed)) return;
    bool expected = false;
    if (!thread_noted_[s].compare_exchange_strong(expected, true)) return;
    pthread_getname_np(pthread_self(), thread_[s], sizeof thread_[s]);
  }
  ~Recorder() {
    const char* path = std::getenv("DMXP_STAGE_TRACE");
    if (!path || !*path) return;
    FILE* f = std::fopen(path, "w");
    if (!f) return;
    for (int s = 0; s < kStageCount; ++s)
      if (thread_noted_[s].load()) std::fprintf(f, "# thread %s %s\n", kStageNames[s], thread_[s]);
    uint64_t n = next_.load() < kCapacity ? next_.load() : kCapacity;
    for (uint64_t i = 0; i < n; ++i)
      std::fprintf(f, "%s %llu\n", kStageNames[events_[i].stage], (unsigned long long)events_[i].ns);
    std::fclose(f);
  }

 private:
  struct Event {
    uint64_t ns;
    Stage stage;
  };
  static constexpr uint64_t kCapacity = 1 << 20;
  Recorder() : events_(new Event[kCapacity]) {}
  std::unique_ptr<Event[]> events_;
  std::atomic<uint64_t> next_{0};
  std::atomic<bool> thread_noted_[kStageCount] = {};
  char thread_[kStageCount][16] = {};
};

inline uint64_t realtime_ns() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return uint64_t(ts.tv_sec) * 1'000'000'000u + uint64_t(ts.tv_nsec);
}

// Records stage s now (or at `ns`, a time taken earlier in CLOCK_REALTIME).
inline void mark(Stage s, uint64_t ns = 0) {
  Recorder& r = Recorder::instance();
  r.add(s, ns ? ns : realtime_ns());
  r.note_thread(s);
}

#else

inline void mark(Stage, uint64_t = 0) {}

#endif

}  // namespace dmxp_bridge::stage
