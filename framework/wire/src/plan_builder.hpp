// plan_builder.hpp - compiles and validates a layout descriptor into a Plan (plan.hpp).
#pragma once

#include <memory>
#include <stdexcept>
#include <string_view>

#include "plan.hpp"

namespace dmxp::wire::detail {

// A descriptor the codec refuses; status is a dmxp_status (INVALID_ARGUMENT or UNSUPPORTED).
struct PlanError : std::runtime_error {
  PlanError(int s, const std::string& what) : std::runtime_error(what), status(s) {}
  int status;
};

// Limits against hostile descriptors: types nest at most kMaxNesting deep (a cycle hits it)
// and a plan has at most kMaxSteps steps (a descriptor whose types fan out exponentially).
inline constexpr int kMaxNesting = 64;
inline constexpr size_t kMaxSteps = size_t(1) << 16;  // real types need tens

// Throws PlanError naming the descriptor's type and the field at fault.
std::unique_ptr<Plan> build_plan(std::string_view descriptor_json);

}  // namespace dmxp::wire::detail
