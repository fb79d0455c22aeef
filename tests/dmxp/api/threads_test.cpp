// Threads of one process, each with its own handles, on the same channel (dmxp.h: "different
// handles, in any threads or processes, may be used concurrently"). Same delivery checks as
// the multi-process tests, but here ThreadSanitizer sees both sides of every hand-off.
// KEEP_LAST is left to the multi-process tests: its readers race with writers by design
// (seqlock), which TSan would report.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "payload.hpp"
#include "test_support.hpp"

namespace dmxp_test {
namespace {

constexpr uint32_t kThreads = 2;  // producers, and consumers
constexpr uint32_t kSlotSize = 128;
constexpr uint32_t kMaxBody = kSlotSize - sizeof(TestMessage);

struct ThreadReport {
  uint64_t received = 0, bad = 0, out_of_order = 0, key_errors = 0;
  int status = 0;
};

void produce(const char* ch, dmxp_channel_options o, uint32_t id, uint64_t n, int* status) {
  dmxp_producer* p = nullptr;
  if ((*status = dmxp_producer_open(ch, &o, &p)) != DMXP_OK) return;
  uint8_t buf[kSlotSize];
  for (uint64_t s = 0; s < n && *status == DMXP_OK; ++s) {
    MessageSpec spec;
    spec.producer = id;
    spec.seq = s;
    *status = dmxp_producer_send(p, buf, write_message(buf, spec, body_size_for(id, s, kMaxBody)),
                                 kReceiveTimeoutNs, nullptr);
  }
  dmxp_producer_close(p);
}

using Threads = DomainTest;

TEST_F(Threads, BroadcastBetweenThreadsDeliversEverythingInOrder) {
  const uint64_t per_producer = scaled(100'000, 2'000);
  dmxp_channel_options o = options();
  o.capacity = 256;
  o.slot_size = kSlotSize;
  const char* ch = channel("threads");
  std::vector<ConsumerHandle> handles;
  for (uint32_t i = 0; i < kThreads; ++i) {
    handles.push_back(open_consumer(ch, o));  // attached before anything is sent
    ASSERT_TRUE(handles.back());
  }
  ThreadReport reports[kThreads];
  int producer_status[kThreads] = {};
  std::vector<std::thread> threads;
  for (uint32_t i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      ThreadReport& r = reports[i];
      uint64_t next[kThreads] = {}, last_key = 0;
      while (r.received < per_producer * kThreads) {
        dmxp_message m;
        if ((r.status = dmxp_consumer_receive(handles[i].get(), &m, kReceiveTimeoutNs))) break;
        TestMessage h;
        if (check_message(m.data, m.size, &h) != Verdict::kOk || h.producer >= kThreads) {
          ++r.bad;
          continue;
        }
        if (h.seq != next[h.producer]) ++r.out_of_order;
        next[h.producer] = h.seq + 1;
        if (r.received && m.key <= last_key) ++r.key_errors;
        last_key = m.key;
        ++r.received;
      }
    });
  for (uint32_t i = 0; i < kThreads; ++i)
    threads.emplace_back(produce, ch, o, i, per_producer, &producer_status[i]);
  for (std::thread& t : threads) t.join();
  for (uint32_t i = 0; i < kThreads; ++i) {
    SCOPED_TRACE(i);
    EXPECT_DMXP_OK(producer_status[i]);
    EXPECT_DMXP_OK(reports[i].status);
    EXPECT_EQ(reports[i].received, per_producer * kThreads);
    EXPECT_EQ(reports[i].bad, 0u);
    EXPECT_EQ(reports[i].out_of_order, 0u);
    EXPECT_EQ(reports[i].key_errors, 0u);
    EXPECT_EQ(dmxp_consumer_lost(handles[i].get()), 0u);
  }
}

TEST_F(Threads, QueueBetweenThreadsDeliversEachMessageOnce) {
  const uint64_t per_producer = scaled(100'000, 2'000);
  const uint64_t total = per_producer * kThreads;
  dmxp_channel_options o = options();
  o.mode = DMXP_MODE_QUEUE;
  o.capacity = 256;
  o.slot_size = kSlotSize;
  const char* ch = channel("jobs");
  std::vector<ConsumerHandle> handles;
  for (uint32_t i = 0; i < kThreads; ++i) {
    handles.push_back(open_consumer(ch, o));
    ASSERT_TRUE(handles.back());
  }
  std::vector<std::atomic<uint32_t>> count(total);
  std::atomic<uint64_t> delivered{0};
  ThreadReport reports[kThreads];
  int producer_status[kThreads] = {};
  std::vector<std::thread> threads;
  for (uint32_t i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      ThreadReport& r = reports[i];
      int64_t last[kThreads] = {-1, -1};
      int idle = 0;
      while (delivered.load() < total) {
        dmxp_message m;
        int rc = dmxp_consumer_receive(handles[i].get(), &m, 50'000'000);
        if (rc == DMXP_ERR_TIMEOUT && ++idle * 50 < kTokenTimeoutMs) continue;
        if ((r.status = rc)) break;
        idle = 0;
        TestMessage h;
        if (check_message(m.data, m.size, &h) != Verdict::kOk || h.producer >= kThreads ||
            h.seq >= per_producer) {
          ++r.bad;
          continue;
        }
        if (int64_t(h.seq) <= last[h.producer]) ++r.out_of_order;
        last[h.producer] = int64_t(h.seq);
        count[h.producer * per_producer + h.seq].fetch_add(1);
        ++r.received;
        dmxp_consumer_release(handles[i].get());
        delivered.fetch_add(1);
      }
    });
  for (uint32_t i = 0; i < kThreads; ++i)
    threads.emplace_back(produce, ch, o, i, per_producer, &producer_status[i]);
  for (std::thread& t : threads) t.join();
  uint64_t received = 0;
  for (uint32_t i = 0; i < kThreads; ++i) {
    EXPECT_DMXP_OK(producer_status[i]);
    EXPECT_DMXP_OK(reports[i].status);
    EXPECT_EQ(reports[i].bad, 0u);
    EXPECT_EQ(reports[i].out_of_order, 0u);
    received += reports[i].received;
  }
  EXPECT_EQ(received, total);
  uint64_t wrong = 0;
  for (auto& c : count) wrong += c.load() != 1;
  EXPECT_EQ(wrong, 0u) << "messages delivered zero times or more than once";
}

TEST_F(Threads, ConcurrentOpenAndCloseKeepsTheRecordTablesConsistent) {
  const int rounds = int(scaled(300, 30));
  dmxp_channel_options o = options();
  o.max_producers = 8;
  o.max_consumers = 8;
  const char* ch = channel("churn");
  ProducerHandle creator = open_producer(ch, o);
  ASSERT_TRUE(creator);
  creator.reset();
  int status[4] = {};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      std::string name = "cursor" + std::to_string(t);
      for (int i = 0; i < rounds && status[t] == DMXP_OK; ++i) {
        // Anonymous consumers start at the newest end: one at OLDEST on a full RELIABLE ring
        // would hold this thread's own next send back until it read the whole history.
        dmxp_consumer_options co;
        dmxp_consumer_options_init(&co);
        co.name = i % 2 ? name.c_str() : nullptr;
        co.start = DMXP_START_NEWEST;
        dmxp_producer* p = nullptr;
        dmxp_consumer* c = nullptr;
        if ((status[t] = dmxp_producer_open(ch, &o, &p)) ||
            (status[t] = dmxp_producer_send(p, "x", 1, kReceiveTimeoutNs, nullptr)) ||
            (status[t] = dmxp_consumer_open(ch, &o, &co, &c))) {
          dmxp_producer_close(p);
          dmxp_consumer_close(c);
          break;
        }
        dmxp_message m;
        int rc = dmxp_consumer_try_receive(c, &m);
        if (rc != DMXP_OK && rc != DMXP_ERR_WOULD_BLOCK) status[t] = rc;
        dmxp_consumer_close(c);
        dmxp_producer_close(p);
      }
    });
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < 4; ++t) EXPECT_DMXP_OK(status[t]) << "thread " << t;
  dmxp_channel_info i = info(ch);
  EXPECT_EQ(i.producers, 0u);
  EXPECT_EQ(i.consumers, 0u);
  EXPECT_EQ(i.parked_cursors, 4u) << "one parked cursor per name";
}

}  // namespace
}  // namespace dmxp_test
