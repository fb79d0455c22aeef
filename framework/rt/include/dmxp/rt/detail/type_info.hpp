// detail/type_info.hpp - what the runtime needs to know about a message type, without
// templates in the .cpp files.
#pragma once

#include <cstdint>
#include <string_view>

#include "dmxp/msg/typed.hpp"

namespace dmxp::rt::detail {

struct TypeInfo {
  const char* name;
  uint64_t fingerprint;
  std::string_view descriptor;
  uint32_t size;
};

template <msg::Message T>
constexpr TypeInfo type_info_of() {
  static_assert(sizeof(T) <= UINT32_MAX - 64, "message larger than any slot");
  static_assert(alignof(T) <= 64, "slots are 64-byte aligned");
  return TypeInfo{T::kTypeName, T::kFingerprint, T::kDescriptor, uint32_t(sizeof(T))};
}

}  // namespace dmxp::rt::detail
