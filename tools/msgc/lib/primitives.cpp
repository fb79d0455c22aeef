#include "primitives.hpp"

namespace dmxp::msgc {
namespace {

// byte and char are both one unsigned byte (as in ROS 2; ROS 1's deprecated byte was int8,
// with the same layout).
constexpr PrimInfo kTable[] = {
    {Prim::Bool, "bool", 1, PrimClass::Boolean, "bool", "?"},
    {Prim::Byte, "byte", 1, PrimClass::Unsigned, "std::uint8_t", "u1"},
    {Prim::Char, "char", 1, PrimClass::Unsigned, "std::uint8_t", "u1"},
    {Prim::Int8, "int8", 1, PrimClass::Signed, "std::int8_t", "i1"},
    {Prim::UInt8, "uint8", 1, PrimClass::Unsigned, "std::uint8_t", "u1"},
    {Prim::Int16, "int16", 2, PrimClass::Signed, "std::int16_t", "<i2"},
    {Prim::UInt16, "uint16", 2, PrimClass::Unsigned, "std::uint16_t", "<u2"},
    {Prim::Int32, "int32", 4, PrimClass::Signed, "std::int32_t", "<i4"},
    {Prim::UInt32, "uint32", 4, PrimClass::Unsigned, "std::uint32_t", "<u4"},
    {Prim::Int64, "int64", 8, PrimClass::Signed, "std::int64_t", "<i8"},
    {Prim::UInt64, "uint64", 8, PrimClass::Unsigned, "std::uint64_t", "<u8"},
    {Prim::Float32, "float32", 4, PrimClass::Floating, "float", "<f4"},
    {Prim::Float64, "float64", 8, PrimClass::Floating, "double", "<f8"},
};

}  // namespace

std::span<const PrimInfo> all_primitives() { return kTable; }

const PrimInfo* find_primitive(std::string_view name) {
  for (const PrimInfo& p : kTable)
    if (p.name == name) return &p;
  return nullptr;
}

const PrimInfo& info(Prim p) { return kTable[size_t(p)]; }

bool is_float(Prim p) { return info(p).cls == PrimClass::Floating; }

std::string_view storage_name(Prim p) {
  return p == Prim::Bool || p == Prim::Byte || p == Prim::Char ? "uint8" : info(p).name;
}

}  // namespace dmxp::msgc
