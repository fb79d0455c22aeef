// fuzz_validate.cpp - libFuzzer target: dmxp::detail::validate_channel_header on raw bytes.
//
// The input is the whole segment. validate_channel_header must accept or reject it without
// reading outside the file_size bytes it is given (it may read the 4096-byte header only
// when file_size >= kHeaderSize).
//
// The bytes are copied into a buffer of exactly `size` bytes aligned like an mmap base: the
// library only ever hands it page-aligned mappings, and ChannelHeader is alignas(128), so
// the unaligned libFuzzer buffer would trip UBSan's alignment check on a path that cannot
// happen in the library. ASan tracks aligned allocations to the exact requested size, so a
// read one byte past the end is still reported.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <string>

#include "dmxp/dmxp.h"
#include "segments/layout.hpp"
#include "segments/validate.hpp"

namespace {
constexpr std::align_val_t kAlign{128};
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string segment = "fuzz";
  auto* buf = static_cast<uint8_t*>(::operator new(size ? size : 1, kAlign));
  if (size) std::memcpy(buf, data, size);
  int rc = dmxp::detail::validate_channel_header(buf, size, segment);
  if (rc != DMXP_OK && rc != DMXP_ERR_CORRUPT && rc != DMXP_ERR_INCOMPATIBLE) __builtin_trap();
  if (rc == DMXP_OK) {
    // Accepted: the geometry the channel will trust must lie inside the segment.
    const auto* h = reinterpret_cast<const dmxp::layout::ChannelHeader*>(buf);
    if (h->file_size != size) __builtin_trap();
    if (h->slots_offset + uint64_t(h->capacity) * h->slot_stride > size) __builtin_trap();
    if (h->consumers_offset + uint64_t(h->max_consumers) * dmxp::layout::kRecordSize >
        h->producers_offset) __builtin_trap();
    if (h->producers_offset + uint64_t(h->max_producers) * dmxp::layout::kRecordSize >
        h->slots_offset) __builtin_trap();
    if (h->slot_stride < dmxp::layout::kSlotHeaderSize + h->slot_size) __builtin_trap();
  }
  ::operator delete(buf, kAlign);
  return 0;
}
