// soak_config.hpp - the soak's workload and options: which channels it runs (mode,
// backpressure, ring geometry, message sizes, rates, which consumers are named) and the
// command line shared by the supervisor and the producer/consumer processes it execs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dmxp/dmxp.h"

namespace dmxp_soak {

inline constexpr int kProducers = 4;
inline constexpr int kConsumers = 4;
inline constexpr int kMaxChannels = 8;

// One bucket of a message-size distribution: weight, then sizes in [min, max] (log-uniform).
struct SizeBucket {
  uint32_t weight, min, max;
};

// How a consumer process reads its channels (consumer slot c uses kConsumerStyles[c]).
enum class ReadStyle {
  kThreads,  // one thread per channel, blocking receive_batch with a timeout
  kWaitset,  // one thread, a waitset over every channel, then non-blocking receives
  kPolling,  // one thread, non-blocking receives on every channel, a short nap when idle
};
inline constexpr ReadStyle kConsumerStyles[kConsumers] = {
    ReadStyle::kThreads, ReadStyle::kWaitset, ReadStyle::kThreads, ReadStyle::kPolling};
const char* style_name(ReadStyle style);

struct ChannelSpec {
  const char* name;
  dmxp_mode mode;
  dmxp_backpressure backpressure;
  uint32_t capacity;
  uint32_t slot_size;
  std::vector<SizeBucket> sizes;
  double rate;             // messages per second per producer, before --rate-scale
  uint32_t batch_percent;  // sends that are atomic batches of 2..batch_max messages
  uint32_t batch_max;
  uint32_t receive_max;    // views per consumer receive_batch
  bool zero_copy;          // producers loan, write in place and commit (else send copies)
  uint8_t named_mask;      // bit c: consumer c opens with the durable name "c<c>"

  bool queue() const { return mode == DMXP_MODE_QUEUE; }
  bool reliable() const { return backpressure == DMXP_RELIABLE; }
  bool named(int consumer) const { return (named_mask >> consumer) & 1u; }
  uint32_t min_size() const;
};

// The channels of one soak, in index order (index = position in the vector).
const std::vector<ChannelSpec>& channel_specs();
std::string describe(const ChannelSpec& spec);  // "broadcast/reliable cap 256 slot 4032 ..."

enum class Role { kSupervisor, kProducer, kConsumer };

struct Options {
  Role role = Role::kSupervisor;
  double seconds = 60;
  uint64_t seed = 0;            // 0: taken from the clock (printed, so a run can be repeated)
  std::string domain;           // default "soak<pid>"
  double rate_scale = 1.0;      // multiplies every channel's rate
  int kill_min_ms = 1000;       // a process is killed every [min, max] ms
  int kill_max_ms = 3000;
  int clean_percent = 20;       // restarts that stop the process cleanly (SIGTERM) instead
  int stall_slack_ms = 3000;    // progress must happen every stall timeout + this
  int reclaim_deadline_ms = 10000;  // a dead process's record must be gone by then
  int64_t stall_timeout_ns = 20'000'000;
  int send_timeout_ms = -1;     // -1: per producer slot (200, 100, 10, 0 ms); else for all
  int crash_percent = 0;        // restarts that arm a random crash point (dmxp_soak_crashpoints)
  std::string crash_only;       // only crash points whose name starts with this
  int max_reports = 20;         // violations printed in full per check; the rest only counted
  bool verbose = false;
  // Child processes only.
  int slot = -1;
  uint32_t incarnation = 0;
  int ctl_fd = -1;
};

// Parses argv; on a bad option prints usage to stderr and returns false.
bool parse_options(int argc, char** argv, Options& out);
// The arguments that make a child process of this soak (role, slot, incarnation, ...).
std::vector<std::string> child_arguments(const Options& o, Role role, int slot,
                                         uint32_t incarnation, int ctl_fd);

// Channel options with the soak's domain and the spec's properties (create as asked).
dmxp_channel_options channel_options(const Options& o, const ChannelSpec& spec, bool create);

int64_t monotonic_ns();

}  // namespace dmxp_soak
