// generic_reader.hpp - decodes a message from its bytes and its layout descriptor alone, the
// way a tool without generated code does (`dmxp topic echo`, other languages): the proof that
// the descriptor is complete. Values come back as a JSON-like tree:
//   scalars as numbers (bool as Bool), strings as String, nested messages as Object,
//   arrays and bounded arrays as Array of their used elements.
#pragma once

#include <cstddef>
#include <string_view>

#include "json.hpp"

namespace msgc_test {

class GenericReader {
 public:
  explicit GenericReader(std::string_view descriptor_json);
  const json::Value& descriptor() const { return desc_; }
  // Decodes size bytes (the message's own size at least; throws std::runtime_error if not).
  json::Value decode(const void* bytes, size_t size) const;

 private:
  json::Value message(const json::Value& type, const unsigned char* base) const;
  json::Value element(const json::Value& elem, const unsigned char* at) const;
  json::Value scalar(const std::string& type, const unsigned char* at) const;
  const json::Value& type_named(const std::string& name) const;

  json::Value desc_;
};

}  // namespace msgc_test
