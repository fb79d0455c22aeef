// payload.hpp - the self-checking messages multi-process tests send: a header naming the
// producer, its sequence number and batch, then a body of pseudo-random length and bytes
// derived from (producer, seq), all covered by a 64-bit checksum. A receiver can tell a
// torn, truncated or foreign message from a good one without knowing anything else.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dmxp_test {

struct TestMessage {
  uint32_t producer;     // producer index in the test (not the pid)
  uint32_t body_size;    // bytes following the header
  uint64_t seq;          // 0, 1, 2... per producer (per producer and channel where noted)
  uint64_t batch_id;     // per producer; 0 for single messages
  uint32_t batch_index;  // position in the batch, as the producer meant it
  uint32_t batch_count;  // 1 for single messages
  uint32_t channel;      // channel index in the test
  uint32_t incarnation;  // which run of the producer (soak: restarted producers); 0 if unused
  uint64_t echo_key;     // free for the test (causality: the key a relay received)
  uint64_t checksum;     // over everything above (checksum zeroed) and the body
};
static_assert(sizeof(TestMessage) == 56);

struct MessageSpec {
  uint32_t producer = 0;
  uint64_t seq = 0;
  uint64_t batch_id = 0;
  uint32_t batch_index = 0;
  uint32_t batch_count = 1;
  uint32_t channel = 0;
  uint64_t echo_key = 0;
  uint32_t incarnation = 0;
};

// Body length for (producer, seq), uniformly in [0, max_body].
uint32_t body_size_for(uint32_t producer, uint64_t seq, uint32_t max_body);
// Writes the message for spec with body_size bytes of body into out (which must hold
// sizeof(TestMessage) + body_size); returns the total size.
size_t write_message(void* out, const MessageSpec& spec, uint32_t body_size);

enum class Verdict { kOk, kTooShort, kSizeMismatch, kBadChecksum };
// Checks a received message; on kOk *header holds its header.
Verdict check_message(const void* data, size_t size, TestMessage* header);
const char* verdict_name(Verdict v);

// A 64-bit mix usable as a deterministic random source in children.
inline uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace dmxp_test
