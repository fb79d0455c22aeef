#include "decode/generic_reader.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace dmxp::cli {
namespace {

constexpr int kMaxDepth = 64;  // deeper nesting than any real type: a cyclic descriptor

// Throws unless [at, at + n) lies inside the message.
void check_range(size_t size, uint64_t at, uint64_t n) {
  if (at > size || n > size - at)
    throw std::runtime_error("descriptor points at bytes " + std::to_string(at) + ".." +
                             std::to_string(at + n) + ", outside the " + std::to_string(size) +
                             "-byte message");
}

template <class T>
T load(const unsigned char* begin, size_t size, uint64_t at) {
  check_range(size, at, sizeof(T));
  T v;
  std::memcpy(&v, begin + at, sizeof v);  // little-endian host (the layout's byte order)
  return v;
}

}  // namespace

GenericReader::GenericReader(std::string_view d) : desc_(json::parse(d)) {
  if (!desc_.has("format") || desc_["format"].str() != "dmxp.msg.layout/1")
    throw std::runtime_error("not a dmxp.msg.layout/1 descriptor");
}

json::Value GenericReader::decode(const void* bytes, size_t size) const {
  if (size < desc_["size"].as_u64())
    throw std::runtime_error("message of " + std::to_string(size) + " bytes is shorter than its type (" +
                             std::to_string(desc_["size"].as_u64()) + " bytes)");
  auto* p = static_cast<const unsigned char*>(bytes);
  return message(desc_, Span{p, p + size}, 0, 0);
}

const json::Value& GenericReader::type_named(const std::string& name) const {
  return desc_["types"][name];
}

json::Value GenericReader::text(Span all, uint64_t len_at, uint64_t data_at, uint64_t capacity) const {
  size_t size = size_t(all.end - all.begin);
  json::Value v;
  v.kind = json::Value::Kind::String;
  uint64_t n = std::min<uint64_t>(load<uint32_t>(all.begin, size, len_at), capacity);
  check_range(size, data_at, n);
  v.s.assign(reinterpret_cast<const char*>(all.begin + data_at), n);
  return v;
}

json::Value GenericReader::scalar(const std::string& t, Span all, uint64_t at) const {
  size_t size = size_t(all.end - all.begin);
  const unsigned char* b = all.begin;
  json::Value v;
  using K = json::Value::Kind;
  auto sint = [&](int64_t x) { v.kind = K::Int; v.i = x; };
  auto uint = [&](uint64_t x) { v.kind = K::UInt; v.u = x; };
  if (t == "bool") { v.kind = K::Bool; v.b = load<uint8_t>(b, size, at) != 0; }
  else if (t == "byte" || t == "char" || t == "uint8") uint(load<uint8_t>(b, size, at));
  else if (t == "uint16") uint(load<uint16_t>(b, size, at));
  else if (t == "uint32") uint(load<uint32_t>(b, size, at));
  else if (t == "uint64") uint(load<uint64_t>(b, size, at));
  else if (t == "int8") sint(load<int8_t>(b, size, at));
  else if (t == "int16") sint(load<int16_t>(b, size, at));
  else if (t == "int32") sint(load<int32_t>(b, size, at));
  else if (t == "int64") sint(load<int64_t>(b, size, at));
  else if (t == "float32") { v.kind = K::Double; v.d = load<float>(b, size, at); }
  else if (t == "float64") { v.kind = K::Double; v.d = load<double>(b, size, at); }
  else throw std::runtime_error("unknown scalar type " + t);
  return v;
}

json::Value GenericReader::element(const json::Value& e, Span all, uint64_t at, int depth) const {
  const std::string& kind = e["kind"].str();
  if (kind == "scalar") return scalar(e["type"].str(), all, at);
  if (kind == "string")
    return text(all, at + e["length_offset"].as_u64(), at + e["data_offset"].as_u64(),
                e["capacity"].as_u64());
  return message(type_named(e["type"].str()), all, at, depth + 1);
}

json::Value GenericReader::message(const json::Value& type, Span all, uint64_t base, int depth) const {
  if (depth > kMaxDepth) throw std::runtime_error("descriptor nests types deeper than 64 levels");
  size_t size = size_t(all.end - all.begin);
  json::Value out;
  out.kind = json::Value::Kind::Object;
  for (const json::Value& f : type["fields"].array) {
    const std::string& kind = f["kind"].str();
    uint64_t at = base + f["offset"].as_u64();
    json::Value v;
    if (kind == "scalar") {
      v = scalar(f["type"].str(), all, at);
    } else if (kind == "string") {
      v = text(all, base + f["length_offset"].as_u64(), base + f["data_offset"].as_u64(),
               f["capacity"].as_u64());
    } else if (kind == "nested") {
      v = message(type_named(f["type"].str()), all, at, depth + 1);
    } else {
      const json::Value& e = f["element"];
      uint64_t n = kind == "array"
                       ? f["count"].as_u64()
                       : std::min<uint64_t>(load<uint32_t>(all.begin, size, base + f["length_offset"].as_u64()),
                                            f["capacity"].as_u64());
      uint64_t data = base + f["data_offset"].as_u64(), stride = e["size"].as_u64();
      if (n && (stride == 0 || n > size / stride)) check_range(size, data, n * std::max<uint64_t>(stride, 1));
      v.kind = json::Value::Kind::Array;
      v.array.reserve(n);
      for (uint64_t i = 0; i < n; ++i) v.array.push_back(element(e, all, data + i * stride, depth));
    }
    out.object.emplace_back(f["name"].str(), std::move(v));
  }
  return out;
}

}  // namespace dmxp::cli
