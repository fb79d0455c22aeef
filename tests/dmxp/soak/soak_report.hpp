// soak_report.hpp - violations: each printed with its details (the first few per check in
// full) and counted per check, for the summary line and the exit code.
#pragma once

#include <cstdint>
#include <string>

namespace dmxp_soak {

enum class Check {
  kIntegrity,        // a view failed its checksum, size, channel or batch position
  kPhantom,          // a message its producer never sent (unknown incarnation, seq too high)
  kDuplicate,        // delivered twice to one broadcast consumer, or to two queue consumers
  kRedelivery,       // a named consumer resumed before its last released position
  kMissing,          // a committed message a reliable consumer should have had never came
  kOrder,            // per-producer order broken
  kKeyOrder,         // keys not increasing along one consumer's deliveries
  kBatch,            // an atomic batch seen in part, or its keys not consecutive
  kPrevKey,          // a message names another previous key than the one delivered before it
  kLostGap,          // keep-last: gaps larger than dmxp_consumer_lost accounts for
  kLostAccounting,   // cursor advance != views received + lost growth (clean close)
  kQueueAccounting,  // queue: committed != delivered + counted lost (+ dropped)
  kStuckChannel,     // committed messages not delivered within stall timeout + slack
  kStuckProducer,    // a producer could not commit within stall timeout + slack
  kHungProcess,      // a process stopped beating, or did not stop when asked
  kShmGrowth,        // /dev/shm entries of the soak's domain changed after setup
  kRecordGrowth,     // more live records than live processes
  kRecordReclaim,    // a dead process's record was not reclaimed within the deadline
  kProcessExit,      // a child exited on its own (error) or could not start
  kApiError,         // an operation returned an unexpected status
  kDrain,            // the channels did not drain after the producers stopped
  kInternal,         // the soak's own protocol broke (a checker bug, not a core one)
  kCount
};
const char* check_name(Check c);

class Report {
 public:
  void configure(int max_per_check, int64_t start_ns) {
    max_per_check_ = max_per_check;
    start_ns_ = start_ns;
  }
  void violation(Check c, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
  void note(const char* fmt, ...) __attribute__((format(printf, 2, 3)));  // always printed
  uint64_t total() const;
  uint64_t count(Check c) const { return counts_[int(c)]; }
  std::string breakdown() const;  // "duplicate 2, missing 1" (empty when none)

 private:
  uint64_t counts_[int(Check::kCount)] = {};
  int max_per_check_ = 20;
  int64_t start_ns_ = 0;
};

}  // namespace dmxp_soak
