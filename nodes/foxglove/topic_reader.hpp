// topic_reader.hpp - the one thread of dmxp-foxglove that reads DMXP channels. Each channel
// something wants (a client's subscription, a plotted field, the latency reports, the
// launcher's process states) gets a *passive* consumer (dmxp_consumer_options::passive): it
// never holds a reliable publisher back and publishers never pay a wake-up for it; the
// thread polls with short naps. What it cannot keep up with is overwritten and counted, never
// waited for, so no client and no plot ever slows a publisher.
//
// A message is read in place: encoded to CDR (once, for every client subscribed), probed for
// the plotted fields, copied when someone wants the latest bytes; then the slot is released,
// and if the publisher rewrote it meanwhile (KEEP_LAST lapped the reader) all of that is
// thrown away and counted as torn: a client never gets a message that mixes two.
//
// Each consumer starts at the newest message the channel retains, so a subscriber to a
// latched topic (a path, a map) gets its current value at once.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "dmxp/wire/cdr.hpp"
#include "field_probe.hpp"
#include "outbound_queue.hpp"

namespace dmxp::foxglove {

// Where a client's messages go (the WebSocket session); called on the reader thread.
class MessageSubscriber {
 public:
  virtual ~MessageSubscriber() = default;
  virtual void deliver(uint32_t subscription_id, uint64_t receive_time_ns, const Payload& payload) = 0;
};

// A time series of one field's values (CLOCK_REALTIME ns, value), at most one point per
// kMinSpacingNs and kMaxPoints of them: what the dashboard plots. Thread-safe.
class Series {
 public:
  static constexpr uint64_t kMinSpacingNs = 20'000'000;
  static constexpr size_t kMaxPoints = 3000;
  void add(uint64_t time_ns, double value);
  // Points newer than after_ns.
  std::vector<std::pair<uint64_t, double>> since(uint64_t after_ns) const;

 private:
  mutable std::mutex mu_;
  std::deque<std::pair<uint64_t, double>> points_;
};

// The newest message of a channel, copied whole. Thread-safe.
class LatestMessage {
 public:
  void set(const void* data, size_t size, uint64_t time_ns);
  // False when none arrived yet.
  bool get(std::vector<unsigned char>* out, uint64_t* time_ns) const;

 private:
  mutable std::mutex mu_;
  std::vector<unsigned char> bytes_;
  uint64_t time_ns_ = 0;
  bool has_ = false;
};

struct Demand {
  std::string channel;
  std::shared_ptr<const dmxp::wire::CdrCodec> codec;  // needed when there are sinks
  struct Sink {
    std::weak_ptr<MessageSubscriber> subscriber;
    uint32_t subscription_id;
  };
  std::vector<Sink> sinks;
  struct Probe {
    std::shared_ptr<const FieldProbe> field;
    std::shared_ptr<Series> series;
  };
  std::vector<Probe> probes;
  std::shared_ptr<LatestMessage> latest;
};

// What the reader saw on a channel since it opened it.
struct ReadStats {
  uint64_t read = 0;           // messages read intact
  uint64_t overwritten = 0;    // overtaken by the publisher before they were read
  uint64_t torn = 0;           // rewritten while being read: dropped
  uint64_t encode_errors = 0;  // not encodable to CDR (a corrupt size word): dropped
};

class TopicReader {
 public:
  TopicReader(std::string domain, uint64_t poll_period_ns);
  ~TopicReader();  // stops the thread
  TopicReader(const TopicReader&) = delete;
  TopicReader& operator=(const TopicReader&) = delete;

  // Replaces what is read (channels no longer named are closed; others keep their place).
  void set_demand(std::vector<Demand> demand);
  std::map<std::string, ReadStats> stats() const;
  // Channels that could not be opened, with the reason.
  std::map<std::string, std::string> errors() const;

 private:
  struct Source;
  void run();
  void sync();
  bool drain(Source& s);

  std::string domain_;
  uint64_t poll_period_ns_;
  mutable std::mutex mu_;
  std::vector<Demand> pending_;
  bool changed_ = false;
  std::map<std::string, ReadStats> stats_;
  std::map<std::string, std::string> errors_;
  std::vector<std::unique_ptr<Source>> sources_;  // reader thread only
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace dmxp::foxglove
