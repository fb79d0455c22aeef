#include "records.hpp"

#include <cstring>

#include "error.hpp"

namespace dmxp::detail {
namespace {
template <typename Record>
bool try_own(Record& r, int32_t expected_pid, int32_t pid) {
  if (!r.owner_pid.compare_exchange_strong(expected_pid, pid, std::memory_order_seq_cst))
    return false;
  r.owner_start_time = current_start_time();
  return true;
}
}  // namespace

int claim_producer_record(const Channel& channel, layout::ProducerRecord*& out) {
  int32_t pid = current_pid();
  for (int pass = 0; pass < 2; ++pass) {
    for (uint32_t i = 0; i < channel.max_producers(); ++i) {
      layout::ProducerRecord& r = *channel.producer_record(i);
      // Second pass: records of dead producers are repaired and freed first.
      if (pass == 1) channel.repair_dead_producer_record(r);
      if (r.owner_pid.load(std::memory_order_relaxed) != 0 || !try_own(r, 0, pid)) continue;
      r.claim_begin.store(0, std::memory_order_relaxed);
      r.claim_end.store(0, std::memory_order_relaxed);
      out = &r;
      return DMXP_OK;
    }
  }
  return fail(DMXP_ERR_RESOURCE, "channel '%s': all %u producer records are in use by live "
              "processes; create the channel with a larger max_producers",
              channel.name().c_str(), channel.max_producers());
}

void release_producer_record(layout::ProducerRecord& r) {
  r.claim_begin.store(0, std::memory_order_relaxed);
  r.claim_end.store(0, std::memory_order_relaxed);
  r.owner_start_time = 0;
  r.owner_pid.store(0, std::memory_order_release);
}

int claim_consumer_record(const Channel& channel, const std::string& name,
                          layout::ConsumerRecord*& out, bool& resumed) {
  int32_t pid = current_pid();
  resumed = false;
  if (name.size() >= sizeof(layout::ConsumerRecord::name))
    return fail(DMXP_ERR_INVALID_ARGUMENT, "consumer name '%s' is longer than %zu characters",
                name.c_str(), sizeof(layout::ConsumerRecord::name) - 1);
  if (!name.empty()) {
    for (uint32_t i = 0; i < channel.max_consumers(); ++i) {
      layout::ConsumerRecord& r = *channel.consumer_record(i);
      if (std::strncmp(r.name, name.c_str(), sizeof r.name) != 0) continue;
      int32_t owner = r.owner_pid.load(std::memory_order_acquire);
      if (owner != 0 && !process_alive(owner, r.owner_start_time)) {
        // The owner died attached. Reclaim its record like any dead consumer's (QUEUE slots
        // it held become consumed, it stops gating, the reclaim is counted) before taking
        // the name over: once the record has a live owner again, nobody would ever free
        // what the dead one held, and producers would wait on those slots forever.
        channel.reclaim_dead_consumers();
        owner = r.owner_pid.load(std::memory_order_acquire);
      }
      if (owner != 0 && process_alive(owner, r.owner_start_time))
        return fail(DMXP_ERR_BUSY, "channel '%s': consumer name '%s' is in use by live pid %d",
                    channel.name().c_str(), name.c_str(), owner);
      if (!try_own(r, owner, pid)) return fail(DMXP_ERR_BUSY, "channel '%s': consumer '%s' "
                                               "was claimed concurrently by another process",
                                               channel.name().c_str(), name.c_str());
      resumed = true;
      out = &r;
      return DMXP_OK;
    }
  }
  for (int pass = 0; pass < 2; ++pass) {
    if (pass == 1) channel.reclaim_dead_consumers();
    for (uint32_t i = 0; i < channel.max_consumers(); ++i) {
      layout::ConsumerRecord& r = *channel.consumer_record(i);
      if (r.owner_pid.load(std::memory_order_relaxed) != 0 || r.name[0] != 0) continue;
      if (!try_own(r, 0, pid)) continue;
      if (r.name[0] != 0) {  // a parked cursor slipped in between our check and CAS
        r.owner_start_time = 0;
        r.owner_pid.store(0, std::memory_order_release);
        continue;
      }
      std::strncpy(r.name, name.c_str(), sizeof r.name - 1);
      r.lost.store(0, std::memory_order_relaxed);
      r.received.store(0, std::memory_order_relaxed);
      r.holding_begin.store(0, std::memory_order_relaxed);
      r.holding_end.store(0, std::memory_order_relaxed);
      out = &r;
      return DMXP_OK;
    }
  }
  return fail(DMXP_ERR_RESOURCE, "channel '%s': all %u consumer records are in use; create "
              "the channel with a larger max_consumers, or remove parked named cursors",
              channel.name().c_str(), channel.max_consumers());
}

void release_consumer_record(const Channel& channel, layout::ConsumerRecord& r) {
  r.gating.store(0, std::memory_order_seq_cst);
  r.holding_begin.store(0, std::memory_order_relaxed);
  r.holding_end.store(0, std::memory_order_relaxed);
  r.owner_start_time = 0;
  r.owner_pid.store(0, std::memory_order_release);
  channel.header()->consumer_epoch.fetch_add(1, std::memory_order_seq_cst);
  channel.notify_space();
}

}  // namespace dmxp::detail
