// value_format.hpp - decoded messages as text: YAML documents (the ROS 2 `topic echo` look),
// one JSON object per line, or CSV rows. Long arrays can be cut short or summarized.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "decode/json.hpp"

namespace dmxp::cli {

struct ArrayLimit {
  bool summarize = false;       // --no-arr: every array becomes "<array of N>"
  size_t max_items = SIZE_MAX;  // --max-array N: the first N items, then "... (M more)"
};

// YAML block text of v (no trailing "---"), every line ending in '\n'.
std::string to_yaml(const json::Value& v, const ArrayLimit& limit);
// Compact JSON on one line (no newline). Doubles that are not finite become null.
std::string to_json(const json::Value& v, const ArrayLimit& limit);
// CSV: the header (flattened field names "a.b", "arr.0") and a row of the same leaves.
std::string csv_header(const json::Value& v, const ArrayLimit& limit);
std::string csv_row(const json::Value& v, const ArrayLimit& limit);
// s as a JSON string literal, quotes included.
std::string json_quoted(const std::string& s);
// A scalar as YAML/JSON would print it ("1.5", "true", "'text'" for YAML).
std::string scalar_text(const json::Value& v, bool json_quotes);

}  // namespace dmxp::cli
