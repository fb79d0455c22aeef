// soak_records.hpp - what the supervisor audits in the channels themselves: their record
// tables (live, dead-and-not-reclaimed, parked), ring positions, and the /dev/shm entries of
// the soak's domain. Consumer records come from the public API (dmxp_channel_consumers);
// producer records and positions from a read-only mapping of the segment (layout.hpp),
// since the C ABI lists no producer records.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "soak_config.hpp"

namespace dmxp_soak {

struct DeadRecord {
  bool producer = false;
  uint32_t index = 0;
  int32_t pid = 0;
  std::string name;  // consumer records: "" for anonymous
};

struct RecordAudit {
  uint32_t live_producers = 0, dead_producers = 0;
  uint32_t live_consumers = 0, dead_consumers = 0, parked = 0;
  std::vector<DeadRecord> dead;
  uint64_t lost_sum = 0;        // lost over every used consumer record
  std::vector<uint64_t> live_cursors;  // broadcast: cursors of live consumer records
};

class SegmentView {
 public:
  SegmentView() = default;
  SegmentView(const SegmentView&) = delete;
  SegmentView& operator=(const SegmentView&) = delete;
  SegmentView(SegmentView&& o) noexcept;
  ~SegmentView();
  // Maps /dev/shm/dmxp.<domain>.ch.<channel> read-only; false (message on stderr) if not.
  bool open(const std::string& domain, const char* channel);
  uint64_t tail() const;
  uint64_t queue_head() const;
  RecordAudit audit(const std::string& domain, const char* channel) const;
  // Prints the channel's state (info, consumer and producer records, positions) as notes.
  void dump(const std::string& domain, const ChannelSpec& spec) const;

 private:
  const uint8_t* base_ = nullptr;
  size_t size_ = 0;
};

// /dev/shm entries whose name starts with "dmxp.<domain>.".
std::vector<std::string> domain_shm_entries(const std::string& domain);

}  // namespace dmxp_soak
