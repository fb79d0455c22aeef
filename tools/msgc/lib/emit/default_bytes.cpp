#include "default_bytes.hpp"

#include <cstdio>
#include <cstring>

namespace dmxp::msgc {
namespace {

void append_le(std::string& out, uint64_t bits, uint32_t size) {
  for (uint32_t i = 0; i < size; ++i) out += char((bits >> (8 * i)) & 0xFF);
}

// One value of a primitive or string element, as the element's bytes (a string: its uint32
// size, then its bytes; the rest of its storage is zero already).
std::string value_bytes(const model::Value& v, const model::Element& e) {
  std::string out;
  if (e.kind == model::ElemKind::String) {
    append_le(out, v.s.size(), 4);
    return out + v.s;
  }
  const PrimInfo& p = info(e.prim);
  double real = v.kind == model::Value::Kind::Float  ? v.f
                : v.kind == model::Value::Kind::UInt ? double(v.u)
                : v.kind == model::Value::Kind::Bool ? double(v.b)
                                                     : double(v.i);
  if (p.cls == PrimClass::Floating) {
    uint64_t bits = 0;
    if (p.size == 4) {
      float f = float(real);
      uint32_t b32;
      std::memcpy(&b32, &f, 4);
      bits = b32;
    } else {
      std::memcpy(&bits, &real, 8);
    }
    append_le(out, bits, p.size);
    return out;
  }
  uint64_t bits = v.kind == model::Value::Kind::Int    ? uint64_t(v.i)
                  : v.kind == model::Value::Kind::UInt ? v.u
                  : v.kind == model::Value::Kind::Bool ? uint64_t(v.b)
                                                       : uint64_t(int64_t(real));
  append_le(out, bits, p.size);
  return out;
}

void collect(const model::Message& m, uint64_t base, std::vector<DefaultPatch>& out) {
  for (const model::Field& f : m.fields) {
    uint64_t at = base + f.offset;
    if (f.elem.kind == model::ElemKind::Message) {
      // Elements of arrays of messages, bounded ones included, are constructed (C++ does not
      // leave class-type elements alone), so each gets its defaults; so does a nested message.
      uint64_t first = f.array == model::ArrayKind::Bounded ? at + f.data_offset : at;
      uint32_t count = f.array == model::ArrayKind::None ? 1 : f.count;
      for (uint32_t i = 0; i < count; ++i) collect(*f.elem.message, first + i * f.elem.size, out);
      continue;
    }
    if (!f.has_default) continue;
    switch (f.array) {
      case model::ArrayKind::None:
        out.emplace_back(at, value_bytes(f.default_values.at(0), f.elem));
        break;
      case model::ArrayKind::Fixed:
        for (size_t i = 0; i < f.default_values.size(); ++i)
          out.emplace_back(at + i * f.elem.size, value_bytes(f.default_values[i], f.elem));
        break;
      case model::ArrayKind::Bounded: {
        std::string size;
        append_le(size, f.default_values.size(), 4);
        out.emplace_back(at, size);
        for (size_t i = 0; i < f.default_values.size(); ++i)
          out.emplace_back(at + f.data_offset + i * f.elem.size, value_bytes(f.default_values[i], f.elem));
        break;
      }
    }
  }
}

}  // namespace

std::vector<DefaultPatch> default_patches(const model::Message& m) {
  std::vector<DefaultPatch> out;
  collect(m, 0, out);
  return out;
}

std::string hex_escaped(const std::string& bytes) {
  std::string out;
  char hex[5];
  for (unsigned char c : bytes) {
    std::snprintf(hex, sizeof hex, "\\x%02x", c);
    out += hex;
  }
  return out;
}

}  // namespace dmxp::msgc
