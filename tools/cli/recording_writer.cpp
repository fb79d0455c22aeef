#include "recording_writer.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "output.hpp"

namespace dmxp::cli {
namespace {
constexpr uint64_t kChunkMaxAgeNs = 1'000'000'000;
constexpr int64_t kPopTimeoutNs = 100'000'000;
constexpr int kWriterNiceOffset = 10;
}  // namespace

void RecordingWriter::register_up_to(size_t topic) {
  // Topics are added before their first message is queued, so every index up to this one
  // exists; each gets its schema and channel record before any message refers to it.
  while (channels_.size() <= topic) {
    const RecordedTopic& t = topics_.at(channels_.size());
    uint16_t schema = 0;
    if (!t.schema_name.empty()) {
      auto it = schemas_.find(t.schema_name);
      schema = it != schemas_.end() ? it->second
                                    : (schemas_[t.schema_name] = writer_.add_schema(t.schema_name, t.schema_encoding, t.schema_data));
    }
    channels_.push_back({writer_.add_channel(schema, t.topic, t.message_encoding, t.metadata)});
  }
}

void RecordingWriter::run() {
  // Reading must keep up with the rings; writing only with the queue. When both want the CPU
  // (compressing 200 MB/s of camera frames on a small computer), the reader wins: this thread
  // runs 10 nice levels below it (Linux: a thread id names just this thread).
  errno = 0;
  int nice_now = getpriority(PRIO_PROCESS, 0);
  if (errno == 0) setpriority(PRIO_PROCESS, id_t(gettid()), std::min(nice_now + kWriterNiceOffset, 19));
  uint64_t chunk_since = 0;
  for (;;) {
    QueuedMessage m;
    RecordingQueue::Pop p = queue_.pop(&m, kPopTimeoutNs);
    if (p == RecordingQueue::Pop::Finished) break;
    uint64_t now = monotonic_now_ns();
    if (p == RecordingQueue::Pop::Message) {
      register_up_to(m.topic);
      Channel& c = channels_[m.topic];
      if (!writer_.chunk_open()) chunk_since = now;
      writer_.write_message(c.id, ++c.sequence, m.log_time, m.publish_time, m.bytes.data(), m.bytes.size());
      ++c.written;
    }
    if (writer_.chunk_open() && now - chunk_since >= kChunkMaxAgeNs) writer_.flush_chunk();
  }
  // Topics that never had a message are in the file too.
  if (size_t n = topics_.size()) register_up_to(n - 1);
}

}  // namespace dmxp::cli
