// generic_reader.hpp - decodes a message from its bytes and its layout descriptor alone, the
// way a tool without generated code does (`dmxp topic echo`, other languages): the proof that
// the descriptor is complete. Values come back as a JSON-like tree:
//   scalars as numbers (bool as Bool), strings as String, nested messages as Object,
//   arrays and bounded arrays as Array of their used elements.
// Descriptors come from shared memory written by other processes, so every offset is checked
// against the message size and nesting is bounded: a hostile descriptor gives an error, never
// a read outside the bytes.
#pragma once

#include <cstddef>
#include <string_view>

#include "decode/json.hpp"

namespace dmxp::cli {

class GenericReader {
 public:
  // Throws std::runtime_error when the text is not a "dmxp.msg.layout/1" descriptor.
  explicit GenericReader(std::string_view descriptor_json);
  const json::Value& descriptor() const { return desc_; }
  const std::string& type_name() const { return desc_["type"].str(); }
  uint64_t size() const { return desc_["size"].as_u64(); }
  // Decodes size bytes (the message's own size at least; throws std::runtime_error if not,
  // or when the descriptor points outside the message).
  json::Value decode(const void* bytes, size_t size) const;

 private:
  struct Span {
    const unsigned char* begin;
    const unsigned char* end;
  };
  json::Value message(const json::Value& type, Span all, uint64_t base, int depth) const;
  json::Value element(const json::Value& elem, Span all, uint64_t at, int depth) const;
  json::Value scalar(const std::string& type, Span all, uint64_t at) const;
  json::Value text(Span all, uint64_t len_at, uint64_t data_at, uint64_t capacity) const;
  const json::Value& type_named(const std::string& name) const;

  json::Value desc_;
};

}  // namespace dmxp::cli
