// recording_drops.hpp - what a recording lost per topic and why, as the recorder prints it and
// stores it in the file (one MCAP Metadata record named "dmxp.topic" per topic) for `bag info`:
//   topic "/robot/image"   recorded "412"   dropped.changed "37"
//   dropped.overwritten "531"   dropped.queue_full "12"   dropped.unconvertible "0"
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace dmxp::cli {

inline constexpr const char* kTopicMetadataName = "dmxp.topic";

struct TopicDrops {
  uint64_t changed = 0;      // rewritten by a KEEP_LAST producer while being copied
  uint64_t overwritten = 0;  // overwritten in the ring before the recorder read them
  uint64_t queue_full = 0;   // dropped from the write queue: the disk (or compression) too slow
  uint64_t unconvertible = 0;  // not valid for its type, so no CDR (ros2 profile)
  uint64_t total() const { return changed + overwritten + queue_full + unconvertible; }
};

// The Metadata record's values for a topic.
std::map<std::string, std::string> topic_metadata(const std::string& topic, uint64_t recorded, const TopicDrops& d);
// Reads them back; false when a value is missing or not a number (a file from elsewhere;
// dropped.unconvertible may be absent: 0).
bool parse_topic_metadata(const std::map<std::string, std::string>& values, std::string* topic,
                          uint64_t* recorded, TopicDrops* d);
// "37 changed while being copied, 12 queue full (disk too slow)": the non-zero reasons.
std::string describe_drops(const TopicDrops& d);

}  // namespace dmxp::cli
