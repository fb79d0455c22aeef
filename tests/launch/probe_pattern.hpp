// probe_pattern.hpp - the payload pattern of launch_test_node's messages: byte i of the
// message with sequence number s is (s * 31 + i * 7) & 0xff, so any torn or mixed message
// shows as a wrong byte.
#pragma once

#include <cstddef>
#include <cstdint>

namespace launch_test {

inline void fill_pattern(uint64_t seq, uint8_t* bytes, size_t n) {
  for (size_t i = 0; i < n; ++i) bytes[i] = uint8_t(seq * 31 + i * 7);
}

inline bool pattern_ok(uint64_t seq, const uint8_t* bytes, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (bytes[i] != uint8_t(seq * 31 + i * 7)) return false;
  return true;
}

}  // namespace launch_test
