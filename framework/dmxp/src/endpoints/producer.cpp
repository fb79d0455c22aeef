#include "endpoints/producer.hpp"

#include <algorithm>
#include <cstring>

#include "platform/crash_point.hpp"
#include "platform/error.hpp"
#include "platform/fast_clock.hpp"
#include "segments/records.hpp"
#include "segments/waiters.hpp"

namespace dmxp::detail {

using layout::seq_committed;
using layout::seq_consumed;
using layout::seq_writing;

namespace {
constexpr int kSpinChecks = 200;  // re-checks with PAUSE before sleeping on a full ring
}

int Producer::open(const char* channel, const dmxp_channel_options* options,
                   std::unique_ptr<Producer>& out) {
  std::unique_ptr<Producer> p(new Producer());
  if (int rc = Channel::attach(channel, options, p->channel_); rc != DMXP_OK) return rc;
  if (int rc = claim_producer_record(*p->channel_, p->record_); rc != DMXP_OK) return rc;
  p->pid_ = current_pid();
  out = std::move(p);
  return DMXP_OK;
}

Producer::~Producer() {
  if (!record_) return;
  // In a forked child the record and any loan are the parent's: touch neither.
  if (pid_ != current_pid()) return;
  if (loan_count_) abort();
  release_producer_record(*record_);
}

bool Producer::slot_free(uint64_t p, bool* stale) {
  const Channel& ch = *channel_;
  uint32_t cap = ch.capacity();
  uint64_t s = ch.slot(p)->seq.load(std::memory_order_acquire);
  if (s >= seq_writing(p)) { *stale = true; return false; }  // another producer took p
  if (p < cap) return true;
  uint64_t q = p - cap;
  // The previous lap must be out of the way before we claim: once claimed, a position can
  // no longer be given back, so every wait happens here, where timeouts still apply.
  blocked_position_ = q;
  if (ch.mode() == DMXP_MODE_BROADCAST) return s >= seq_committed(q);
  if (s == seq_consumed(q)) return true;
  if (ch.backpressure() != DMXP_KEEP_LAST || s != seq_committed(q)) return false;
  // KEEP_LAST queue: drop the oldest unconsumed message if no consumer has taken it yet.
  uint64_t head = q;
  if (!ch.header()->queue_head.compare_exchange_strong(head, q + 1, std::memory_order_seq_cst))
    return false;  // a consumer holds q (head > q), or older ones are still queued
  // A crash here leaves q committed behind the head: Channel::free_orphaned_queue_slot.
  DMXP_CRASH_POINT("producer.drop_oldest.head");
  uint64_t expected = seq_committed(q);
  if (ch.slot(q)->seq.compare_exchange_strong(expected, seq_consumed(q)))
    ch.header()->dropped.fetch_add(1, std::memory_order_relaxed);
  return true;
}

bool Producer::space_available(uint64_t tail, uint32_t count, bool* stale) {
  const Channel& ch = *channel_;
  *stale = false;
  for (uint32_t i = 0; i < count; ++i)
    if (!slot_free(tail + i, stale)) return false;
  if (ch.mode() == DMXP_MODE_QUEUE || ch.backpressure() == DMXP_KEEP_LAST) return true;
  // BROADCAST + RELIABLE: the slowest gating cursor must have released position
  // tail + count - 1 - capacity. The bound is cached and recomputed when the consumer set
  // changes (epoch) or when the cached bound is reached.
  uint32_t epoch = ch.header()->consumer_epoch.load(std::memory_order_acquire);
  if (epoch == gate_epoch_ && tail + count <= gate_limit_) return true;
  gate_epoch_ = epoch;
  uint64_t lowest = ch.min_gating_cursor();
  gate_limit_ = lowest == UINT64_MAX ? UINT64_MAX : lowest + ch.capacity();
  return tail + count <= gate_limit_;
}

int Producer::wait_for_space(uint64_t tail, uint32_t count, uint64_t deadline,
                             int64_t timeout_ns) {
  const Channel& ch = *channel_;
  auto* h = ch.header();
  uint64_t now = monotonic_ns();
  // How long the ring has been full at this tail, across calls: a producer that only tries
  // (timeout 0), or waits less than the stall timeout each time, must still get to ask whether
  // whoever holds it back is alive.
  if (stall_since_ == 0 || stall_tail_ != tail) {
    stall_since_ = now;
    stall_tail_ = tail;
  }
  if (int64_t(now - stall_since_) >= ch.stall_timeout_ns()) {
    // Blocked long enough: check the consumers that gate us and the writer of the previous
    // lap of the slot we need (or, QUEUE, a slot nobody will ever consume).
    ch.reclaim_dead_consumers();
    if (blocked_position_ != UINT64_MAX && !ch.repair_if_writer_dead(blocked_position_))
      ch.free_orphaned_queue_slot(blocked_position_);
    stall_since_ = now;
    gate_epoch_ = ~0u;
  }
  // No message: WOULD_BLOCK and TIMEOUT carry no detail (dmxp.h), and a polling producer
  // would pay for formatting one per try.
  if (timeout_ns >= 0 && now >= deadline)
    return timeout_ns == 0 ? DMXP_ERR_WOULD_BLOCK : DMXP_ERR_TIMEOUT;
  bool stale = false;
  for (int i = 0; i < kSpinChecks; ++i) {
    cpu_relax();
    if (space_available(h->tail.load(std::memory_order_acquire), count, &stale) || stale)
      return DMXP_OK;
  }
  // SYNC POINT: Dekker with Consumer::release and publish (store, then space_waiters load).
  announce_sleep(ch, record_->asleep, WaitKind::kSpace);
  uint32_t seen = h->space_futex.load(std::memory_order_seq_cst);
  gate_epoch_ = ~0u;
  if (!space_available(h->tail.load(std::memory_order_seq_cst), count, &stale) && !stale) {
    int64_t nap = ch.stall_timeout_ns();
    if (timeout_ns >= 0) nap = std::min<int64_t>(nap, int64_t(deadline - monotonic_ns()));
    int rc = futex_wait(&h->space_futex, seen, std::max<int64_t>(nap, 1000));
    if (rc == DMXP_ERR_INTERRUPTED) {
      withdraw_sleep(ch, record_->asleep, WaitKind::kSpace);
      return fail(DMXP_ERR_INTERRUPTED, "send on channel '%s' interrupted by a signal",
                  ch.name().c_str());
    }
  }
  withdraw_sleep(ch, record_->asleep, WaitKind::kSpace);
  (void)tail;
  return DMXP_OK;
}

int Producer::loan(uint32_t count, int64_t timeout_ns) {
  const Channel& ch = *channel_;
  if (loan_count_)
    return fail(DMXP_ERR_BUSY, "channel '%s': this producer already holds a loan; commit or "
                "abort it first", ch.name().c_str());
  if (count == 0 || count > ch.capacity())
    return fail(DMXP_ERR_INVALID_ARGUMENT, "channel '%s': batch of %u slots, the ring holds %u",
                ch.name().c_str(), count, ch.capacity());
  auto* h = ch.header();
  uint64_t deadline = 0;
  if (timeout_ns > 0) deadline = monotonic_ns() + uint64_t(timeout_ns);
  uint64_t tail, key;
  uint32_t stale_rounds = 0;
  for (;;) {
    tail = h->tail.load(std::memory_order_acquire);
    bool stale = false;
    blocked_position_ = UINT64_MAX;
    if (!space_available(tail, count, &stale)) {
      if (stale) {
        // A slot past the tail looks claimed. Normally the tail catches up within a few
        // reads; if it never does (a corrupt segment, or a hostile peer moving the tail by
        // one now and then), spinning would hang us: the caller's deadline still applies, and
        // so does a bound on the rounds in all.
        ++stale_rounds;
        if (timeout_ns >= 0 && stale_rounds > 64 && monotonic_ns() >= deadline)
          return timeout_ns == 0 ? DMXP_ERR_WOULD_BLOCK : DMXP_ERR_TIMEOUT;
        if (stale_rounds > 1'000'000)
          return fail(DMXP_ERR_CORRUPT, "channel '%s': slot %llu is marked written beyond the "
                      "tail %llu; the segment is corrupt, remove it with 'dmxp channel rm %s'",
                      ch.name().c_str(), (unsigned long long)(tail & (ch.capacity() - 1)),
                      (unsigned long long)tail, ch.name().c_str());
        cpu_relax();
        continue;
      }
      if (int rc = wait_for_space(tail, count, deadline, timeout_ns); rc != DMXP_OK)
        return rc;
      continue;
    }
    // The record names the claim before the claim exists, so a crash after the CAS is
    // always attributable (see Channel::repair_if_writer_dead).
    // Taking keys after reading tail and before the CAS keeps keys increasing with
    // positions: a CAS from tail succeeds only if no other claim happened since our read,
    // and every earlier claim took its keys before that read.
    key = ch.domain().take_keys(count);
    record_->claim_begin.store(tail, std::memory_order_relaxed);
    record_->claim_end.store(tail + count, std::memory_order_relaxed);
    record_->claim_key.store(key, std::memory_order_relaxed);
    DMXP_CRASH_POINT("producer.claim.recorded");
    // SYNC POINT: seq_cst CAS publishes the record stores above to repairers reading tail.
    if (h->tail.compare_exchange_weak(tail, tail + count, std::memory_order_seq_cst,
                                      std::memory_order_relaxed))
      break;
    // Lost the race: withdraw the claim, or a repairer would take the winner's slot for ours
    // and wait on us instead of repairing it if the winner dies. (Killed before this store, the
    // claim stays stale; repairs clamp it to the tail and skip slots live writers cover.)
    record_->claim_end.store(record_->claim_begin.load(std::memory_order_relaxed),
                             std::memory_order_relaxed);
  }
  stall_since_ = 0;
  DMXP_CRASH_POINT("producer.claim.taken");
  for (uint32_t i = 0; i < count; ++i)
    ch.slot(tail + i)->seq.store(seq_writing(tail + i), std::memory_order_relaxed);
  // Seqlock writer side: the writing stamps are ordered before any payload store, so a
  // KEEP_LAST reader that copies while we write sees the stamp change.
  std::atomic_thread_fence(std::memory_order_release);
  DMXP_CRASH_POINT("producer.claim.stamped");
  loan_begin_ = tail;
  loan_key_ = key;
  loan_count_ = count;
  return DMXP_OK;
}

void Producer::publish(uint32_t flags, const size_t* sizes, uint64_t* first_key) {
  const Channel& ch = *channel_;
  uint64_t stamp = fast_realtime_ns();
  // Commit back to front: a consumer reaches the batch through its first slot, which is
  // committed last, so it sees all of the batch or none of it.
  for (uint32_t i = loan_count_; i-- > 0;) {
    uint64_t p = loan_begin_ + i;
    layout::SlotHeader* s = ch.slot(p);
    s->key = loan_key_ + i;
    s->timestamp_ns = stamp;
    s->size = sizes ? sizes[i] : 0;
    s->producer_pid = pid_;
    s->flags = flags;
    s->batch_index = i;
    s->batch_count = loan_count_;
    DMXP_CRASH_POINT("producer.commit.slot");
    // SYNC POINT: release (seq_cst for the last store, which also orders it before the waiter
    // check in notify_data) pairs with the consumer's acquire load of seq.
    s->seq.store(seq_committed(p), i == 0 ? std::memory_order_seq_cst : std::memory_order_release);
  }
  DMXP_CRASH_POINT("producer.commit.done");
  if (first_key) *first_key = loan_key_;
  sent_ += loan_count_;
  record_->sent.store(sent_, std::memory_order_relaxed);
  loan_count_ = 0;
  ch.notify_data();
}

int Producer::commit(const size_t* sizes, uint64_t* first_key) {
  if (!loan_count_)
    return fail(DMXP_ERR_INVALID_ARGUMENT, "channel '%s': commit without a loan",
                channel_->name().c_str());
  publish(0, sizes, first_key);
  return DMXP_OK;
}

int Producer::abort() {
  if (!loan_count_)
    return fail(DMXP_ERR_INVALID_ARGUMENT, "channel '%s': abort without a loan",
                channel_->name().c_str());
  publish(layout::kSlotSkip, nullptr, nullptr);
  return DMXP_OK;
}

int Producer::send(const void* data, size_t size, int64_t timeout_ns, uint64_t* key) {
  if (size > channel_->slot_size())
    return fail(DMXP_ERR_TOO_LARGE, "channel '%s': message of %zu bytes exceeds the slot size "
                "%llu", channel_->name().c_str(), size,
                (unsigned long long)channel_->slot_size());
  if (int rc = loan(1, timeout_ns); rc != DMXP_OK) return rc;
  if (size) std::memcpy(loan_buffer(0), data, size);
  publish(0, &size, key);
  return DMXP_OK;
}

int Producer::send_batch(const dmxp_iovec* messages, uint32_t count, int64_t timeout_ns,
                         uint64_t* first_key) {
  constexpr uint32_t kStackSizes = 256;
  if (count > kStackSizes)
    return fail(DMXP_ERR_INVALID_ARGUMENT, "send_batch takes at most %u messages; use "
                "loan_batch for larger batches", kStackSizes);
  size_t sizes[kStackSizes];
  for (uint32_t i = 0; i < count; ++i) {
    if (messages[i].size > channel_->slot_size())
      return fail(DMXP_ERR_TOO_LARGE, "channel '%s': batch message %u of %zu bytes exceeds "
                  "the slot size %llu", channel_->name().c_str(), i, messages[i].size,
                  (unsigned long long)channel_->slot_size());
    sizes[i] = messages[i].size;
  }
  if (int rc = loan(count, timeout_ns); rc != DMXP_OK) return rc;
  for (uint32_t i = 0; i < count; ++i)
    if (sizes[i]) std::memcpy(loan_buffer(i), messages[i].data, sizes[i]);
  publish(0, sizes, first_key);
  return DMXP_OK;
}

}  // namespace dmxp::detail
