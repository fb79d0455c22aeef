// outbound_queue.hpp - what waits to be written to one WebSocket client, bounded so that a
// client that reads slowly (or not at all) never grows the server's memory and never slows
// anyone else: message data frames beyond the limits are dropped oldest first and counted;
// control frames (advertise, status, parameter values: the protocol's state) are never
// dropped, but a client that lets more than kMaxControlFrames of them pile up is too far
// behind to be served and is disconnected (overflowed() says so).
//
// Payloads are shared: one CDR encoding of a message serves every client subscribed to it,
// each frame adding only its own 13-byte header (opcode, subscription id, receive time).
// Not thread-safe: the session guards it with its mutex.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace dmxp::foxglove {

using Payload = std::shared_ptr<const std::vector<std::byte>>;

struct OutboundFrame {
  bool binary = false;
  std::string text;                   // a control frame (JSON)
  std::array<unsigned char, 13> header{};  // a message data frame: header, then payload
  Payload payload;
  size_t bytes() const { return binary ? header.size() + payload->size() : text.size(); }
};

// The header of a "message data" frame: 0x01, subscription id (uint32 LE), receive time in
// ns (uint64 LE).
std::array<unsigned char, 13> message_data_header(uint32_t subscription_id, uint64_t receive_time_ns);

struct QueueLimits {
  size_t max_messages = 256;          // message data frames waiting
  size_t max_bytes = 32u << 20;       // their bytes (the newest frame always fits)
};

struct QueueCounters {
  uint64_t sent = 0;           // message data frames handed to the socket
  uint64_t dropped = 0;        // message data frames dropped because the client lagged
  uint64_t sent_bytes = 0;
};

class OutboundQueue {
 public:
  static constexpr size_t kMaxControlFrames = 4096;

  explicit OutboundQueue(QueueLimits limits) : limits_(limits) {}

  // Adds a message data frame; drops the oldest ones while a limit is exceeded (never the one
  // just added).
  void push_message(uint32_t subscription_id, uint64_t receive_time_ns, Payload payload);
  void push_control(std::string json);

  bool empty() const { return control_.empty() && messages_.empty(); }
  // The next frame to write: control frames first (they are small and carry the state the
  // data frames depend on, e.g. an advertise before its messages). Call only when !empty().
  OutboundFrame pop();

  bool overflowed() const { return control_.size() > kMaxControlFrames; }
  size_t queued_messages() const { return messages_.size(); }
  size_t queued_bytes() const { return message_bytes_; }
  const QueueCounters& counters() const { return counters_; }

 private:
  QueueLimits limits_;
  std::deque<std::string> control_;
  std::deque<OutboundFrame> messages_;
  size_t message_bytes_ = 0;
  QueueCounters counters_;
};

}  // namespace dmxp::foxglove
