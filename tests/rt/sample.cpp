#include "sample.hpp"

namespace rt_test {
namespace {
uint64_t checksum(const Sample& s) {
  uint64_t h = 0xcbf29ce484222325ull;
  auto mix = [&](uint64_t v) {
    for (int i = 0; i < 8; ++i) { h ^= uint8_t(v >> (8 * i)); h *= 0x100000001b3ull; }
  };
  mix(s.seq);
  mix(s.publisher);
  mix(s.payload.size());
  for (uint8_t b : s.payload) { h ^= b; h *= 0x100000001b3ull; }
  return h;
}
}  // namespace

void fill_sample(Sample& s, uint64_t seq, uint32_t publisher) {
  s.seq = seq;
  s.publisher = publisher;
  size_t n = (seq * 37) % (s.payload.capacity() + 1);
  s.payload.resize(n);
  for (size_t i = 0; i < n; ++i) s.payload[i] = uint8_t(seq + i * 13);
  s.checksum = checksum(s);
}

bool sample_ok(const Sample& s) { return s.checksum == checksum(s); }

}  // namespace rt_test
