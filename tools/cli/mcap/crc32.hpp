// crc32.hpp - CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), the checksum MCAP uses.
//   uint32_t c = crc32_update(0, a, n); c = crc32_update(c, b, m);  // == crc32 of a then b
#pragma once

#include <cstddef>
#include <cstdint>

namespace dmxp::cli::mcap {

uint32_t crc32_update(uint32_t crc, const void* data, size_t size);

}  // namespace dmxp::cli::mcap
