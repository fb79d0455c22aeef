// bounded_storage.hpp - the bytes of a bounded string or sequence, with every padding byte
// declared, so a container's layout is exactly what dmxp-msgc computed and documented:
//
//   +0               uint32 size        number of elements (bytes of a string) in use
//   +4               uint32 reserved    only when the element is 8-aligned (keeps data aligned)
//   +4 or +8         T items[N]         elements [0, size) are valid
//   ...              uint8 tail[K]      pads the container to its alignment, K < alignment
//
// alignment = max(4, alignof(T)); sizeof = the above rounded up to it. Little-endian.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace dmxp::msg::detail {

struct Header4 {
  uint32_t size;
};
struct Header8 {
  uint32_t size;
  uint32_t reserved;
};
template <class T>
using HeaderFor = std::conditional_t<(alignof(T) > 4), Header8, Header4>;

constexpr size_t align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

template <class T, uint32_t N>
constexpr size_t tail_bytes() {
  constexpr size_t a = alignof(T) > 4 ? alignof(T) : 4;
  constexpr size_t used = sizeof(HeaderFor<T>) + sizeof(T) * size_t(N);
  return align_up(used, a) - used;
}

// Only the members; the API lives in BoundedString / BoundedSequence, which add none, so the
// result stays standard-layout. items is never given a default member initializer: each
// constructor decides whether to zero it (SkipInit does not).
template <class T, uint32_t N, size_t Tail = tail_bytes<T, N>()>
struct Storage {
  HeaderFor<T> header;
  T items[N];
  uint8_t tail[Tail];
};
template <class T, uint32_t N>
struct Storage<T, N, 0> {
  HeaderFor<T> header;
  T items[N];
};

}  // namespace dmxp::msg::detail
