#include "dmxp/wire/cdr.hpp"

#include "cdr_walk.hpp"
#include "plan_builder.hpp"

namespace dmxp::wire {

Result<CdrCodec> CdrCodec::from_descriptor(std::string_view descriptor_json) {
  try {
    return CdrCodec(detail::build_plan(descriptor_json));
  } catch (const detail::PlanError& e) {
    return Error(e.status, e.what());
  } catch (const std::bad_alloc&) {
    return Error(DMXP_ERR_RESOURCE, "layout descriptor: out of memory while compiling it");
  }
}

CdrCodec::CdrCodec(std::unique_ptr<detail::Plan> plan) : plan_(std::move(plan)) {}
CdrCodec::CdrCodec(CdrCodec&&) noexcept = default;
CdrCodec& CdrCodec::operator=(CdrCodec&&) noexcept = default;
CdrCodec::~CdrCodec() = default;

const std::string& CdrCodec::type_name() const { return plan_->type_name; }
const std::string& CdrCodec::ros_type_name() const { return plan_->ros_type_name; }
const std::string& CdrCodec::ros_type_hash() const { return plan_->ros_type_hash; }
size_t CdrCodec::message_size() const { return plan_->size; }

Status CdrCodec::encode(const void* message, std::vector<std::byte>& out) const {
  return detail::encode_message(*plan_, message, out);
}

Status CdrCodec::decode(std::span<const std::byte> cdr, void* message) const {
  return detail::decode_message(*plan_, cdr, message);
}

}  // namespace dmxp::wire
