// consumer.hpp - the reading side: views into committed slots, released explicitly or by the
// next receive. BROADCAST consumers own a cursor; QUEUE consumers share the channel's head.
#pragma once

#include <memory>
#include <string>

#include "segments/channel.hpp"

namespace dmxp::detail {

class Consumer {
 public:
  static int open(const char* channel, const dmxp_channel_options* channel_options,
                  const dmxp_consumer_options* options, std::unique_ptr<Consumer>& out);
  ~Consumer();

  // Fills up to max views (max >= 1). DMXP_ERR_WOULD_BLOCK when nothing is ready.
  int try_receive(dmxp_message* out, uint32_t max, uint32_t* count);
  // Same, waiting up to timeout_ns (spin, then futex sleep; repairs crashed writers).
  int receive(dmxp_message* out, uint32_t max, uint32_t* count, int64_t timeout_ns);
  int release();
  // Releases the views and the record (a named cursor is parked) but keeps the mapping, for
  // bindings whose message objects may outlive close(). Nothing else may be called after it.
  void detach();
  bool detached() const { return record_ == nullptr; }
  int seek(uint64_t key);
  uint64_t lost() const { return record_->lost.load(std::memory_order_relaxed); }

  // For waitsets: whether a receive would find something (committed, skipped or overrun).
  bool ready() const;
  // For waitsets: position being waited on, and whether a producer claimed it (stall check).
  void repair_if_stalled() const;
  // For waitsets: counts (or uncounts) a waitset asleep on this consumer's channel, as a
  // sleeper on the channel's data futex (woken by every commit on it) or on the domain's
  // doorbell (woken by commits on any channel with such a sleeper; see waitset.hpp).
  void announce_waitset_sleep(bool asleep, bool on_doorbell) const;
  const Channel& channel() const { return *channel_; }
  bool holding() const { return held_count_ != 0; }

 private:
  Consumer() = default;
  int try_broadcast(dmxp_message* out, uint32_t max, uint32_t* count);
  int try_queue(dmxp_message* out, uint32_t max, uint32_t* count);
  // Reads slot header of a committed position into a view; false if the size is corrupt.
  bool fill_view(uint64_t position, dmxp_message* out) const;
  int skip_overrun();  // DMXP_ERR_CORRUPT if the slot claims a lap the tail never reached
  uint64_t waiting_position() const;
  // Called when position is not readable yet: tracks how long it has stayed claimed and, at
  // most once per stall timeout, asks whether its writer died (then repairs). So every read
  // path (try_receive, ready() for waitsets, merges) recovers from a dead writer, not only a
  // blocking receive. Costs a compare on the empty-poll path until the position is claimed.
  void watch_stall(uint64_t position, uint64_t seq) const;

  // After a jump: skip the rest of a batch whose first slot was not seen (kCounted: as lost).
  enum class Resync : uint8_t { kNone, kQuiet, kCounted };

  std::shared_ptr<Channel> channel_;
  layout::ConsumerRecord* record_ = nullptr;
  std::string name_;
  int64_t spin_ns_ = 2000;
  bool passive_ = false;      // observer: never gates, views checked like KEEP_LAST
  uint64_t cursor_ = 0;       // BROADCAST: next position to read (held views are before it)
  uint64_t held_begin_ = 0;   // first held position
  uint64_t held_count_ = 0;   // positions held (views plus skipped slots in between)
  uint64_t received_ = 0;
  int32_t pid_ = 0;           // process that opened it (a forked child must not detach it)
  Resync resync_ = Resync::kNone;
  mutable uint64_t watch_position_ = UINT64_MAX;  // watch_stall's state
  mutable uint64_t watch_next_ns_ = 0;
  mutable uint32_t watch_polls_ = 0;
  mutable bool watch_claimed_ = false;
};

}  // namespace dmxp::detail
