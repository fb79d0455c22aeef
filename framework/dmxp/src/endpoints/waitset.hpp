// waitset.hpp - one thread waiting on many consumers at once, without polling while idle.
// All consumers sleep on their domain's doorbell futex; producers ring it only when a waitset
// announced itself on their channel (waitset_waiters), so idle waitsets cost producers a load.
#pragma once

#include <vector>

#include "endpoints/consumer.hpp"

namespace dmxp::detail {

class WaitSet {
 public:
  int add(Consumer* consumer);
  // ready[i] = 1 for consumers with data; returns DMXP_OK, _TIMEOUT or _INTERRUPTED.
  int wait(uint8_t* ready, size_t ready_size, size_t* ready_count, int64_t timeout_ns);

 private:
  size_t scan(uint8_t* ready, size_t ready_size) const;
  void announce(int delta) const;
  std::vector<Consumer*> consumers_;
};

}  // namespace dmxp::detail
