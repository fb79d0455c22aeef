// json.hpp - a small JSON reader, enough for layout descriptors (objects, arrays, strings
// with \" \\ \n \uXXXX escapes, integers kept exact in 64 bits, doubles). The CDR codec
// (cdr.hpp) reads descriptors with it, and so do the dmxp CLI's decoder and the msgc tests.
// Descriptors come from shared memory other processes wrote, so the reader bounds nesting
// (kMaxDepth) instead of recursing as deep as the text asks.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dmxp::wire::json {

struct Value {
  enum class Kind { Null, Bool, Int, UInt, Double, String, Array, Object } kind = Kind::Null;
  bool b = false;
  int64_t i = 0;
  uint64_t u = 0;
  double d = 0;
  std::string s;
  std::vector<Value> array;
  std::vector<std::pair<std::string, Value>> object;  // in document order

  // Throws std::out_of_range when the key is missing or this is not an object.
  const Value& operator[](std::string_view key) const;
  const Value& operator[](size_t index) const { return array.at(index); }
  bool has(std::string_view key) const;
  uint64_t as_u64() const;  // Int or UInt, throws otherwise
  double as_double() const;
  const std::string& str() const;
};

// Arrays and objects nest at most this deep (a descriptor needs 6 levels).
inline constexpr int kMaxDepth = 64;

// Throws std::runtime_error naming the offset on malformed input or deeper nesting.
Value parse(std::string_view text);

}  // namespace dmxp::wire::json
