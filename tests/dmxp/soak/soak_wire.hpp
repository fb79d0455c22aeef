// soak_wire.hpp - the soak's self-checking messages. Each names its producer, the producer's
// incarnation (restart count) and a per-(incarnation, channel) sequence number, and carries
// the key its producer got for the previous message, so a receiver can check integrity and
// the checker can check order, gaps and keys.
//
// Two encodings, told apart by size:
//   >= 56 bytes: dmxp_test::TestMessage (payload.hpp) and its body; echo_key = previous key,
//                batch_index/batch_count as the producer meant them, covered by a 64-bit checksum.
//   8..55 bytes: compact. word0 = producer (3 bits) | incarnation (15) | seq (30) | check (16);
//                from 16 bytes on word1 = previous key; the rest is filler derived from
//                (producer, incarnation, seq). check covers word0's fields, word1, the size and
//                the channel; the filler is compared byte for byte.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dmxp/dmxp.h"

namespace dmxp_soak {

inline constexpr uint32_t kMaxCompactIncarnation = (1u << 15) - 1;
inline constexpr uint64_t kMaxCompactSeq = (1ull << 30) - 1;

struct WireSpec {
  uint32_t producer = 0;
  uint32_t incarnation = 0;
  uint64_t seq = 0;
  uint32_t channel = 0;
  uint64_t prev_key = 0;  // 0: none (first message of the incarnation)
  uint32_t batch_index = 0;
  uint32_t batch_count = 1;
};

// Writes a message of exactly size bytes (>= 8) for spec into out.
void write_wire(void* out, size_t size, const WireSpec& spec);

enum class WireVerdict : uint8_t {
  kOk = 0,
  kTooShort,
  kSizeMismatch,
  kBadChecksum,
  kBadFiller,
  kWrongChannel,
  kBatchMismatch,  // the payload's batch position differs from what the ring reports
};
const char* verdict_name(WireVerdict v);

struct WireInfo {
  WireVerdict verdict = WireVerdict::kOk;
  uint32_t producer = 0, incarnation = 0;
  uint64_t seq = 0;
  uint64_t prev_key = 0;
  bool has_prev_key = false;  // compact messages under 16 bytes carry none
};

// Checks a received message against the channel it came from; fills info (fields are
// meaningful only when verdict is kOk).
WireInfo check_wire(const dmxp_message& msg, uint32_t channel);

}  // namespace dmxp_soak
