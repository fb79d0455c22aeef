#include "soak_wire.hpp"

#include <cstring>

#include "payload.hpp"

namespace dmxp_soak {
namespace {

using dmxp_test::splitmix64;
using dmxp_test::TestMessage;

uint64_t filler_seed(uint32_t producer, uint32_t incarnation, uint64_t seq) {
  return splitmix64((uint64_t(producer) << 56) ^ (uint64_t(incarnation) << 32) ^ seq ^ 0xF111ull);
}

uint16_t compact_check(uint64_t word0_fields, uint64_t word1, size_t size, uint32_t channel) {
  uint64_t h = splitmix64(word0_fields ^ splitmix64(word1 ^ (uint64_t(size) << 40) ^ channel));
  return uint16_t(h ^ (h >> 16) ^ (h >> 32) ^ (h >> 48));
}

uint64_t compact_fields(uint32_t producer, uint32_t incarnation, uint64_t seq) {
  return (uint64_t(producer) & 7) | (uint64_t(incarnation & kMaxCompactIncarnation) << 3) |
         ((seq & kMaxCompactSeq) << 18);
}

void write_filler(uint8_t* p, size_t n, uint64_t seed) {
  for (size_t i = 0; i < n; i += 8) {
    seed = splitmix64(seed);
    std::memcpy(p + i, &seed, n - i < 8 ? n - i : 8);
  }
}

bool filler_matches(const uint8_t* p, size_t n, uint64_t seed) {
  for (size_t i = 0; i < n; i += 8) {
    seed = splitmix64(seed);
    if (std::memcmp(p + i, &seed, n - i < 8 ? n - i : 8) != 0) return false;
  }
  return true;
}

void write_compact(uint8_t* out, size_t size, const WireSpec& s) {
  uint64_t fields = compact_fields(s.producer, s.incarnation, s.seq);
  uint64_t word1 = size >= 16 ? s.prev_key : 0;
  uint64_t word0 = fields | (uint64_t(compact_check(fields, word1, size, s.channel)) << 48);
  std::memcpy(out, &word0, 8);
  if (size < 16) return;
  std::memcpy(out + 8, &word1, 8);
  write_filler(out + 16, size - 16, filler_seed(s.producer, s.incarnation, s.seq));
}

WireInfo check_compact(const uint8_t* p, size_t size, uint32_t channel) {
  WireInfo info;
  uint64_t word0, word1 = 0;
  std::memcpy(&word0, p, 8);
  if (size >= 16) std::memcpy(&word1, p + 8, 8);
  uint64_t fields = word0 & ((1ull << 48) - 1);
  info.producer = uint32_t(fields & 7);
  info.incarnation = uint32_t((fields >> 3) & kMaxCompactIncarnation);
  info.seq = fields >> 18;
  info.prev_key = word1;
  info.has_prev_key = size >= 16 && word1 != 0;
  if (uint16_t(word0 >> 48) != compact_check(fields, word1, size, channel)) {
    // Tell a message sent on another channel from a torn one: the check matches there.
    bool elsewhere = false;
    for (uint32_t c = 0; c < 8 && !elsewhere; ++c)
      elsewhere = c != channel && uint16_t(word0 >> 48) == compact_check(fields, word1, size, c);
    info.verdict = elsewhere ? WireVerdict::kWrongChannel : WireVerdict::kBadChecksum;
  } else if (size > 16 &&
             !filler_matches(p + 16, size - 16,
                             filler_seed(info.producer, info.incarnation, info.seq))) {
    info.verdict = WireVerdict::kBadFiller;
  }
  return info;
}

}  // namespace

void write_wire(void* out, size_t size, const WireSpec& s) {
  if (size < sizeof(TestMessage)) {
    write_compact(static_cast<uint8_t*>(out), size, s);
    return;
  }
  dmxp_test::MessageSpec m;
  m.producer = s.producer;
  m.incarnation = s.incarnation;
  m.seq = s.seq;
  m.channel = s.channel;
  m.echo_key = s.prev_key;
  m.batch_index = s.batch_index;
  m.batch_count = s.batch_count;
  m.batch_id = s.seq - s.batch_index;  // the batch's first seq
  dmxp_test::write_message(out, m, uint32_t(size - sizeof(TestMessage)));
}

WireInfo check_wire(const dmxp_message& msg, uint32_t channel) {
  const uint8_t* p = static_cast<const uint8_t*>(msg.data);
  if (msg.size < 8) return WireInfo{WireVerdict::kTooShort};
  if (msg.size < sizeof(TestMessage)) return check_compact(p, msg.size, channel);
  WireInfo info;
  TestMessage h;
  switch (dmxp_test::check_message(p, msg.size, &h)) {
    case dmxp_test::Verdict::kOk: break;
    case dmxp_test::Verdict::kTooShort: info.verdict = WireVerdict::kTooShort; return info;
    case dmxp_test::Verdict::kSizeMismatch: info.verdict = WireVerdict::kSizeMismatch; return info;
    case dmxp_test::Verdict::kBadChecksum: info.verdict = WireVerdict::kBadChecksum; return info;
  }
  info.producer = h.producer;
  info.incarnation = h.incarnation;
  info.seq = h.seq;
  info.prev_key = h.echo_key;
  info.has_prev_key = h.echo_key != 0;
  if (h.channel != channel) info.verdict = WireVerdict::kWrongChannel;
  else if (h.batch_index != msg.batch_index || h.batch_count != msg.batch_count)
    info.verdict = WireVerdict::kBatchMismatch;
  return info;
}

const char* verdict_name(WireVerdict v) {
  switch (v) {
    case WireVerdict::kOk: return "ok";
    case WireVerdict::kTooShort: return "shorter than 8 bytes";
    case WireVerdict::kSizeMismatch: return "size differs from its header";
    case WireVerdict::kBadChecksum: return "bad checksum";
    case WireVerdict::kBadFiller: return "bad filler bytes";
    case WireVerdict::kWrongChannel: return "sent on another channel";
    case WireVerdict::kBatchMismatch: return "batch position differs from the ring's";
  }
  return "?";
}

}  // namespace dmxp_soak
