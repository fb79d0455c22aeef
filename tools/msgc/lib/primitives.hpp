// primitives.hpp - the primitive types of .msg files, one table row each: size (= alignment),
// the C++ type and numpy type code each emitter writes, and the class of literal it takes.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace dmxp::msgc {

enum class Prim : uint8_t {
  Bool, Byte, Char, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64
};

enum class PrimClass : uint8_t { Boolean, Unsigned, Signed, Floating };

struct PrimInfo {
  Prim prim;
  std::string_view name;   // as written in .msg
  uint32_t size;           // bytes; also the alignment
  PrimClass cls;
  std::string_view cpp;    // C++ type
  std::string_view numpy;  // numpy dtype string, little-endian
};

std::span<const PrimInfo> all_primitives();
const PrimInfo* find_primitive(std::string_view name);
const PrimInfo& info(Prim p);
bool is_float(Prim p);
// The fixed-width name of the stored bytes: "uint8" for bool, byte and char, the .msg name
// for the others. Languages without these three (Go types, TypeScript accessors) use it.
std::string_view storage_name(Prim p);

}  // namespace dmxp::msgc
