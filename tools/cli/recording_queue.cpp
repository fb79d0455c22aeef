#include "recording_queue.hpp"

#include <chrono>

namespace dmxp::cli {

RecordingQueue::TopicState& RecordingQueue::topic(size_t t) {
  if (t >= topics_.size()) topics_.resize(t + 1);
  return topics_[t];
}

void RecordingQueue::drop_oldest(size_t t) {
  TopicState& s = topics_[t];
  Entry& e = entries_[s.positions.front() - first_];
  s.positions.pop_front();
  s.bytes -= e.message.bytes.size();
  bytes_ -= e.message.bytes.size();
  ++s.dropped;
  e.dropped = true;
  e.message.bytes = {};  // the memory goes back now, not when the writer reaches the entry
}

void RecordingQueue::push(QueuedMessage&& m) {
  std::lock_guard lock(mutex_);
  size_t size = m.bytes.size();
  TopicState& own = topic(m.topic);
  while (bytes_ > 0 && bytes_ + size > max_bytes_) {
    size_t largest = m.topic;
    size_t largest_bytes = own.bytes + size;
    for (size_t t = 0; t < topics_.size(); ++t)
      if (topics_[t].bytes > largest_bytes) { largest = t; largest_bytes = topics_[t].bytes; }
    if (largest == m.topic && own.positions.empty()) {
      ++own.dropped;
      return;
    }
    drop_oldest(largest);
  }
  own.positions.push_back(first_ + entries_.size());
  own.bytes += size;
  bytes_ += size;
  entries_.push_back({std::move(m), false});
  ready_.notify_one();
}

RecordingQueue::Pop RecordingQueue::pop(QueuedMessage* out, int64_t timeout_ns) {
  std::unique_lock lock(mutex_);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(timeout_ns);
  for (;;) {
    while (!entries_.empty() && entries_.front().dropped) {
      entries_.pop_front();
      ++first_;
    }
    if (!entries_.empty()) break;
    if (finished_) return Pop::Finished;
    if (ready_.wait_until(lock, deadline) == std::cv_status::timeout && entries_.empty()) return Pop::Timeout;
  }
  Entry& e = entries_.front();
  TopicState& s = topics_[e.message.topic];
  s.positions.pop_front();  // FIFO within a topic: the front entry is its topic's oldest
  s.bytes -= e.message.bytes.size();
  bytes_ -= e.message.bytes.size();
  *out = std::move(e.message);
  entries_.pop_front();
  ++first_;
  return Pop::Message;
}

void RecordingQueue::finish() {
  std::lock_guard lock(mutex_);
  finished_ = true;
  ready_.notify_all();
}

uint64_t RecordingQueue::dropped(size_t t) const {
  std::lock_guard lock(mutex_);
  return t < topics_.size() ? topics_[t].dropped : 0;
}

}  // namespace dmxp::cli
