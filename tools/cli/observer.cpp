#include "observer.hpp"

#include <algorithm>
#include <cstring>

#include "output.hpp"

namespace dmxp::cli {
namespace {
constexpr uint64_t kPollNapNs = 200'000;  // between polls of an empty ring
}

Observer::~Observer() { dmxp_consumer_close(consumer_); }

int Observer::open(const std::string& domain, const std::string& channel, uint64_t from_key,
                   std::string* error) {
  dmxp_channel_options copts;
  dmxp_channel_options_init(&copts);
  copts.domain = domain.c_str();
  copts.open_mode = DMXP_OPEN_EXISTING;
  dmxp_consumer_options o;
  dmxp_consumer_options_init(&o);
  o.passive = 1;
  o.start = from_key ? DMXP_START_OLDEST : DMXP_START_NEWEST;
  int rc = dmxp_consumer_open(channel.c_str(), &copts, &o, &consumer_);
  if (rc == DMXP_OK && from_key) rc = dmxp_consumer_seek(consumer_, from_key);
  if (rc != DMXP_OK) {
    *error = "channel '" + channel + "': " + dmxp_strerror(rc) + ": " + dmxp_last_error();
    return rc;
  }
  lost_base_ = dmxp_consumer_lost(consumer_);
  return DMXP_OK;
}

uint64_t Observer::take_new_losses() {
  uint64_t n = lost_ - reported_;
  reported_ = lost_;
  return n;
}

int Observer::next(ObservedMessage* out, size_t copy_limit, int64_t timeout_ns) {
  uint64_t deadline = timeout_ns < 0 ? UINT64_MAX : monotonic_now_ns() + uint64_t(timeout_ns);
  for (;;) {
    dmxp_message m;
    int rc = dmxp_consumer_try_receive(consumer_, &m);
    if (rc == DMXP_OK) {
      out->size = m.size;
      out->key = m.key;
      out->timestamp_ns = m.timestamp_ns;
      out->producer_pid = m.producer_pid;
      auto* data = static_cast<const uint8_t*>(m.data);
      out->bytes.assign(data, data + std::min(copy_limit, m.size));
      // The release tells whether a publisher overwrote the slot while we read it.
      bool torn = dmxp_consumer_release(consumer_) == DMXP_ERR_OVERRUN;
      torn_ += torn ? 1 : 0;
      lost_ = dmxp_consumer_lost(consumer_) - lost_base_ + torn_;
      if (!torn) return DMXP_OK;
      continue;
    }
    lost_ = dmxp_consumer_lost(consumer_) - lost_base_ + torn_;
    if (rc != DMXP_ERR_WOULD_BLOCK) return rc;
    if (stop_requested()) return DMXP_ERR_TIMEOUT;
    uint64_t now = monotonic_now_ns();
    if (now >= deadline) return DMXP_ERR_TIMEOUT;
    sleep_ns(std::min(kPollNapNs, deadline - now));
  }
}

}  // namespace dmxp::cli
