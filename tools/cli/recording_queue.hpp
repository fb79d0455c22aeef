// recording_queue.hpp - the bounded queue between the recorder's reader, which copies each
// message out of shared memory as soon as it is committed and must never wait, and its
// writer thread, which waits on compression and the disk. Bounded in bytes: when a message
// does not fit, the topic that holds the most queued bytes gives up its oldest messages first,
// so a disk too slow for a camera costs camera frames, never the small topics queued beside
// them. What was dropped is counted per topic.
//
//   RecordingQueue q(256 << 20);
//   q.push({topic, log_ns, publish_ns, std::move(bytes)});      // reader thread
//   for (QueuedMessage m; q.pop(&m, 100'000'000) != RecordingQueue::Pop::Finished;) ...  // writer
//   q.finish();                                                 // reader: no more messages
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

namespace dmxp::cli {

struct QueuedMessage {
  size_t topic = 0;  // the recorder's topic index
  uint64_t log_time = 0, publish_time = 0;
  std::vector<std::byte> bytes;  // the slot bytes, or their CDR (ros2 profile)
};

class RecordingQueue {
 public:
  enum class Pop { Message, Timeout, Finished };

  // max_bytes: the payload bytes it may hold. A single message larger than that is still
  // taken when the queue is empty (it is then the only one).
  explicit RecordingQueue(size_t max_bytes) : max_bytes_(max_bytes) {}

  // Queues m, never waiting. When it does not fit, drops the oldest messages of the topic
  // holding the most bytes (m counted with its own topic) until it does; when that topic is
  // m's and nothing of it is queued, m itself is dropped.
  void push(QueuedMessage&& m);
  // The oldest message; waits up to timeout_ns. Finished once finish() was called and
  // everything queued has been popped.
  Pop pop(QueuedMessage* out, int64_t timeout_ns);
  // No more pushes: pop drains what is queued, then says Finished.
  void finish();
  // Messages of topic dropped because the queue was full (thread-safe).
  uint64_t dropped(size_t topic) const;

 private:
  struct Entry {
    QueuedMessage message;
    bool dropped = false;
  };
  struct TopicState {
    size_t bytes = 0;                 // queued
    std::deque<uint64_t> positions;   // its queued entries, oldest first
    uint64_t dropped = 0;
  };
  TopicState& topic(size_t t);
  void drop_oldest(size_t t);

  const size_t max_bytes_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Entry> entries_;  // entries_[i] is position first_ + i
  uint64_t first_ = 0;
  size_t bytes_ = 0;
  std::vector<TopicState> topics_;
  bool finished_ = false;
};

}  // namespace dmxp::cli
