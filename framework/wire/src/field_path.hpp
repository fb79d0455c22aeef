// field_path.hpp - the full path of the field an error is about ("poses[3].header.frame_id"),
// built only when there is an error: while walking, each array element entered pushes a
// Trail on the stack (no allocation).
#pragma once

#include <cstdint>
#include <string>

#include "plan.hpp"

namespace dmxp::wire::detail {

// Inside element `index` of step `step` (of the list `up` describes, or the top list).
struct Trail {
  const Trail* up = nullptr;
  const Step* step = nullptr;
  uint64_t index = 0;
};

// The path of element `element` of step s, reached through trail ("ranges[7]").
std::string field_path(const Plan& plan, const Trail* trail, const Step& s, uint64_t element);
// The path of step s itself ("ranges"): for errors about its size word or its whole data.
std::string field_path(const Plan& plan, const Trail* trail, const Step& s);

}  // namespace dmxp::wire::detail
