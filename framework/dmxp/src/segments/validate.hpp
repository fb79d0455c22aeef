// validate.hpp - checks a mapped channel segment before anything else trusts it.
// Kept free of side effects so the fuzzer can feed it arbitrary bytes.
#pragma once

#include <cstdint>
#include <string>

#include "segments/layout.hpp"

namespace dmxp::detail {

// Validates the whole header of a segment of file_size bytes at base: magic, ABI version,
// sizes, power-of-two capacity, geometry recomputed from the parameters and compared with the
// stored offsets and file size, enum values, a terminated type name. Returns DMXP_OK or
// DMXP_ERR_CORRUPT / DMXP_ERR_INCOMPATIBLE with a message naming path (the segment's).
// Requires init_state == kReady; the caller handles still-initialising segments.
int validate_channel_header(const void* base, uint64_t file_size, const std::string& path);

}  // namespace dmxp::detail
