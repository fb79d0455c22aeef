#include "endpoints/consumer.hpp"

#include <algorithm>
#include <cstring>

#include "platform/crash_point.hpp"
#include "platform/error.hpp"
#include "segments/records.hpp"
#include "segments/waiters.hpp"

namespace dmxp::detail {

using layout::seq_committed;
using layout::seq_consumed;
using layout::seq_writing;

int Consumer::open(const char* channel, const dmxp_channel_options* channel_options,
                   const dmxp_consumer_options* options, std::unique_ptr<Consumer>& out) {
  dmxp_consumer_options o;
  dmxp_consumer_options_init(&o);
  if (options) {
    if (options->struct_size == 0)
      return fail(DMXP_ERR_INVALID_ARGUMENT, "consumer options not initialised: call "
                  "dmxp_consumer_options_init first");
    std::memcpy(&o, options, std::min<size_t>(sizeof o, options->struct_size));
  }
  std::unique_ptr<Consumer> c(new Consumer());
  if (int rc = Channel::attach(channel, channel_options, c->channel_); rc != DMXP_OK) return rc;
  c->name_ = o.name ? o.name : "";
  c->pid_ = current_pid();
  c->spin_ns_ = o.spin_ns;
  c->passive_ = o.passive != 0;
  bool resumed = false;
  if (int rc = claim_consumer_record(*c->channel_, c->name_, c->record_, resumed); rc != DMXP_OK)
    return rc;
  const Channel& ch = *c->channel_;
  auto* h = ch.header();
  if (c->passive_ && ch.mode() != DMXP_MODE_BROADCAST)
    return fail(DMXP_ERR_UNSUPPORTED, "channel '%s' is a queue: reading it takes messages "
                "from its consumers, so it cannot be observed passively", ch.name().c_str());
  if (ch.mode() == DMXP_MODE_BROADCAST) {
    if (!resumed) {
      uint64_t tail = h->tail.load(std::memory_order_acquire);
      uint64_t oldest = tail > ch.capacity() ? tail - ch.capacity() : 0;
      c->record_->cursor.store(o.start == DMXP_START_NEWEST ? tail : oldest,
                               std::memory_order_relaxed);
      // The oldest retained slot may sit inside a batch whose head was overwritten.
      c->resync_ = Resync::kQuiet;
    }
    c->cursor_ = c->record_->cursor.load(std::memory_order_relaxed);
    c->record_->gating.store(ch.backpressure() == DMXP_RELIABLE && !c->passive_ ? 1 : 0,
                             std::memory_order_seq_cst);
  }
  // SYNC POINT: producers re-read the gating set when the epoch changes.
  h->consumer_epoch.fetch_add(1, std::memory_order_seq_cst);
  out = std::move(c);
  return DMXP_OK;
}

Consumer::~Consumer() { detach(); }

void Consumer::detach() {
  if (!record_) return;
  // In a forked child the record and the views are the parent's: touch neither.
  if (pid_ == current_pid()) {
    release();
    release_consumer_record(*channel_, *record_);
  }
  record_ = nullptr;
}

bool Consumer::fill_view(uint64_t p, dmxp_message* out) const {
  const layout::SlotHeader* s = channel_->slot(p);
  uint64_t size = s->size;
  if (size > channel_->slot_size()) return false;  // never hand out bytes past the slot
  out->data = channel_->payload(p);
  out->size = size;
  out->key = s->key;
  out->timestamp_ns = s->timestamp_ns;
  out->producer_pid = s->producer_pid;
  out->batch_index = s->batch_index;
  out->batch_count = s->batch_count;
  out->reserved = 0;
  return true;
}

int Consumer::skip_overrun() {
  // A KEEP_LAST producer lapped us (or history was overwritten while we joined): resume at
  // the oldest slot that is still safe to read and count what we missed.
  const Channel& ch = *channel_;
  uint64_t tail = ch.header()->tail.load(std::memory_order_acquire);
  if (tail <= cursor_)  // a later lap than the tail has reached: only corruption does that
    return fail(DMXP_ERR_CORRUPT, "channel '%s': slot of position %llu holds a later lap than "
                "the tail %llu; the segment is corrupt, remove it with 'dmxp channel rm %s'",
                ch.name().c_str(), (unsigned long long)cursor_, (unsigned long long)tail,
                ch.name().c_str());
  uint64_t resume = tail > ch.capacity() ? tail - ch.capacity() + 1 : 0;
  if (resume <= cursor_) resume = cursor_ + 1;
  record_->lost.fetch_add(resume - cursor_, std::memory_order_relaxed);
  cursor_ = resume;
  resync_ = Resync::kCounted;  // resume may sit inside a batch whose head we never saw
  held_begin_ = cursor_;
  record_->cursor.store(cursor_, std::memory_order_seq_cst);
  return DMXP_OK;
}

int Consumer::try_broadcast(dmxp_message* out, uint32_t max, uint32_t* count) {
  const Channel& ch = *channel_;
  uint32_t got = 0;
  held_begin_ = cursor_;
  while (got < max) {
    uint64_t c = cursor_;
    layout::SlotHeader* s = ch.slot(c);
    // SYNC POINT: acquire pairs with the producer's release store of seq_committed.
    uint64_t seq = s->seq.load(std::memory_order_acquire);
    if (seq < seq_committed(c)) {  // not yet written
      if (got == 0) watch_stall(c, seq);
      break;
    }
    if (seq > seq_committed(c)) {  // overwritten: we were lapped
      if (got) break;
      if (int rc = skip_overrun(); rc != DMXP_OK) return rc;
      continue;
    }
    uint32_t flags = s->flags;
    uint32_t batch_index = s->batch_index;
    bool ok = (flags & layout::kSlotSkip) || fill_view(c, out + got);
    // Seqlock reader side: the header fields we copied are valid only if seq is unchanged
    // (KEEP_LAST and passive readers are overwritten by design; a RELIABLE reader can be too,
    // right after it joined or sought, before every producer saw it gate them).
    std::atomic_thread_fence(std::memory_order_acquire);
    if (s->seq.load(std::memory_order_relaxed) != seq) {
      if (got) break;
      if (int rc = skip_overrun(); rc != DMXP_OK) return rc;
      continue;
    }
    ++cursor_;
    if (resync_ != Resync::kNone) {
      // After a jump (lapped, or a fresh join at the oldest slot), the rest of a batch whose
      // first message we never saw is skipped: batches are all-or-none.
      if (!(flags & layout::kSlotSkip) && batch_index != 0) {
        if (resync_ == Resync::kCounted) record_->lost.fetch_add(1, std::memory_order_relaxed);
        continue;
      }
      resync_ = Resync::kNone;
    }
    if (flags & layout::kSlotSkip) {
      if (flags & layout::kSlotRepaired) record_->lost.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    if (!ok) {
      held_count_ = cursor_ - held_begin_;
      release();
      return fail(DMXP_ERR_CORRUPT, "channel '%s': slot at position %llu claims %llu bytes, "
                  "more than the slot size %llu; skipped it", ch.name().c_str(),
                  (unsigned long long)c, (unsigned long long)s->size,
                  (unsigned long long)ch.slot_size());
    }
    ++got;
  }
  held_count_ = cursor_ - held_begin_;
  *count = got;
  if (got) return DMXP_OK;
  if (held_count_) release();  // only skipped slots: advance the stored cursor past them
  return DMXP_ERR_WOULD_BLOCK;
}

int Consumer::try_queue(dmxp_message* out, uint32_t max, uint32_t* count) {
  const Channel& ch = *channel_;
  auto* h = ch.header();
  for (int attempts = 0; attempts < 1 << 20; ++attempts) {
    uint64_t head = h->queue_head.load(std::memory_order_acquire);
    // How many consecutive committed slots start at head (up to max)?
    uint32_t n = 0;
    while (n < max && ch.slot(head + n)->seq.load(std::memory_order_acquire) ==
                          seq_committed(head + n))
      ++n;
    if (n == 0) {
      uint64_t seq = ch.slot(head)->seq.load(std::memory_order_acquire);
      if (seq < seq_committed(head)) {
        watch_stall(head, seq);
        return DMXP_ERR_WOULD_BLOCK;
      }
      continue;  // consumed or reused: head has moved on, read it again
    }
    // Announce the claim before making it, so a reclaimer that sees head past these
    // positions also sees who holds them. (Killed before the CAS, the range stays stale:
    // reclaim frees only positions behind the head that no live consumer's range covers.)
    record_->holding_begin.store(head, std::memory_order_relaxed);
    record_->holding_end.store(head + n, std::memory_order_seq_cst);
    DMXP_CRASH_POINT("consumer.queue.announced");
    // SYNC POINT: seq_cst CAS hands positions [head, head+n) to us alone.
    if (!h->queue_head.compare_exchange_strong(head, head + n, std::memory_order_seq_cst)) {
      // Lost the race: withdraw, or a reclaim after our death would free the winner's slots.
      record_->holding_end.store(record_->holding_begin.load(std::memory_order_relaxed),
                                 std::memory_order_seq_cst);
      continue;
    }
    DMXP_CRASH_POINT("consumer.queue.taken");
    held_begin_ = head;
    held_count_ = n;
    uint32_t got = 0;
    for (uint32_t i = 0; i < n; ++i) {
      const layout::SlotHeader* s = ch.slot(head + i);
      if (s->flags & layout::kSlotSkip) {
        if (s->flags & layout::kSlotRepaired) record_->lost.fetch_add(1, std::memory_order_relaxed);
        continue;
      }
      if (fill_view(head + i, out + got)) ++got;
      else record_->lost.fetch_add(1, std::memory_order_relaxed);  // corrupt size: never shown
    }
    *count = got;
    if (got) return DMXP_OK;
    release();  // only skip entries: hand the slots back and look again
  }
  return fail(DMXP_ERR_CORRUPT, "channel '%s': queue head does not advance; the segment may "
              "be corrupt", ch.name().c_str());
}

int Consumer::try_receive(dmxp_message* out, uint32_t max, uint32_t* count) {
  if (!out || !count || max == 0)
    return fail(DMXP_ERR_INVALID_ARGUMENT, "receive needs an output array and max >= 1");
  *count = 0;
  // The implicit release of the previous views: if they were overwritten while held, say so
  // now (nothing is received by this call; the next one goes on).
  if (int rc = release(); rc != DMXP_OK) return rc;
  return channel_->mode() == DMXP_MODE_QUEUE ? try_queue(out, max, count)
                                             : try_broadcast(out, max, count);
}

int Consumer::release() {
  if (!held_count_) return DMXP_OK;
  const Channel& ch = *channel_;
  int rc = DMXP_OK;
  uint64_t end = held_begin_ + held_count_;
  if (ch.mode() == DMXP_MODE_QUEUE) {
    for (uint64_t p = held_begin_; p < end; ++p) {
      DMXP_CRASH_POINT("consumer.release.slot");
      // A CAS, not a store: a slot is ours to free only while it still holds our message.
      uint64_t expected = seq_committed(p);
      ch.slot(p)->seq.compare_exchange_strong(expected, seq_consumed(p), std::memory_order_seq_cst);
    }
    record_->holding_begin.store(0, std::memory_order_relaxed);
    record_->holding_end.store(0, std::memory_order_relaxed);
  } else {
    // Re-check the views before letting go: on KEEP_LAST (and for passive readers) a producer
    // may lap us by design, and on RELIABLE one may overwrite a slot a consumer read right
    // after joining or seeking, before every producer saw its cursor gate them.
    std::atomic_thread_fence(std::memory_order_acquire);
    for (uint64_t p = held_begin_; p < end; ++p)
      if (ch.slot(p)->seq.load(std::memory_order_relaxed) != seq_committed(p)) {
        rc = fail(DMXP_ERR_OVERRUN, "channel '%s': a producer overwrote position %llu while it "
                  "was held (keep-last lapped this consumer, or it had just joined); the views "
                  "released here may have changed: copy data you keep longer",
                  ch.name().c_str(), (unsigned long long)p);
        break;
      }
    DMXP_CRASH_POINT("consumer.release.cursor");
    // SYNC POINT: seq_cst store pairs with the producer's acquire read of our cursor (gating)
    // and orders it before the space_waiters check in notify_space (Dekker).
    record_->cursor.store(end, std::memory_order_seq_cst);
  }
  received_ += held_count_;
  record_->received.store(received_, std::memory_order_relaxed);
  held_count_ = 0;
  held_begin_ = end;
  ch.notify_space();
  return rc;
}

uint64_t Consumer::waiting_position() const {
  return channel_->mode() == DMXP_MODE_QUEUE
             ? channel_->header()->queue_head.load(std::memory_order_acquire)
             : cursor_;
}

bool Consumer::ready() const {
  uint64_t p = waiting_position();
  uint64_t seq = channel_->slot(p)->seq.load(std::memory_order_acquire);
  if (seq >= seq_committed(p)) return true;
  watch_stall(p, seq);
  return false;
}

void Consumer::watch_stall(uint64_t position, uint64_t seq) const {
  if (position != watch_position_) {
    watch_position_ = position;
    watch_claimed_ = false;
    watch_polls_ = 0;
    watch_next_ns_ = 0;
  }
  if (!watch_claimed_) {
    // A slot stamped "writing" is claimed; a claim not yet stamped shows only in the tail,
    // which producers write: read it on every 64th empty poll only.
    watch_claimed_ = seq == seq_writing(position) ||
                     ((++watch_polls_ & 63) == 0 &&
                      channel_->header()->tail.load(std::memory_order_acquire) > position);
    if (!watch_claimed_) return;
  }
  uint64_t now = monotonic_ns();
  if (watch_next_ns_ == 0) {
    watch_next_ns_ = now + uint64_t(channel_->stall_timeout_ns());
    return;
  }
  if (now < watch_next_ns_) return;
  watch_next_ns_ = now + uint64_t(channel_->stall_timeout_ns());
  repair_if_stalled();
}

void Consumer::announce_waitset_sleep(bool asleep, bool on_doorbell) const {
  WaitKind kind = on_doorbell ? WaitKind::kWaitset : WaitKind::kData;
  if (asleep) announce_sleep(*channel_, record_->asleep, kind);
  else withdraw_sleep(*channel_, record_->asleep, kind);
}

void Consumer::repair_if_stalled() const {
  uint64_t p = waiting_position();
  if (!channel_->repair_if_writer_dead(p)) channel_->free_orphaned_queue_slot(p);
}

int Consumer::receive(dmxp_message* out, uint32_t max, uint32_t* count, int64_t timeout_ns) {
  int rc = try_receive(out, max, count);
  if (rc != DMXP_ERR_WOULD_BLOCK || timeout_ns == 0) return rc;
  const Channel& ch = *channel_;
  auto* h = ch.header();
  uint64_t start = monotonic_ns();
  uint64_t deadline = timeout_ns > 0 ? start + uint64_t(timeout_ns) : UINT64_MAX;
  uint64_t stall_check = start + uint64_t(ch.stall_timeout_ns());
  // Spin first: a futex round trip costs far more than a cache-line hand-off.
  uint64_t spin_until = spin_ns_ < 0 ? deadline : start + uint64_t(spin_ns_);
  for (uint32_t i = 1; spin_ns_ != 0; ++i) {
    cpu_relax();
    if (ready()) {
      rc = try_receive(out, max, count);
      if (rc != DMXP_ERR_WOULD_BLOCK) return rc;
    }
    if ((i & 63) == 0) {
      uint64_t now = monotonic_ns();
      if (now >= deadline) return DMXP_ERR_TIMEOUT;  // no detail (dmxp.h)
      if (now >= stall_check) { repair_if_stalled(); stall_check = now + ch.stall_timeout_ns(); }
      if (now >= spin_until) break;
    }
  }
  for (;;) {
    // SYNC POINT: Dekker with Channel::notify_data (commit store, then waiter load); how a
    // kill in the middle of the announcement is undone: waiters.hpp.
    announce_sleep(ch, record_->asleep, WaitKind::kData);
    uint32_t seen = h->data_futex.load(std::memory_order_seq_cst);
    if (!ready()) {
      uint64_t now = monotonic_ns();
      int64_t nap = std::min<int64_t>(ch.stall_timeout_ns(),
                                      deadline == UINT64_MAX ? INT64_MAX : int64_t(deadline - now));
      if (nap > 0 && futex_wait(&h->data_futex, seen, nap) == DMXP_ERR_INTERRUPTED) {
        withdraw_sleep(ch, record_->asleep, WaitKind::kData);
        return fail(DMXP_ERR_INTERRUPTED, "receive on channel '%s' interrupted by a signal",
                    ch.name().c_str());
      }
    }
    withdraw_sleep(ch, record_->asleep, WaitKind::kData);
    rc = try_receive(out, max, count);
    if (rc != DMXP_ERR_WOULD_BLOCK) return rc;
    uint64_t now = monotonic_ns();
    if (now >= deadline) return DMXP_ERR_TIMEOUT;
    if (now >= stall_check) { repair_if_stalled(); stall_check = now + ch.stall_timeout_ns(); }
  }
}

int Consumer::seek(uint64_t key) {
  const Channel& ch = *channel_;
  if (ch.mode() != DMXP_MODE_BROADCAST)
    return fail(DMXP_ERR_UNSUPPORTED, "channel '%s' is a queue: its consumers share one head, "
                "so seek applies only to broadcast channels", ch.name().c_str());
  release();
  uint64_t tail = ch.header()->tail.load(std::memory_order_acquire);
  uint64_t lo = tail > ch.capacity() ? tail - ch.capacity() : 0, hi = tail;
  // Keys increase with positions, so binary-search the first retained key >= key. A slot
  // not (or no longer) holding a committed message of its position counts as "newer".
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    const layout::SlotHeader* s = ch.slot(mid);
    uint64_t seq = s->seq.load(std::memory_order_acquire);
    uint64_t k = s->key;
    std::atomic_thread_fence(std::memory_order_acquire);
    bool newer = seq != seq_committed(mid) || s->seq.load(std::memory_order_relaxed) != seq ||
                 k >= key;
    if (newer) hi = mid; else lo = mid + 1;
  }
  cursor_ = lo;
  held_begin_ = lo;
  record_->cursor.store(lo, std::memory_order_seq_cst);
  ch.header()->consumer_epoch.fetch_add(1, std::memory_order_seq_cst);
  return DMXP_OK;
}

}  // namespace dmxp::detail
