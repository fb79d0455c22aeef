// value_path.hpp - field paths into decoded messages, as `dmxp topic echo --field` and
// `--filter` take them: "header.stamp.sec", "ranges[2]", "poses[0].position.x".
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "decode/json.hpp"

namespace dmxp::cli {

// A step is a field name or an array index.
using PathStep = std::variant<std::string, size_t>;

struct ValuePath {
  std::string text;
  std::vector<PathStep> steps;
};

// Throws std::runtime_error "bad field path 'a..b' at column 3: expected a field name".
ValuePath parse_value_path(std::string_view text);

// The value at path, or nullptr when a field does not exist or an index is past the end.
const json::Value* find_value(const json::Value& root, const ValuePath& path);

}  // namespace dmxp::cli
