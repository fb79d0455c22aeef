// channel.hpp - one attached channel segment: geometry this process trusts (copied out of the
// header once, validated, never read from shared memory again), slot access, the record tables, wake-ups and crash repair.
// Producer and Consumer hold a shared_ptr to it; it never changes after attach.
#pragma once

#include <memory>
#include <string>

#include "segments/domain.hpp"
#include "dmxp/dmxp.h"
#include "segments/layout.hpp"
#include "platform/os.hpp"

namespace dmxp::detail {

class Channel {
 public:
  // Opens the channel, creating it when options allow. options may be null.
  static int attach(const char* channel, const dmxp_channel_options* options,
                    std::shared_ptr<Channel>& out);
  // Maps and validates an existing segment without registering anything (tools). Only
  // segments of this process's uid are read (SegmentTrust::for_tools); st receives the fstat.
  static int inspect(const std::string& domain, const std::string& channel,
                     std::shared_ptr<Channel>& out, struct stat* st = nullptr);

  layout::ChannelHeader* header() const { return header_; }
  layout::SlotHeader* slot(uint64_t position) const {
    return reinterpret_cast<layout::SlotHeader*>(slots_ + (position & mask_) * stride_);
  }
  uint8_t* payload(uint64_t position) const {
    return reinterpret_cast<uint8_t*>(slot(position)) + layout::kSlotHeaderSize;
  }
  layout::ConsumerRecord* consumer_record(uint32_t i) const { return consumers_ + i; }
  layout::ProducerRecord* producer_record(uint32_t i) const { return producers_ + i; }

  uint32_t capacity() const { return capacity_; }
  uint64_t slot_size() const { return slot_size_; }
  dmxp_mode mode() const { return mode_; }
  dmxp_backpressure backpressure() const { return backpressure_; }
  uint32_t max_consumers() const { return max_consumers_; }
  uint32_t max_producers() const { return max_producers_; }
  int64_t stall_timeout_ns() const { return stall_timeout_ns_; }
  const std::string& name() const { return name_; }
  const std::string& path() const { return path_; }  // "<root>/dmxp.<domain>.ch.<name>"
  Domain& domain() const { return *domain_; }
  uint64_t mapped_size() const { return mapping_.size; }
  // The type layout descriptor stored at creation (may be empty).
  const uint8_t* descriptor() const { return descriptor_; }
  uint64_t descriptor_size() const { return descriptor_size_; }
  // Identity as validated at attach (never re-read from the shared header).
  uint64_t type_fingerprint() const { return type_fingerprint_; }
  const char* type_name() const { return type_name_; }
  int32_t creator_pid() const { return creator_pid_; }
  uint64_t created_ns() const { return created_ns_; }

  // Called after a commit: wakes sleeping consumers and waitsets, only if any announced
  // themselves (a syscall costs more than the whole hand-off). Producers too: one waiting for
  // this slot's previous lap to be committed sleeps on space_futex. The three counts share one
  // cache line, so the checks cost one line read.
  void notify_data() const {
    // SYNC POINT: pairs with the seq_cst waiter increment in announce_sleep (waiters.cpp); the
    // commit store before this load is seq_cst too, so either we see the waiter or it sees
    // the data (Dekker).
    if (header_->data_waiters.load(std::memory_order_seq_cst) != 0) {
      header_->data_futex.fetch_add(1, std::memory_order_seq_cst);
      if (futex_wake_all(&header_->data_futex) == 0) note_empty_wake();
    }
    if (header_->waitset_waiters.load(std::memory_order_seq_cst) != 0 &&
        domain_->ring_doorbell() == 0)
      note_empty_wake();
    notify_space();
  }
  // A wake that found no sleeper, though the count said there was one: a waiter between its
  // announcement and its futex call (benign), or a process killed asleep. After many in a
  // row, reclaim dead consumers, which takes their counts back.
  void note_empty_wake() const;
  // Called after a consumer freed space, for producers asleep on a full ring.
  void notify_space() const {
    if (header_->space_waiters.load(std::memory_order_seq_cst) != 0) {
      header_->space_futex.fetch_add(1, std::memory_order_seq_cst);
      if (futex_wake_all(&header_->space_futex) == 0) note_empty_wake();
    }
  }

  // Crash repair (repair.cpp). Called by whoever has waited longer than the stall timeout on
  // position. If the producer that claimed it is dead, every slot of its claim still
  // uncommitted is committed as a skip entry (counted in repaired_slots) and its record freed.
  // Returns true if it repaired.
  bool repair_if_writer_dead(uint64_t position) const;
  // Frees consumer records whose process is dead: anonymous ones are cleared, named ones are
  // parked (cursor kept, no longer gating). QUEUE slots they held are marked consumed.
  // Returns how many were reclaimed.
  uint32_t reclaim_dead_consumers() const;
  // QUEUE: marks a committed slot behind the head that no live consumer holds as consumed (it
  // would never be); true if it did. For producers waiting on that slot.
  bool free_orphaned_queue_slot(uint64_t position) const;
  // Repairs a dead producer's whole claim (if any) and frees its record for reuse.
  void repair_dead_producer_record(layout::ProducerRecord& r) const;
  // Smallest cursor among gating BROADCAST consumers, or UINT64_MAX when there is none.
  uint64_t min_gating_cursor() const;

  uint64_t newest_committed_key() const;

 private:
  Channel() = default;
  int create_or_open(const std::string& domain, const std::string& channel,
                     const dmxp_channel_options& options);
  int initialise_new(const dmxp_channel_options& options);
  int adopt_existing();
  // Copies the header once, validates the copy and takes every offset, size and enum from
  // it (copy_geometry): a peer rewriting the shared header later, even between two reads of
  // ours, cannot move our accesses out of the mapping.
  int adopt_header();
  int check_compatible(const dmxp_channel_options& options) const;
  void copy_geometry(const layout::ChannelHeader& trusted);
  // Repair steps (repair.cpp).
  void commit_skip(uint64_t position, uint64_t key) const;
  bool repair_producer_record(layout::ProducerRecord& r) const;
  void repair_claim(const layout::ProducerRecord& r) const;
  bool repair_orphan(uint64_t position, uint64_t seen) const;
  void release_dead_holding(layout::ConsumerRecord& r) const;
  // True when a live producer's record claims position (it is slow, not dead), or a live
  // repairer holds that record; except (the record a repair holds) is left out.
  bool live_writer_covers(uint64_t position,
                          const layout::ProducerRecord* except = nullptr) const;
  // QUEUE: true when a live consumer's announced holding range covers position.
  bool live_holder_covers(uint64_t position,
                          const layout::ConsumerRecord* except = nullptr) const;

  std::string name_, path_;
  std::shared_ptr<Domain> domain_;
  Mapping mapping_;
  layout::ChannelHeader* header_ = nullptr;
  layout::ConsumerRecord* consumers_ = nullptr;
  layout::ProducerRecord* producers_ = nullptr;
  uint8_t* slots_ = nullptr;
  const uint8_t* descriptor_ = nullptr;
  uint64_t descriptor_size_ = 0;
  uint32_t capacity_ = 0, max_consumers_ = 0, max_producers_ = 0;
  uint64_t mask_ = 0, stride_ = 0, slot_size_ = 0;
  int64_t stall_timeout_ns_ = 0;
  uint64_t type_fingerprint_ = 0;
  char type_name_[sizeof(layout::ChannelHeader::type_name)] = {};
  int32_t creator_pid_ = 0;
  uint64_t created_ns_ = 0;
  dmxp_mode mode_ = DMXP_MODE_BROADCAST;
  dmxp_backpressure backpressure_ = DMXP_RELIABLE;
};

// Effective options: caller's (may be null) with defaults filled in.
dmxp_channel_options effective_options(const dmxp_channel_options* options);

}  // namespace dmxp::detail
