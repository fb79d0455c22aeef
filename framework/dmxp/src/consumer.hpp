// consumer.hpp - the reading side: views into committed slots, released explicitly or by the
// next receive. BROADCAST consumers own a cursor; QUEUE consumers share the channel's head.
#pragma once

#include <memory>
#include <string>

#include "channel.hpp"

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
  int seek(uint64_t key);
  uint64_t lost() const { return record_->lost.load(std::memory_order_relaxed); }

  // For waitsets: whether a receive would find something (committed, skipped or overrun).
  bool ready() const;
  // For waitsets: position being waited on, and whether a producer claimed it (stall check).
  void repair_if_stalled() const;
  // For waitsets: counts (or uncounts) a waitset asleep on this consumer's channel.
  void announce_waitset_sleep(bool asleep) const;
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

  std::shared_ptr<Channel> channel_;
  layout::ConsumerRecord* record_ = nullptr;
  std::string name_;
  int64_t spin_ns_ = 2000;
  bool passive_ = false;      // observer: never gates, views checked like KEEP_LAST
  uint64_t cursor_ = 0;       // BROADCAST: next position to read (held views are before it)
  uint64_t held_begin_ = 0;   // first held position
  uint64_t held_count_ = 0;   // positions held (views plus skipped slots in between)
  uint64_t received_ = 0;
};

}  // namespace dmxp::detail
