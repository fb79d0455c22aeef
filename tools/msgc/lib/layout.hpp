// layout.hpp - sizes, alignments and offsets of the fixed layout described in model.hpp.
// Pure functions; a size beyond kMaxMessageSize is reported as overflow (nullopt / false).
#pragma once

#include <cstdint>
#include <optional>

#include "model.hpp"

namespace dmxp::msgc {

// The largest slot a channel can have (framework/dmxp/src/segments/layout.hpp, kMaxSlotSize): a
// message that cannot fit one can never be sent.
inline constexpr uint64_t kMaxMessageSize = uint64_t(1) << 30;
// Sizes of strings and sequences are stored as uint32.
inline constexpr uint64_t kMaxCapacity = UINT32_MAX;

struct Shape {
  uint64_t size, align;
};

constexpr uint64_t align_up(uint64_t n, uint64_t a) { return (n + a - 1) / a * a; }

// A string of capacity bytes; nullopt when too large.
std::optional<Shape> string_shape(uint64_t capacity);
// Where element 0 of a bounded sequence lies: after the uint32 size, and 4 reserved bytes
// when the element is 8-aligned.
uint64_t sequence_data_offset(uint64_t elem_align);
// A field of element e with the given array kind and count; sets data_offset.
std::optional<Shape> field_shape(const model::Element& e, model::ArrayKind array, uint64_t count,
                                 uint64_t* data_offset);
// Places m.fields (whose size and align are set) and records the padding; false when the
// message outgrows kMaxMessageSize.
bool place_fields(model::Message& m);

}  // namespace dmxp::msgc
