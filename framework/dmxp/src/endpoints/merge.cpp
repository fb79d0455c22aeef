#include "endpoints/merge.hpp"

#include "platform/error.hpp"

namespace dmxp::detail {

int Merge::init(Consumer* const* consumers, size_t count) {
  if (!consumers || count == 0) return fail(DMXP_ERR_INVALID_ARGUMENT, "merge needs consumers");
  for (size_t i = 0; i < count; ++i) {
    if (!consumers[i]) return fail(DMXP_ERR_INVALID_ARGUMENT, "merge: consumer %zu is NULL", i);
    if (consumers[i]->channel().mode() != DMXP_MODE_BROADCAST)
      return fail(DMXP_ERR_UNSUPPORTED, "merge: channel '%s' is a queue; merged scans read "
                  "broadcast channels", consumers[i]->channel().name().c_str());
    sources_.push_back({consumers[i], {}, false, false});
  }
  return DMXP_OK;
}

int Merge::next(dmxp_message* out, size_t* source) {
  Source* best = nullptr;
  for (Source& s : sources_) {
    if (s.delivered) { s.has_pending = false; s.delivered = false; }
    if (!s.has_pending) {
      uint32_t n = 0;
      int rc = s.consumer->try_receive(&s.pending, 1, &n);
      if (rc == DMXP_OK) s.has_pending = true;
      else if (rc != DMXP_ERR_WOULD_BLOCK) return rc;
    }
    if (s.has_pending && (!best || s.pending.key < best->pending.key)) best = &s;
  }
  if (!best) return DMXP_ERR_WOULD_BLOCK;
  if (best->pending.key < last_key_) ++late_;
  last_key_ = best->pending.key;
  best->delivered = true;
  *out = best->pending;
  if (source) *source = size_t(best - sources_.data());
  return DMXP_OK;
}

}  // namespace dmxp::detail
