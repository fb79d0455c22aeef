#include "segments/records.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "platform/crash_point.hpp"
#include "platform/error.hpp"
#include "segments/record_owner.hpp"

namespace dmxp::detail {
namespace {

constexpr int kNameAttempts = 200;  // a named cursor contended by live claimers: then BUSY

bool same_name(const layout::ConsumerRecord& r, const std::string& name) {
  return std::strncmp(r.name, name.c_str(), sizeof r.name) == 0;
}

// Claims a free, unnamed record for this process (name written while in transition).
layout::ConsumerRecord* claim_free_consumer(const Channel& channel, const std::string& name) {
  for (uint32_t i = 0; i < channel.max_consumers(); ++i) {
    layout::ConsumerRecord& r = *channel.consumer_record(i);
    if (r.owner_pid.load(std::memory_order_relaxed) != 0 || r.name[0] != 0) continue;
    if (!begin_transition(r, 0)) continue;
    DMXP_CRASH_POINT("record.claim.owned");
    if (r.name[0] != 0) {  // a parked cursor (0 with a name) slipped in before our CAS
      publish_free(r);
      continue;
    }
    std::strncpy(r.name, name.c_str(), sizeof r.name - 1);
    r.lost.store(0, std::memory_order_relaxed);
    r.received.store(0, std::memory_order_relaxed);
    r.holding_begin.store(0, std::memory_order_relaxed);
    r.holding_end.store(0, std::memory_order_relaxed);
    r.gating.store(0, std::memory_order_relaxed);
    r.cursor.store(0, std::memory_order_relaxed);
    return &r;
  }
  return nullptr;
}

// Another record that carries the same name (two processes created one new name at once).
bool name_taken_elsewhere(const Channel& channel, const std::string& name,
                          const layout::ConsumerRecord* mine) {
  for (uint32_t i = 0; i < channel.max_consumers(); ++i) {
    const layout::ConsumerRecord* r = channel.consumer_record(i);
    if (r != mine && same_name(*r, name)) return true;
  }
  return false;
}

// True when r's claim has nothing left to repair: empty, or every claimed slot committed.
bool claim_settled(const Channel& channel, const layout::ProducerRecord& r) {
  uint64_t begin = r.claim_begin.load(std::memory_order_acquire);
  uint64_t end = std::min(r.claim_end.load(std::memory_order_acquire),
                          channel.header()->tail.load(std::memory_order_seq_cst));
  if (end > begin && end - begin > channel.capacity()) return false;  // corrupt: full repair
  for (uint64_t p = begin; p < end; ++p)
    if (channel.slot(p)->seq.load(std::memory_order_acquire) < layout::seq_committed(p))
      return false;
  return true;
}

enum class Resume { kResumed, kNotFound, kBusy, kRetry };

// Resumes the parked (or orphaned) record carrying name.
Resume resume_named(const Channel& channel, const std::string& name,
                    layout::ConsumerRecord*& out, int32_t* busy_pid) {
  for (uint32_t i = 0; i < channel.max_consumers(); ++i) {
    layout::ConsumerRecord& r = *channel.consumer_record(i);
    if (!same_name(r, name)) continue;
    int32_t pid = 0;
    switch (owner_state(r, &pid)) {
      case OwnerState::kLive: *busy_pid = pid; return Resume::kBusy;
      case OwnerState::kTransit: return Resume::kRetry;  // being claimed or reclaimed
      case OwnerState::kDead:
      case OwnerState::kDeadTransit:
        // Reclaim it like any dead consumer's record (QUEUE slots it held become consumed,
        // it stops gating, the reclaim is counted) before taking the name over.
        channel.reclaim_dead_consumers();
        return Resume::kRetry;
      case OwnerState::kFree:
        if (!begin_transition(r, 0)) return Resume::kRetry;
        DMXP_CRASH_POINT("record.claim.owned");
        if (!same_name(r, name)) { publish_free(r); return Resume::kRetry; }
        out = &r;
        return Resume::kResumed;
    }
  }
  return Resume::kNotFound;
}

}  // namespace

int claim_producer_record(const Channel& channel, layout::ProducerRecord*& out) {
  // Every attach frees the records of dead producers that left nothing to repair (a restarted
  // producer attaches again: dead records never pile up, however quiet the channel). A dead
  // claim still open is left to whoever waits on it (or to the full-table pass below).
  for (uint32_t i = 0; i < channel.max_producers(); ++i) {
    layout::ProducerRecord& r = *channel.producer_record(i);
    if (claim_settled(channel, r)) channel.repair_dead_producer_record(r);
  }
  for (int pass = 0; pass < 2; ++pass) {
    for (uint32_t i = 0; i < channel.max_producers(); ++i) {
      layout::ProducerRecord& r = *channel.producer_record(i);
      // Second pass: records of dead producers are repaired and freed first.
      if (pass == 1) channel.repair_dead_producer_record(r);
      if (r.owner_pid.load(std::memory_order_relaxed) != 0 || !begin_transition(r, 0)) continue;
      DMXP_CRASH_POINT("record.claim.owned");
      r.claim_begin.store(0, std::memory_order_relaxed);
      r.claim_end.store(0, std::memory_order_relaxed);
      r.asleep.store(0, std::memory_order_relaxed);
      publish_owner(r);
      out = &r;
      return DMXP_OK;
    }
  }
  return fail(DMXP_ERR_RESOURCE, "channel '%s': all %u producer records are in use by live "
              "processes; create the channel with a larger max_producers",
              channel.name().c_str(), channel.max_producers());
}

void release_producer_record(layout::ProducerRecord& r) {
  if (!begin_transition(r, current_pid())) return;  // not ours: a forked child's copy
  r.claim_begin.store(0, std::memory_order_relaxed);
  r.claim_end.store(0, std::memory_order_relaxed);
  publish_free(r);
}

int claim_consumer_record(const Channel& channel, const std::string& name,
                          layout::ConsumerRecord*& out, bool& resumed) {
  resumed = false;
  if (name.size() >= sizeof(layout::ConsumerRecord::name))
    return fail(DMXP_ERR_INVALID_ARGUMENT, "consumer name '%s' is longer than %zu characters",
                name.c_str(), sizeof(layout::ConsumerRecord::name) - 1);
  // As for producers: every attach cleans up after dead consumers first.
  channel.reclaim_dead_consumers();
  for (int attempt = 0; attempt < kNameAttempts; ++attempt) {
    if (attempt) usleep(100 + (current_pid() * 7919u + attempt * 104729u) % 900);
    layout::ConsumerRecord* r = nullptr;
    if (!name.empty()) {
      int32_t busy_pid = 0;
      Resume found = resume_named(channel, name, r, &busy_pid);
      if (found == Resume::kBusy)
        return fail(DMXP_ERR_BUSY, "channel '%s': consumer name '%s' is in use by live pid %d",
                    channel.name().c_str(), name.c_str(), busy_pid);
      if (found == Resume::kRetry) continue;
      if (found == Resume::kResumed) {
        publish_owner(*r);
        resumed = true;
        out = r;
        return DMXP_OK;
      }
    }
    r = claim_free_consumer(channel, name);
    if (!r)
      return fail(DMXP_ERR_RESOURCE, "channel '%s': all %u consumer records are in use; "
                  "create the channel with a larger max_consumers, or remove parked named "
                  "cursors", channel.name().c_str(), channel.max_consumers());
    // Two processes creating the same new name at once: both see the other's name at least
    // (seq_cst CAS before our name, scan after), so both back off and retry; the one that
    // comes back first creates it, the other then resumes or finds it busy.
    if (!name.empty()) {
      std::atomic_thread_fence(std::memory_order_seq_cst);
      if (name_taken_elsewhere(channel, name, r)) {
        std::memset(r->name, 0, sizeof r->name);
        publish_free(*r);
        continue;
      }
    }
    publish_owner(*r);
    out = r;
    return DMXP_OK;
  }
  return fail(DMXP_ERR_BUSY, "channel '%s': consumer '%s' stayed contended by other processes "
              "claiming it; try again", channel.name().c_str(), name.c_str());
}

void release_consumer_record(const Channel& channel, layout::ConsumerRecord& r) {
  if (!begin_transition(r, current_pid())) return;  // not ours: a forked child's copy
  r.gating.store(0, std::memory_order_seq_cst);
  r.holding_begin.store(0, std::memory_order_relaxed);
  r.holding_end.store(0, std::memory_order_relaxed);
  DMXP_CRASH_POINT("record.park");
  if (r.name[0] == 0) r.cursor.store(0, std::memory_order_relaxed);
  publish_free(r);
  channel.header()->consumer_epoch.fetch_add(1, std::memory_order_seq_cst);
  channel.notify_space();
}

}  // namespace dmxp::detail
