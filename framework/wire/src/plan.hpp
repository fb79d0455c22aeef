// plan.hpp - a layout descriptor compiled for the CDR codec: flat lists of steps that
// encode and decode follow without looking at JSON again.
//
// Nested messages are inline in both the DMXP layout and CDR, so their fields are flattened
// into the containing list with absolute offsets; adjacent primitives of one size that lie
// back to back in the DMXP layout merge into one step (Pose's seven float64 and the 36 of its
// covariance are one copy of 344 bytes). Arrays and sequences of strings or messages point
// at the element's own list, applied at data + i * stride. Every offset a step touches was
// checked against its list's extent when the plan was built (plan_builder.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dmxp::wire::detail {

// The field path of a run of elements, for error messages: element k of a step belongs to
// the part with first <= k < first + count ("covariance[5]" when indexed, else "pose.x").
struct NamePart {
  uint32_t first = 0, count = 1;
  std::string path;
  bool indexed = false;
};

struct Steps;

struct Step {
  enum class Kind : uint8_t {
    Primitives,   // count primitives of `size` bytes at offset, back to back
    String,       // uint32 size at length_offset, bytes at offset, capacity bytes
    Sequence,     // uint32 count at length_offset, elements at offset, at most capacity
    Array,        // count elements of `element` at offset (primitive arrays are Primitives)
    EmptyStruct,  // a message without fields: one uint8 in CDR, nothing in DMXP
  };
  Kind kind = Kind::Primitives;
  uint8_t size = 0;         // bytes of a primitive element; 0: elements follow `element`
  bool boolean = false;     // primitive elements are bool (0 or 1 on the wire)
  uint32_t count = 0;       // Primitives, Array
  uint32_t capacity = 0;    // String (bytes), Sequence (elements)
  uint64_t offset = 0;      // element 0 / first byte, from the list's base
  uint64_t length_offset = 0;
  uint64_t stride = 0;      // bytes between elements of `element`
  const Steps* element = nullptr;
  uint32_t names_begin = 0, names_end = 0;  // NameParts in Plan::names
};

// The steps of one message type (or one string element) and the bytes they may touch.
struct Steps {
  uint64_t extent = 0;
  std::vector<Step> list;
};

struct Plan {
  std::string type_name, ros_type_name, ros_type_hash;
  uint64_t size = 0;
  Steps top;
  std::vector<std::unique_ptr<Steps>> elements;  // owned; Step::element points into them
  std::vector<NamePart> names;

  const NamePart& name_of(const Step& s, uint64_t element) const {
    for (uint32_t i = s.names_begin; i + 1 < s.names_end; ++i)
      if (element < uint64_t(names[i].first) + names[i].count) return names[i];
    return names[s.names_end - 1];
  }
};

}  // namespace dmxp::wire::detail
