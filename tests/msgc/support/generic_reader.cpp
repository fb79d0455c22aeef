#include "generic_reader.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace msgc_test {
namespace {

template <class T>
T load(const unsigned char* at) {
  T v;
  std::memcpy(&v, at, sizeof v);  // little-endian host (the layout's byte order)
  return v;
}

json::Value text(const unsigned char* len_at, const unsigned char* data_at, uint64_t capacity) {
  json::Value v;
  v.kind = json::Value::Kind::String;
  uint64_t n = std::min<uint64_t>(load<uint32_t>(len_at), capacity);
  v.s.assign(reinterpret_cast<const char*>(data_at), n);
  return v;
}

}  // namespace

GenericReader::GenericReader(std::string_view d) : desc_(json::parse(d)) {
  if (desc_["format"].str() != "dmxp.msg.layout/1") throw std::runtime_error("unknown descriptor format");
}

json::Value GenericReader::decode(const void* bytes, size_t size) const {
  if (size < desc_["size"].as_u64()) throw std::runtime_error("message shorter than its type");
  return message(desc_, static_cast<const unsigned char*>(bytes));
}

const json::Value& GenericReader::type_named(const std::string& name) const {
  return desc_["types"][name];
}

json::Value GenericReader::scalar(const std::string& t, const unsigned char* at) const {
  json::Value v;
  using K = json::Value::Kind;
  auto sint = [&](int64_t x) { v.kind = K::Int; v.i = x; };
  auto uint = [&](uint64_t x) { v.kind = K::UInt; v.u = x; };
  if (t == "bool") { v.kind = K::Bool; v.b = load<uint8_t>(at) != 0; }
  else if (t == "byte" || t == "char" || t == "uint8") uint(load<uint8_t>(at));
  else if (t == "uint16") uint(load<uint16_t>(at));
  else if (t == "uint32") uint(load<uint32_t>(at));
  else if (t == "uint64") uint(load<uint64_t>(at));
  else if (t == "int8") sint(load<int8_t>(at));
  else if (t == "int16") sint(load<int16_t>(at));
  else if (t == "int32") sint(load<int32_t>(at));
  else if (t == "int64") sint(load<int64_t>(at));
  else if (t == "float32") { v.kind = K::Double; v.d = load<float>(at); }
  else if (t == "float64") { v.kind = K::Double; v.d = load<double>(at); }
  else throw std::runtime_error("unknown scalar type " + t);
  return v;
}

json::Value GenericReader::element(const json::Value& e, const unsigned char* at) const {
  const std::string& kind = e["kind"].str();
  if (kind == "scalar") return scalar(e["type"].str(), at);
  if (kind == "string") return text(at + e["length_offset"].as_u64(), at + e["data_offset"].as_u64(), e["capacity"].as_u64());
  return message(type_named(e["type"].str()), at);
}

json::Value GenericReader::message(const json::Value& type, const unsigned char* base) const {
  json::Value out;
  out.kind = json::Value::Kind::Object;
  for (const json::Value& f : type["fields"].array) {
    const std::string& kind = f["kind"].str();
    const unsigned char* at = base + f["offset"].as_u64();
    json::Value v;
    if (kind == "scalar") {
      v = scalar(f["type"].str(), at);
    } else if (kind == "string") {
      v = text(base + f["length_offset"].as_u64(), base + f["data_offset"].as_u64(), f["capacity"].as_u64());
    } else if (kind == "nested") {
      v = message(type_named(f["type"].str()), at);
    } else {
      const json::Value& e = f["element"];
      uint64_t n = kind == "array" ? f["count"].as_u64()
                                   : std::min<uint64_t>(load<uint32_t>(base + f["length_offset"].as_u64()),
                                                        f["capacity"].as_u64());
      const unsigned char* data = base + f["data_offset"].as_u64();
      v.kind = json::Value::Kind::Array;
      for (uint64_t i = 0; i < n; ++i) v.array.push_back(element(e, data + i * e["size"].as_u64()));
    }
    out.object.emplace_back(f["name"].str(), std::move(v));
  }
  return out;
}

}  // namespace msgc_test
