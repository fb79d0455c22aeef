// recording_topics.hpp - the topics of one recording, as the recorder's reader discovers them
// and its writer thread turns them into MCAP schemas and channels. Append-only: an entry never
// changes or moves once added, so the writer may keep a reference while the reader adds more.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "dmxp/wire/cdr.hpp"

namespace dmxp::cli {

struct RecordedTopic {
  std::string topic;  // "/robot/image"
  // The MCAP schema; name "" for untyped channels (no schema).
  std::string schema_name, schema_encoding, schema_data;
  std::string message_encoding;
  std::map<std::string, std::string> metadata;  // the MCAP channel's (recording_channel.hpp)
  // Set when messages are recorded as CDR (the ros2 profile): the reader copies with it.
  std::shared_ptr<const wire::CdrCodec> cdr;
};

class RecordingTopics {
 public:
  // Its index, which queued messages carry.
  size_t add(RecordedTopic t) {
    std::lock_guard lock(mutex_);
    topics_.push_back(std::move(t));
    return topics_.size() - 1;
  }
  const RecordedTopic& at(size_t i) const {
    std::lock_guard lock(mutex_);
    return topics_.at(i);
  }
  size_t size() const {
    std::lock_guard lock(mutex_);
    return topics_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::deque<RecordedTopic> topics_;  // a deque: references stay valid as it grows
};

}  // namespace dmxp::cli
