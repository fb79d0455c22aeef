// yaml_encoder.hpp - builds a message's bytes from YAML and its layout descriptor, the inverse
// of GenericReader (for `dmxp topic pub` and tests). Fields left out are zero; unknown fields,
// out-of-range numbers, too long strings or arrays are errors naming the field and the YAML
// line:column.
//   auto bytes = encode_yaml(reader.descriptor(), "{header: {frame_id: base}, data: [1, 2]}");
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "decode/json.hpp"

namespace dmxp::cli {

// Throws std::runtime_error "line 1, column 9: field 'dta' is not in std_msgs/Int32 (fields:
// data)" and the like.
std::vector<uint8_t> encode_yaml(const json::Value& descriptor, std::string_view yaml_text);

// The bytes of a whole message of descriptor's type, zero except its nested-message field
// `field`, which yaml_text gives (`dmxp action send_goal` writes a SendGoal request's goal
// this way). Errors as encode_yaml's, naming the nested type; std::runtime_error when the
// type has no such message field.
std::vector<uint8_t> encode_yaml_into_field(const json::Value& descriptor, const std::string& field,
                                            std::string_view yaml_text);

}  // namespace dmxp::cli
