// descriptor.hpp - the layout descriptor of a message type: JSON that a reader needs to
// decode the type's bytes without its generated code (stored in the channel header of typed
// channels; docs/messages.md has the format).
//
//   {"format": "dmxp.msg.layout/1", "type": "geometry_msgs/Point", "endian": "little",
//    "ros2_type_name": "geometry_msgs/msg/Point", "ros2_type_hash": "RIHS01_…",
//    "fingerprint": "0x…", "size": 24, "align": 8,
//    "fields": [{"name": "x", "kind": "scalar", "type": "float64", "offset": 0, "size": 8}, …],
//    "constants": [], "types": {<every message type used, by name>}, "schema": "…"}
#pragma once

#include <cstdint>
#include <string>

#include "model.hpp"

namespace dmxp::msgc {

inline constexpr const char* kDescriptorFormat = "dmxp.msg.layout/1";

// One line per field and per nested type, so generated code can embed it line by line.
std::string descriptor_json(const model::Message& m);
// "0x" and 16 lower-case hex digits.
std::string fingerprint_hex(uint64_t fp);

}  // namespace dmxp::msgc
