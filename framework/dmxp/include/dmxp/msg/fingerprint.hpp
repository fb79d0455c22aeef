// fingerprint.hpp - the 64-bit type fingerprint of a generated message: FNV-1a (64-bit) over
// its schema text (T::kSchema, the normalized definition written by dmxp-msgc; see
// docs/messages.md). Generated headers check kFingerprint == fingerprint(kSchema) at compile
// time, so any language can recompute it from the schema stored with a channel.
// It detects mismatched types; it is not a cryptographic hash.
#pragma once

#include <cstdint>
#include <string_view>

namespace dmxp::msg {

constexpr uint64_t fingerprint(std::string_view schema) noexcept {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a 64-bit offset basis
  for (char c : schema) {
    h ^= uint8_t(c);
    h *= 0x100000001b3ull;  // FNV-1a 64-bit prime
  }
  return h;
}

}  // namespace dmxp::msg
