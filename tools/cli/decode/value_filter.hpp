// value_filter.hpp - `dmxp topic echo --filter` expressions on decoded field values:
//   data > 10 && header.frame_id == 'laser' || ranges[0] <= 1.5
// Comparisons: == != < <= > >= between a field path and a literal (number, 'text' or "text",
// true, false); && binds tighter than ||. Numbers compare as numbers, text as text.
#pragma once

#include <memory>
#include <string_view>

#include "decode/json.hpp"

namespace dmxp::cli {

class ValueFilter {
 public:
  // Throws std::runtime_error "bad filter '...' at column N: expected ...".
  explicit ValueFilter(std::string_view expression);
  ~ValueFilter();
  ValueFilter(ValueFilter&&) noexcept;
  ValueFilter& operator=(ValueFilter&&) noexcept;
  // Throws std::runtime_error when a field does not exist or types cannot be compared.
  bool matches(const json::Value& message) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dmxp::cli
