// sha256.hpp - SHA-256 (FIPS 180-4), for the ROS 2 type hashes (RIHS01, type_hash.hpp).
#pragma once

#include <string>
#include <string_view>

namespace dmxp::msgc {

// The digest of the bytes as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace dmxp::msgc
