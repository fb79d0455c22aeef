// typed.hpp - channel options for a generated message type: its fingerprint and name (a
// channel created for another type refuses to open, DMXP_ERR_INCOMPATIBLE), its layout
// descriptor (stored in the channel so tools decode messages without generated code) and a
// slot size of sizeof(T).
//
//   auto prod = dmxp::Producer::open("scan", dmxp::msg::typed_options<sensor_msgs::msg::LaserScan>()
//                                               .capacity(64)).value();
//   auto* scan = new (prod.loan(sizeof(LaserScan)).value()) LaserScan();  // fill, then commit
#pragma once

#include <concepts>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "dmxp/dmxp.hpp"

namespace dmxp::msg {

// What dmxp-msgc generates for every message type.
template <class T>
concept Message = std::is_standard_layout_v<T> && std::is_trivially_copyable_v<T> &&
                  requires {
                    { T::kFingerprint } -> std::convertible_to<uint64_t>;
                    { T::kTypeName } -> std::convertible_to<const char*>;
                    { T::kDescriptor } -> std::convertible_to<std::string_view>;
                  };

template <Message T>
ChannelOptions typed_options() {
  static_assert(sizeof(T) <= UINT32_MAX, "message larger than any slot");
  ChannelOptions o;
  o.type(T::kFingerprint, T::kTypeName)
      .descriptor(T::kDescriptor.data(), T::kDescriptor.size())
      .slot_size(uint32_t(sizeof(T)));
  return o;
}

}  // namespace dmxp::msg
