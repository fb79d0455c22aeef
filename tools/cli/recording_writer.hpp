// recording_writer.hpp - the recorder's writing side, run on a thread of its own: pops the
// copies the reader queued and writes them to the MCAP file (schemas and channels first, as
// topics appear), so compression and a slow disk only ever fill the queue. It runs at a lower
// priority than the reader (nice +10). A chunk that has waited a second is written even when
// not full, so a crash loses at most that second.
//
//   RecordingWriter w(topics, queue, mcap_writer);
//   std::thread t([&] { w.run(); });   // returns once queue.finish() was called and it is empty
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "mcap/writer.hpp"
#include "recording_queue.hpp"
#include "recording_topics.hpp"

namespace dmxp::cli {

class RecordingWriter {
 public:
  RecordingWriter(RecordingTopics& topics, RecordingQueue& queue, mcap::McapWriter& writer)
      : topics_(topics), queue_(queue), writer_(writer) {}

  void run();
  // Messages of the topic written to the file (read after run returned).
  uint64_t written(size_t topic) const { return topic < channels_.size() ? channels_[topic].written : 0; }

 private:
  struct Channel {
    uint16_t id = 0;
    uint32_t sequence = 0;
    uint64_t written = 0;
  };
  void register_up_to(size_t topic);

  RecordingTopics& topics_;
  RecordingQueue& queue_;
  mcap::McapWriter& writer_;
  std::vector<Channel> channels_;            // by topic index
  std::map<std::string, uint16_t> schemas_;  // by name
};

}  // namespace dmxp::cli
