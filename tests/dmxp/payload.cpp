#include "payload.hpp"

#include <cstring>

namespace dmxp_test {
namespace {

uint64_t body_seed(uint32_t producer, uint64_t seq) {
  return splitmix64((uint64_t(producer) << 48) ^ seq ^ 0x5EEDull);
}

// FNV-1a over bytes, 8 at a time where possible (the checksum only has to catch torn data).
uint64_t checksum_bytes(uint64_t h, const uint8_t* p, size_t n) {
  for (; n >= 8; n -= 8, p += 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0x100000001B3ull;
    h ^= h >> 29;
  }
  for (; n; --n, ++p) h = (h ^ *p) * 0x100000001B3ull;
  return h;
}

uint64_t checksum_of(const TestMessage& header, const uint8_t* body) {
  TestMessage h = header;
  h.checksum = 0;
  uint64_t sum = checksum_bytes(0xCBF29CE484222325ull, reinterpret_cast<const uint8_t*>(&h),
                                sizeof h);
  return checksum_bytes(sum, body, header.body_size);
}

}  // namespace

uint32_t body_size_for(uint32_t producer, uint64_t seq, uint32_t max_body) {
  return uint32_t(splitmix64(body_seed(producer, seq)) % (uint64_t(max_body) + 1));
}

size_t write_message(void* out, const MessageSpec& spec, uint32_t body_size) {
  TestMessage h{};
  h.producer = spec.producer;
  h.body_size = body_size;
  h.seq = spec.seq;
  h.batch_id = spec.batch_id;
  h.batch_index = spec.batch_index;
  h.batch_count = spec.batch_count;
  h.channel = spec.channel;
  h.incarnation = spec.incarnation;
  h.echo_key = spec.echo_key;
  uint8_t* body = static_cast<uint8_t*>(out) + sizeof h;
  uint64_t x = body_seed(spec.producer, spec.seq);
  for (uint32_t i = 0; i < body_size; i += 8) {
    x = splitmix64(x);
    uint32_t n = body_size - i < 8 ? body_size - i : 8;
    std::memcpy(body + i, &x, n);
  }
  h.checksum = checksum_of(h, body);
  std::memcpy(out, &h, sizeof h);
  return sizeof h + body_size;
}

Verdict check_message(const void* data, size_t size, TestMessage* header) {
  if (size < sizeof(TestMessage)) return Verdict::kTooShort;
  TestMessage h;
  std::memcpy(&h, data, sizeof h);
  if (size != sizeof h + size_t(h.body_size)) return Verdict::kSizeMismatch;
  if (checksum_of(h, static_cast<const uint8_t*>(data) + sizeof h) != h.checksum)
    return Verdict::kBadChecksum;
  if (header) *header = h;
  return Verdict::kOk;
}

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kOk: return "ok";
    case Verdict::kTooShort: return "shorter than its header";
    case Verdict::kSizeMismatch: return "size differs from header";
    case Verdict::kBadChecksum: return "bad checksum";
  }
  return "?";
}

}  // namespace dmxp_test
