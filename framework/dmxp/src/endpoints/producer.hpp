// producer.hpp - the writing side: claim slots (with backpressure), write in place, commit.
#pragma once

#include <memory>

#include "segments/channel.hpp"

namespace dmxp::detail {

class Producer {
 public:
  static int open(const char* channel, const dmxp_channel_options* options,
                  std::unique_ptr<Producer>& out);
  ~Producer();

  // Claims count consecutive slots; on success loan_begin() is the first position.
  int loan(uint32_t count, int64_t timeout_ns);
  uint8_t* loan_buffer(uint32_t index) const { return channel_->payload(loan_begin_ + index); }
  // Publishes the loan; sizes[i] is slot i's message size (already checked by the caller).
  int commit(const size_t* sizes, uint64_t* first_key);
  int abort();
  bool has_loan() const { return loan_count_ != 0; }
  uint32_t loan_count() const { return loan_count_; }

  int send(const void* data, size_t size, int64_t timeout_ns, uint64_t* key);
  int send_batch(const dmxp_iovec* messages, uint32_t count, int64_t timeout_ns,
                 uint64_t* first_key);

  const Channel& channel() const { return *channel_; }

 private:
  Producer() = default;
  // True when positions [tail, tail+count) may be claimed now; may drop QUEUE messages on
  // KEEP_LAST channels. *stale is set when tail moved under us (retry at once).
  bool space_available(uint64_t tail, uint32_t count, bool* stale);
  // Whether position's previous lap is committed (BROADCAST) or consumed (QUEUE; KEEP_LAST
  // drops the oldest unclaimed message to make it so). Sets blocked_position_ when not.
  bool slot_free(uint64_t position, bool* stale);
  int wait_for_space(uint64_t tail, uint32_t count, uint64_t deadline, int64_t timeout_ns);
  void publish(uint32_t flags, const size_t* sizes, uint64_t* first_key);

  std::shared_ptr<Channel> channel_;
  layout::ProducerRecord* record_ = nullptr;
  int32_t pid_ = 0;
  uint64_t gate_limit_ = 0;      // positions below this may be claimed (cached gating)
  uint32_t gate_epoch_ = ~0u;    // consumer_epoch the cache was computed at
  uint64_t blocked_position_ = UINT64_MAX;  // previous-lap position a claim waits on
  uint64_t stall_since_ = 0;  // when the ring was first seen full at stall_tail_ (0: not)
  uint64_t stall_tail_ = 0;
  uint64_t loan_begin_ = 0;
  uint64_t loan_key_ = 0;
  uint32_t loan_count_ = 0;
  uint64_t sent_ = 0;
};

}  // namespace dmxp::detail
