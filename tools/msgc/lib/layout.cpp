#include "layout.hpp"

#include <algorithm>

namespace dmxp::msgc {

std::optional<Shape> string_shape(uint64_t capacity) {
  if (capacity > kMaxMessageSize) return std::nullopt;
  return Shape{align_up(4 + capacity, 4), 4};
}

uint64_t sequence_data_offset(uint64_t elem_align) { return elem_align > 4 ? 8 : 4; }

std::optional<Shape> field_shape(const model::Element& e, model::ArrayKind array, uint64_t count,
                                 uint64_t* data_offset) {
  *data_offset = e.kind == model::ElemKind::String && array == model::ArrayKind::None ? 4 : 0;
  if (array == model::ArrayKind::None) return Shape{e.size, e.align};
  // count <= 2^32 and e.size <= 2^30: the product fits 64 bits.
  uint64_t bytes = count * e.size;
  if (bytes > kMaxMessageSize) return std::nullopt;
  if (array == model::ArrayKind::Fixed) return Shape{bytes, e.align};
  uint64_t align = std::max<uint64_t>(4, e.align);
  *data_offset = sequence_data_offset(e.align);
  uint64_t size = align_up(*data_offset + bytes, align);
  if (size > kMaxMessageSize) return std::nullopt;
  return Shape{size, align};
}

bool place_fields(model::Message& m) {
  uint64_t at = 0, align = 1;
  m.padding.clear();
  for (size_t i = 0; i < m.fields.size(); ++i) {
    model::Field& f = m.fields[i];
    uint64_t start = align_up(at, f.align);
    if (start > at) m.padding.push_back({at, start - at, i});
    f.offset = start;
    at = start + f.size;
    align = std::max(align, f.align);
    if (at > kMaxMessageSize) return false;
  }
  if (m.fields.empty()) {  // C++ has no empty standard-layout object of size 0
    m.padding.push_back({0, 1, 0});
    at = 1;
  }
  uint64_t size = align_up(at, align);
  if (size > at && !m.fields.empty()) m.padding.push_back({at, size - at, m.fields.size()});
  m.size = size;
  m.align = align;
  return size <= kMaxMessageSize;
}

}  // namespace dmxp::msgc
