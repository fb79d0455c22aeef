// observer.hpp - a passive reader of one broadcast channel for echo, hz, bw, delay: a
// consumer opened with dmxp_consumer_options::passive, so it never holds a RELIABLE publisher
// back, polled with short naps rather than a futex sleep, so publishers never pay a wake-up
// for it either. What it could not keep up with is counted and reported, never waited for.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dmxp/dmxp.h"

namespace dmxp::cli {

struct ObservedMessage {
  std::vector<uint8_t> bytes;  // the payload's first copy_limit bytes (checked unchanged)
  size_t size = 0;
  uint64_t key = 0;
  uint64_t timestamp_ns = 0;  // CLOCK_REALTIME at commit (the slot header)
  int32_t producer_pid = 0;
};

class Observer {
 public:
  Observer() = default;
  ~Observer();
  Observer(const Observer&) = delete;
  Observer& operator=(const Observer&) = delete;

  // from_key: 0 = only messages published from now on; else the first retained message
  // with key >= from_key. DMXP_OK or a status with *error set to a one-line message.
  int open(const std::string& domain, const std::string& channel, uint64_t from_key, std::string* error);
  // Waits up to timeout_ns (< 0: no limit) for the next message and copies its first
  // copy_limit bytes (0: read only the slot header; SIZE_MAX: all of it).
  // DMXP_OK, DMXP_ERR_TIMEOUT (also when a stop was requested), or an error.
  int next(ObservedMessage* out, size_t copy_limit, int64_t timeout_ns);
  // Messages overwritten before this observer read them (since open).
  uint64_t lost() const { return lost_; }
  // Lost since the last call (for "could not keep up" reports).
  uint64_t take_new_losses();

 private:
  dmxp_consumer* consumer_ = nullptr;
  uint64_t lost_base_ = 0;  // the record's counter at open
  uint64_t torn_ = 0;       // copies that changed while being read
  uint64_t lost_ = 0;
  uint64_t reported_ = 0;
};

}  // namespace dmxp::cli
