// The recorder's queue between its reader and its writer thread: first in, first out across
// topics; when full, the topic holding the most bytes loses its oldest messages first (a small
// topic never pays for a big one); a message bigger than the whole queue is taken only alone;
// finish() lets the writer drain what is queued, then stop.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "recording_queue.hpp"

namespace {

using dmxp::cli::QueuedMessage;
using dmxp::cli::RecordingQueue;

QueuedMessage msg(size_t topic, size_t size, uint64_t stamp) {
  QueuedMessage m;
  m.topic = topic;
  m.publish_time = stamp;
  m.bytes.assign(size, std::byte(stamp));
  return m;
}

// (topic, stamp) of everything queued, in pop order, after finish().
std::vector<std::pair<size_t, uint64_t>> drain(RecordingQueue& q) {
  q.finish();
  std::vector<std::pair<size_t, uint64_t>> out;
  for (QueuedMessage m; q.pop(&m, 0) == RecordingQueue::Pop::Message;) {
    EXPECT_EQ(m.bytes.size() ? m.bytes[0] : std::byte(m.publish_time), std::byte(m.publish_time));
    out.emplace_back(m.topic, m.publish_time);
  }
  return out;
}

using Order = std::vector<std::pair<size_t, uint64_t>>;

TEST(RecordingQueue, KeepsArrivalOrderAcrossTopics) {
  RecordingQueue q(1000);
  q.push(msg(0, 10, 1));
  q.push(msg(1, 10, 2));
  q.push(msg(0, 10, 3));
  EXPECT_EQ(drain(q), (Order{{0, 1}, {1, 2}, {0, 3}}));
  EXPECT_EQ(q.dropped(0), 0u);
  EXPECT_EQ(q.dropped(1), 0u);
}

TEST(RecordingQueue, WhenFullTheBiggestTopicLosesItsOldestFirst) {
  RecordingQueue q(100);
  q.push(msg(0, 40, 1));  // big topic
  q.push(msg(1, 1, 2));   // small topic
  q.push(msg(0, 40, 3));
  q.push(msg(1, 1, 4));
  q.push(msg(0, 40, 5));  // 122 bytes: frame 1 goes
  q.push(msg(1, 1, 6));
  q.push(msg(1, 1, 7));
  q.push(msg(1, 1, 8));   // 85 bytes: fits
  EXPECT_EQ(drain(q), (Order{{1, 2}, {0, 3}, {1, 4}, {0, 5}, {1, 6}, {1, 7}, {1, 8}}));
  EXPECT_EQ(q.dropped(0), 1u);
  EXPECT_EQ(q.dropped(1), 0u);
}

TEST(RecordingQueue, ABigMessageThatOutweighsEverythingQueuedIsDroppedItself) {
  RecordingQueue q(100);
  q.push(msg(1, 30, 1));
  q.push(msg(1, 30, 2));
  q.push(msg(0, 80, 3));  // its own 80 bytes outweigh topic 1's 60: it goes, not them
  EXPECT_EQ(q.dropped(0), 1u);
  q.push(msg(2, 50, 4));  // topic 1 now holds the most: its oldest goes
  EXPECT_EQ(drain(q), (Order{{1, 2}, {2, 4}}));
  EXPECT_EQ(q.dropped(1), 1u);
  EXPECT_EQ(q.dropped(2), 0u);
}

TEST(RecordingQueue, AMessageBiggerThanTheQueueIsTakenAlone) {
  RecordingQueue q(100);
  q.push(msg(0, 500, 1));  // empty queue: taken
  q.push(msg(1, 10, 2));   // 510 > 100: the big one (the biggest holder) goes
  EXPECT_EQ(drain(q), (Order{{1, 2}}));
  EXPECT_EQ(q.dropped(0), 1u);
}

TEST(RecordingQueue, PopTimesOutWhenEmptyAndFinishesAfterDraining) {
  RecordingQueue q(100);
  QueuedMessage m;
  EXPECT_EQ(q.pop(&m, 1'000'000), RecordingQueue::Pop::Timeout);
  q.push(msg(0, 1, 1));
  q.finish();
  EXPECT_EQ(q.pop(&m, 0), RecordingQueue::Pop::Message);
  EXPECT_EQ(q.pop(&m, 0), RecordingQueue::Pop::Finished);
}

TEST(RecordingQueue, AWaitingWriterWakesForEachMessage) {
  RecordingQueue q(1 << 20);
  std::vector<uint64_t> got;
  std::thread writer([&] {
    for (QueuedMessage m; q.pop(&m, 5'000'000'000) == RecordingQueue::Pop::Message;) got.push_back(m.publish_time);
  });
  for (uint64_t i = 0; i < 1000; ++i) q.push(msg(i % 3, 100, i));
  q.finish();
  writer.join();
  ASSERT_EQ(got.size(), 1000u);
  for (uint64_t i = 0; i < 1000; ++i) ASSERT_EQ(got[i], i);
}

}  // namespace
