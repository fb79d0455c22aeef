#include "endpoints/waitset.hpp"

#include <algorithm>
#include <cstring>

#include "platform/error.hpp"

namespace dmxp::detail {

int WaitSet::add(Consumer* consumer) {
  if (!consumer) return fail(DMXP_ERR_INVALID_ARGUMENT, "waitset: consumer is NULL");
  if (!consumers_.empty() &&
      &consumers_.front()->channel().domain() != &consumer->channel().domain())
    return fail(DMXP_ERR_INVALID_ARGUMENT, "waitset: channel '%s' is in domain '%s', the "
                "waitset's channels are in '%s'", consumer->channel().name().c_str(),
                consumer->channel().domain().name().c_str(),
                consumers_.front()->channel().domain().name().c_str());
  consumers_.push_back(consumer);
  return DMXP_OK;
}

size_t WaitSet::scan(uint8_t* ready, size_t ready_size) const {
  size_t n = 0;
  for (size_t i = 0; i < consumers_.size(); ++i) {
    bool r = consumers_[i]->ready();
    if (i < ready_size) ready[i] = r;
    n += r;
  }
  return n;
}

void WaitSet::announce(int delta) const {
  for (Consumer* c : consumers_) c->announce_waitset_sleep(delta > 0);
}

int WaitSet::wait(uint8_t* ready, size_t ready_size, size_t* ready_count, int64_t timeout_ns) {
  if (consumers_.empty()) return fail(DMXP_ERR_INVALID_ARGUMENT, "waitset is empty");
  if (ready && ready_size) std::memset(ready, 0, ready_size);
  uint8_t scratch = 0;
  if (!ready) { ready = &scratch; ready_size = 0; }
  uint64_t start = monotonic_ns();
  uint64_t deadline = timeout_ns >= 0 ? start + uint64_t(timeout_ns) : UINT64_MAX;
  const int64_t stall = consumers_.front()->channel().stall_timeout_ns();
  std::atomic<uint32_t>& doorbell = consumers_.front()->channel().domain().doorbell();
  for (int spin = 0; spin < 256; ++spin) {
    if (size_t n = scan(ready, ready_size)) { if (ready_count) *ready_count = n; return DMXP_OK; }
    cpu_relax();
  }
  for (;;) {
    // SYNC POINT: Dekker with Channel::notify_data, as for single consumers.
    announce(+1);
    uint32_t seen = doorbell.load(std::memory_order_seq_cst);
    size_t n = scan(ready, ready_size);
    int rc = DMXP_OK;
    if (n == 0) {
      uint64_t now = monotonic_ns();
      if (now >= deadline) { announce(-1); break; }
      int64_t nap = std::min<int64_t>(stall, deadline == UINT64_MAX ? INT64_MAX
                                                                    : int64_t(deadline - now));
      rc = futex_wait(&doorbell, seen, nap);
    }
    announce(-1);
    if (n || (n = scan(ready, ready_size))) { if (ready_count) *ready_count = n; return DMXP_OK; }
    if (rc == DMXP_ERR_INTERRUPTED) return fail(rc, "waitset wait interrupted by a signal");
    if (rc == DMXP_ERR_TIMEOUT) {
      // Sleeping a whole stall period is the moment to check for writers that died mid-write.
      for (Consumer* c : consumers_) c->repair_if_stalled();
    }
    if (monotonic_ns() >= deadline) break;
  }
  if (ready_count) *ready_count = 0;
  return DMXP_ERR_TIMEOUT;  // no detail (dmxp.h)
}

}  // namespace dmxp::detail
