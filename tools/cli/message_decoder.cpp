#include "message_decoder.hpp"

namespace dmxp::cli {

MessageDecoder::MessageDecoder(const std::string& descriptor) {
  if (!descriptor.empty()) reader_ = std::make_unique<GenericReader>(descriptor);
}

json::Value MessageDecoder::decode(const void* bytes, size_t size) const {
  if (reader_) return reader_->decode(bytes, size);
  using K = json::Value::Kind;
  json::Value out, n, data;
  out.kind = K::Object;
  n.kind = K::UInt;
  n.u = size;
  data.kind = K::Array;
  data.array.resize(size);
  auto* p = static_cast<const uint8_t*>(bytes);
  for (size_t i = 0; i < size; ++i) {
    data.array[i].kind = K::UInt;
    data.array[i].u = p[i];
  }
  out.object.emplace_back("size", std::move(n));
  out.object.emplace_back("bytes", std::move(data));
  return out;
}

}  // namespace dmxp::cli
