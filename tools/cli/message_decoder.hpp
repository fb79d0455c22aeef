// message_decoder.hpp - a topic's messages as value trees: typed channels through their
// layout descriptor (GenericReader), untyped ones as {size, bytes}.
#pragma once

#include <memory>
#include <string>

#include "decode/generic_reader.hpp"

namespace dmxp::cli {

class MessageDecoder {
 public:
  // descriptor: the channel's stored layout descriptor ("" for untyped). Throws
  // std::runtime_error when it is not a valid one.
  explicit MessageDecoder(const std::string& descriptor);
  // Throws std::runtime_error when the bytes do not fit the layout.
  json::Value decode(const void* bytes, size_t size) const;
  bool typed() const { return reader_ != nullptr; }

 private:
  std::unique_ptr<GenericReader> reader_;
};

}  // namespace dmxp::cli
