#include "segments/validate.hpp"

#include <cstring>

#include "platform/error.hpp"

namespace dmxp::detail {

int validate_channel_header(const void* base, uint64_t file_size, const std::string& path) {
  const char* seg = path.c_str();
  const char* advice = "remove it with 'dmxp channel rm' if no process uses it";
  if (file_size < layout::kHeaderSize)
    return fail(DMXP_ERR_CORRUPT, "segment %s is truncated: %llu bytes, smaller than "
                "the %u-byte header; %s", seg, (unsigned long long)file_size,
                layout::kHeaderSize, advice);
  const auto* h = static_cast<const layout::ChannelHeader*>(base);
  if (h->magic != layout::kChannelMagic)
    return fail(DMXP_ERR_CORRUPT, "segment %s is not a DMXP channel (bad magic); %s",
                seg, advice);
  if (h->abi_version != layout::kAbiVersion)
    return fail(DMXP_ERR_INCOMPATIBLE, "segment %s has ABI version %u, this library "
                "speaks %u; use a matching DMXP build or recreate the channel", seg,
                h->abi_version, layout::kAbiVersion);
  if (h->header_size != layout::kHeaderSize)
    return fail(DMXP_ERR_CORRUPT, "segment %s: header size %u, expected %u; %s", seg,
                h->header_size, layout::kHeaderSize, advice);
  if (h->mode != DMXP_MODE_BROADCAST && h->mode != DMXP_MODE_QUEUE)
    return fail(DMXP_ERR_CORRUPT, "segment %s: unknown delivery mode %u; %s", seg,
                h->mode, advice);
  if (h->backpressure != DMXP_RELIABLE && h->backpressure != DMXP_KEEP_LAST)
    return fail(DMXP_ERR_CORRUPT, "segment %s: unknown backpressure policy %u; %s", seg,
                h->backpressure, advice);
  uint32_t cap = h->capacity;
  if (cap < 2 || cap > layout::kMaxCapacity || (cap & (cap - 1)) != 0)
    return fail(DMXP_ERR_CORRUPT, "segment %s: capacity %u is not a power of two "
                "in [2, %u]; %s", seg, cap, layout::kMaxCapacity, advice);
  if (h->slot_size == 0 || h->slot_size > layout::kMaxSlotSize)
    return fail(DMXP_ERR_CORRUPT, "segment %s: slot size %llu out of range; %s", seg,
                (unsigned long long)h->slot_size, advice);
  if (h->max_consumers == 0 || h->max_consumers > layout::kMaxRecords ||
      h->max_producers == 0 || h->max_producers > layout::kMaxRecords)
    return fail(DMXP_ERR_CORRUPT, "segment %s: record tables (%u consumers, %u "
                "producers) out of range; %s", seg, h->max_consumers, h->max_producers, advice);
  if (h->descriptor_size > layout::kMaxDescriptorSize)
    return fail(DMXP_ERR_CORRUPT, "segment %s: type descriptor of %llu bytes exceeds "
                "%llu; %s", seg, (unsigned long long)h->descriptor_size,
                (unsigned long long)layout::kMaxDescriptorSize, advice);
  layout::Geometry g = layout::compute_geometry(cap, h->slot_size, h->max_consumers,
                                                h->max_producers, h->descriptor_size);
  if (h->slot_stride != g.slot_stride || h->consumers_offset != g.consumers_offset ||
      h->producers_offset != g.producers_offset || h->slots_offset != g.slots_offset ||
      h->descriptor_offset != g.descriptor_offset ||
      h->file_size != g.file_size)
    return fail(DMXP_ERR_CORRUPT, "segment %s: stored offsets or file size disagree "
                "with its capacity and slot size; %s", seg, advice);
  if (file_size != g.file_size)
    return fail(DMXP_ERR_CORRUPT, "segment %s is %llu bytes but its header describes "
                "%llu (truncated or resized); %s", seg, (unsigned long long)file_size,
                (unsigned long long)g.file_size, advice);
  if (std::memchr(h->type_name, 0, sizeof h->type_name) == nullptr)
    return fail(DMXP_ERR_CORRUPT, "segment %s: type name is not terminated; %s", seg,
                advice);
  return DMXP_OK;
}

}  // namespace dmxp::detail
