// cdr_walk.hpp - encode and decode: the two walks over a Plan (cdr_encode.cpp,
// cdr_decode.cpp) and what they share.
#pragma once

#include <cstddef>
#include <cstring>
#include <span>
#include <vector>

#include "dmxp/dmxp.hpp"
#include "plan.hpp"

namespace dmxp::wire::detail {

// CDR positions count from after the 4-byte encapsulation header; n is 1, 2, 4 or 8.
inline size_t align_up(size_t pos, size_t n) { return (pos + n - 1) & ~(n - 1); }

inline uint32_t load_u32(const std::byte* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
inline void store_u32(std::byte* p, uint32_t v) { std::memcpy(p, &v, 4); }

Status encode_message(const Plan& plan, const void* message, std::vector<std::byte>& out);
Status decode_message(const Plan& plan, std::span<const std::byte> cdr, void* message);

}  // namespace dmxp::wire::detail
