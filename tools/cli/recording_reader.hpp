// recording_reader.hpp - the recorder's reading side: one consumer per recorded topic, merged
// in the domain's key order (dmxp_merge_*), each message copied out of its slot (the slot
// bytes, or straight their CDR for topics the ros2 profile converts: only the bytes in use are
// read, not a camera layout's empty capacity) and checked after the copy (dmxp_consumer_release
// says DMXP_ERR_OVERRUN when a KEEP_LAST producer rewrote the slot meanwhile: such a copy is
// dropped and counted, never queued). Copies go to the RecordingQueue, so reading never waits
// for the disk.
//
//   RecordingReader r(domain, topics, queue);
//   r.add("/scan", false, &error);
//   while (...) if (r.read(UINT64_MAX) == 0) nap();
//   r.counts(topic_index).changed ...
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "dmxp/dmxp.h"
#include "recording_profile.hpp"
#include "recording_queue.hpp"
#include "recording_topics.hpp"

namespace dmxp::cli {

// What became of a topic's messages on the reading side.
struct ReadCounts {
  uint64_t queued = 0;       // copied intact and queued for the writer
  uint64_t changed = 0;      // rewritten by a producer while being copied: dropped
  uint64_t overwritten = 0;  // overwritten in the ring before the reader got to them
  uint64_t unconvertible = 0;  // intact but invalid for its type (a size above its capacity): no CDR
};

class RecordingReader {
 public:
  RecordingReader(std::string domain, RecordingProfile profile, RecordingTopics& topics, RecordingQueue& queue)
      : domain_(std::move(domain)), profile_(profile), topics_(topics), queue_(queue) {}
  ~RecordingReader();
  RecordingReader(const RecordingReader&) = delete;
  RecordingReader& operator=(const RecordingReader&) = delete;

  // Adds the topic's channel if it exists and is not recorded yet. Topics present when the
  // recording starts are recorded from their next message; later ones from their oldest
  // retained message, so nothing published between their creation and discovery is lost.
  // False with *error for channels that cannot be recorded (an error starting "unknown topic"
  // when it does not exist yet). *note: how the profile had to record it, if not as asked
  // (recording_profile.hpp), else "".
  bool add(const std::string& topic_arg, bool from_oldest, std::string* error, std::string* note);
  // Copies what the channels hold into the queue, in key order, up to limit messages;
  // returns how many it queued.
  uint64_t read(uint64_t limit);
  size_t topics() const { return sources_.size(); }
  // The counts of the topic with this RecordingTopics index (loss counters read now).
  ReadCounts counts(size_t topic) const;

 private:
  struct Source {
    size_t topic;  // index in RecordingTopics
    dmxp_consumer* consumer = nullptr;
    uint64_t lost_base = 0;  // the consumer's loss counter when it was opened
    std::shared_ptr<const wire::CdrCodec> cdr;  // copies are CDR (ros2 profile)
    ReadCounts counts;
  };
  std::string domain_;
  RecordingProfile profile_;
  RecordingTopics& topics_;
  RecordingQueue& queue_;
  std::vector<Source> sources_;
  std::set<std::string> recorded_;  // channels
  dmxp_merge* merge_ = nullptr;
  bool rebuild_ = false;
};

}  // namespace dmxp::cli
