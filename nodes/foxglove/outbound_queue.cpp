#include "outbound_queue.hpp"

namespace dmxp::foxglove {

std::array<unsigned char, 13> message_data_header(uint32_t subscription_id, uint64_t receive_time_ns) {
  std::array<unsigned char, 13> h{};
  h[0] = 0x01;
  for (int i = 0; i < 4; ++i) h[1 + i] = static_cast<unsigned char>(subscription_id >> (8 * i));
  for (int i = 0; i < 8; ++i) h[5 + i] = static_cast<unsigned char>(receive_time_ns >> (8 * i));
  return h;
}

void OutboundQueue::push_message(uint32_t subscription_id, uint64_t receive_time_ns, Payload payload) {
  OutboundFrame f;
  f.binary = true;
  f.header = message_data_header(subscription_id, receive_time_ns);
  f.payload = std::move(payload);
  message_bytes_ += f.bytes();
  messages_.push_back(std::move(f));
  while (messages_.size() > 1 &&
         (messages_.size() > limits_.max_messages || message_bytes_ > limits_.max_bytes)) {
    message_bytes_ -= messages_.front().bytes();
    messages_.pop_front();
    ++counters_.dropped;
  }
}

void OutboundQueue::push_control(std::string json) { control_.push_back(std::move(json)); }

OutboundFrame OutboundQueue::pop() {
  OutboundFrame f;
  if (!control_.empty()) {
    f.text = std::move(control_.front());
    control_.pop_front();
    return f;
  }
  f = std::move(messages_.front());
  messages_.pop_front();
  message_bytes_ -= f.bytes();
  ++counters_.sent;
  counters_.sent_bytes += f.bytes();
  return f;
}

}  // namespace dmxp::foxglove
