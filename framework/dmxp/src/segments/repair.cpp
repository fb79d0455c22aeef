// repair.cpp - crash repair of a channel: slots claimed by producers that died before
// committing, records of consumers that died attached, and queue slots nobody will ever
// consume. Whoever waits longer than the stall timeout runs it; every step is safe against a
// second repairer (records are taken exclusively, record_owner.hpp) and against the repairer
// itself dying midway (whoever comes next takes the transition over and finishes it).
#include <algorithm>

#include "segments/channel.hpp"
#include "platform/crash_point.hpp"
#include "segments/record_owner.hpp"
#include "segments/waiters.hpp"

namespace dmxp::detail {

using layout::seq_committed;
using layout::seq_consumed;
using layout::seq_writing;

namespace {
bool claim_covers(const layout::ProducerRecord& r, uint64_t position) {
  uint64_t begin = r.claim_begin.load(std::memory_order_acquire);
  uint64_t end = r.claim_end.load(std::memory_order_acquire);
  return position >= begin && position < end;
}
bool holding_covers(const layout::ConsumerRecord& r, uint64_t position) {
  uint64_t begin = r.holding_begin.load(std::memory_order_acquire);
  uint64_t end = r.holding_end.load(std::memory_order_acquire);
  return position >= begin && position < end;
}
bool live_or_busy(OwnerState s) { return s == OwnerState::kLive || s == OwnerState::kTransit; }
}  // namespace

void Channel::commit_skip(uint64_t position, uint64_t key) const {
  // The caller holds the claim's record in transition, so no other repairer writes this slot,
  // and nobody else can: its writer is dead, and the next lap waits for this commit.
  layout::SlotHeader* s = slot(position);
  uint64_t seen = s->seq.load(std::memory_order_acquire);
  if (seen >= seq_committed(position)) return;  // committed before its writer died
  DMXP_CRASH_POINT("repair.slot");
  s->size = 0;
  s->key = key;
  s->flags = layout::kSlotSkip | layout::kSlotRepaired;
  s->batch_index = 0;
  s->batch_count = 1;
  s->producer_pid = 0;
  // SYNC POINT: release (seq_cst) publishes the fields above with the seq, like a commit.
  if (s->seq.compare_exchange_strong(seen, seq_committed(position), std::memory_order_seq_cst))
    header_->repaired_slots.fetch_add(1, std::memory_order_relaxed);
}

bool Channel::live_writer_covers(uint64_t position, const layout::ProducerRecord* except) const {
  for (uint32_t i = 0; i < max_producers_; ++i) {
    const layout::ProducerRecord& r = producers_[i];
    if (&r != except && claim_covers(r, position) && live_or_busy(owner_state(r))) return true;
  }
  return false;
}

bool Channel::live_holder_covers(uint64_t position, const layout::ConsumerRecord* except) const {
  for (uint32_t i = 0; i < max_consumers_; ++i) {
    const layout::ConsumerRecord& r = consumers_[i];
    if (&r != except && holding_covers(r, position) && live_or_busy(owner_state(r))) return true;
  }
  return false;
}

void Channel::repair_claim(const layout::ProducerRecord& r) const {
  uint64_t begin = r.claim_begin.load(std::memory_order_acquire);
  // SYNC POINT: positions at or past the tail were never claimed (a claim whose tail CAS lost,
  // and whose writer died before withdrawing it): repairing them would mark future positions.
  uint64_t end = std::min(r.claim_end.load(std::memory_order_acquire),
                          header_->tail.load(std::memory_order_seq_cst));
  uint64_t key = r.claim_key.load(std::memory_order_relaxed);
  if (end <= begin || end - begin > capacity_) return;
  // A batch is committed back to front, so its writer may have died with the tail of the batch
  // committed and the head not. Readers stop at the uncommitted head, so nobody has seen the
  // committed part: turn it into skip entries too, and the batch stays all-or-none. Back to
  // front again, so the head is committed last: until then nobody reads the batch, and no
  // writer of the next lap can claim any of its slots (claims are contiguous, the head first).
  // The record being repaired is ours now (in transition): it covers nothing live.
  bool head_missing = slot(begin)->seq.load(std::memory_order_acquire) < seq_committed(begin);
  for (uint64_t p = end; p-- > begin;) {
    if (live_writer_covers(p, &r)) continue;  // a stale claim overlapping a live one's
    layout::SlotHeader* s = slot(p);
    // Only the dead producer's own messages are turned into skips: a stale claim (its tail CAS
    // lost) overlaps positions other producers committed. Keys are unique in the domain, so a
    // committed slot carrying this claim's key for p is this claim's.
    if (head_missing && s->seq.load(std::memory_order_acquire) == seq_committed(p) &&
        s->key == key + (p - begin) && !(s->flags & layout::kSlotSkip)) {
      DMXP_CRASH_POINT("repair.slot");
      s->flags = layout::kSlotSkip | layout::kSlotRepaired;
      header_->repaired_slots.fetch_add(1, std::memory_order_relaxed);
    }
    commit_skip(p, key + (p - begin));
  }
}

bool Channel::repair_producer_record(layout::ProducerRecord& r) const {
  if (!take_if_dead(r)) return false;
  DMXP_CRASH_POINT("repair.producer.taken");
  repair_claim(r);
  DMXP_CRASH_POINT("repair.producer.cleaned");
  bool ambiguous = take_back_sleeps(*this, r.asleep);
  r.claim_begin.store(0, std::memory_order_relaxed);
  r.claim_end.store(0, std::memory_order_relaxed);
  publish_free(r);
  if (ambiguous) request_recount(*this);
  notify_data();
  return true;
}

void Channel::repair_dead_producer_record(layout::ProducerRecord& r) const {
  repair_producer_record(r);
}

bool Channel::repair_if_writer_dead(uint64_t position) const {
  uint64_t seen = slot(position)->seq.load(std::memory_order_acquire);
  if (seen >= seq_committed(position)) return false;
  // SYNC POINT: the claimer stored its record before its seq_cst tail CAS; reading tail first
  // makes that record visible here.
  if (header_->tail.load(std::memory_order_seq_cst) <= position) return false;  // unclaimed
  bool covered = false, repaired = false;
  for (uint32_t i = 0; i < max_producers_; ++i) {
    layout::ProducerRecord& r = producers_[i];
    if (!claim_covers(r, position)) continue;
    covered = true;
    repaired = repair_producer_record(r) || repaired;  // no-op unless its owner is dead
  }
  if (!covered && repair_orphan(position, seen)) {
    notify_data();
    repaired = true;
  }
  return repaired;
}

bool Channel::repair_orphan(uint64_t position, uint64_t seen) const {
  // Claimed, uncommitted, and no record claims it. A live writer's record covers its slot
  // until it commits, so if the slot still reads as before, only a corrupt or hostile segment
  // gets here. Skip the slot rather than let readers and the next lap wait on it forever.
  layout::SlotHeader* s = slot(position);
  if (seen != seq_writing(position)) {
    // Own the slot first (a stale "seen" means it moved on: then leave it alone).
    if (!s->seq.compare_exchange_strong(seen, seq_writing(position), std::memory_order_seq_cst))
      return false;
  } else if (s->seq.load(std::memory_order_seq_cst) != seen || live_writer_covers(position)) {
    return false;
  }
  commit_skip(position, newest_committed_key());
  return true;
}

bool Channel::free_orphaned_queue_slot(uint64_t position) const {
  // QUEUE: a committed slot behind the head that no live consumer holds will never be consumed:
  // a KEEP_LAST producer died between moving the head past it and marking it dropped, or a
  // consumer died holding it and was reclaimed before its range was known. Mark it consumed.
  if (mode_ != DMXP_MODE_QUEUE) return false;
  layout::SlotHeader* s = slot(position);
  uint64_t expected = seq_committed(position);
  if (s->seq.load(std::memory_order_acquire) != expected) return false;
  // SYNC POINT: consumers announce their holding range before their head CAS; reading the head
  // first (seq_cst) makes the range of whoever moved it past position visible below.
  if (header_->queue_head.load(std::memory_order_seq_cst) <= position) return false;
  if (live_holder_covers(position)) return false;
  if (!s->seq.compare_exchange_strong(expected, seq_consumed(position), std::memory_order_seq_cst))
    return false;
  header_->dropped.fetch_add(1, std::memory_order_relaxed);
  notify_space();
  return true;
}

void Channel::note_empty_wake() const {
  thread_local uint32_t empty_wakes = 0;
  if (++empty_wakes < 256) return;
  empty_wakes = 0;
  reclaim_dead_consumers();
  for (uint32_t i = 0; i < max_producers_; ++i) repair_producer_record(producers_[i]);
  recount_waiters(*this);
}

void Channel::release_dead_holding(layout::ConsumerRecord& r) const {
  // QUEUE: what the dead consumer took from the head and never released is lost to it: free
  // the slots. Only positions behind the head were ever taken (the range is announced before
  // the head CAS, so it may name positions the CAS never got), and a live consumer that took
  // one since holds it in its own range.
  uint64_t begin = r.holding_begin.load(std::memory_order_acquire);
  uint64_t end = r.holding_end.load(std::memory_order_acquire);
  if (end <= begin || end - begin > capacity_) return;
  uint64_t head = header_->queue_head.load(std::memory_order_seq_cst);
  for (uint64_t p = begin; p < std::min(end, head); ++p) {
    if (live_holder_covers(p, &r)) continue;  // r itself is ours now (in transition)
    DMXP_CRASH_POINT("reclaim.consumer.slot");
    uint64_t expected = seq_committed(p);
    if (slot(p)->seq.compare_exchange_strong(expected, seq_consumed(p), std::memory_order_seq_cst))
      r.lost.fetch_add(1, std::memory_order_relaxed);
  }
}

uint32_t Channel::reclaim_dead_consumers() const {
  uint32_t reclaimed = 0;
  bool ambiguous = false;
  for (uint32_t i = 0; i < max_consumers_; ++i) {
    layout::ConsumerRecord& r = consumers_[i];
    int32_t was = take_if_dead(r);
    if (!was) continue;
    ++reclaimed;
    // Counted when the dead owner's record is taken; taking over a reclaimer that died midway
    // (was < 0) finishes its work without counting twice.
    if (was > 0) header_->reclaimed_consumers.fetch_add(1, std::memory_order_relaxed);
    DMXP_CRASH_POINT("reclaim.consumer.taken");
    release_dead_holding(r);
    r.holding_begin.store(0, std::memory_order_relaxed);
    r.holding_end.store(0, std::memory_order_relaxed);
    ambiguous = take_back_sleeps(*this, r.asleep) || ambiguous;
    r.gating.store(0, std::memory_order_seq_cst);
    if (r.name[0] == 0) r.cursor.store(0, std::memory_order_relaxed);
    DMXP_CRASH_POINT("reclaim.consumer.cleaned");
    publish_free(r);
  }
  if (ambiguous) request_recount(*this);
  if (reclaimed) {
    header_->consumer_epoch.fetch_add(1, std::memory_order_seq_cst);
    notify_space();
  }
  return reclaimed;
}

}  // namespace dmxp::detail
