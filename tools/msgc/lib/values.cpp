#include "values.hpp"

#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "literals.hpp"

namespace dmxp::msgc {
namespace {

struct Range {
  int64_t min;
  uint64_t max;
};

Range range_of(Prim p) {
  switch (info(p).size) {
    case 1: return info(p).cls == PrimClass::Signed ? Range{INT8_MIN, INT8_MAX} : Range{0, UINT8_MAX};
    case 2: return info(p).cls == PrimClass::Signed ? Range{INT16_MIN, INT16_MAX} : Range{0, UINT16_MAX};
    case 4: return info(p).cls == PrimClass::Signed ? Range{INT32_MIN, INT32_MAX} : Range{0, UINT32_MAX};
    default: return info(p).cls == PrimClass::Signed ? Range{INT64_MIN, INT64_MAX} : Range{0, UINT64_MAX};
  }
}

std::string bad(const ast::Literal& lit, const std::string& type, const std::string& expected) {
  return "invalid value '" + lit.text + "' for " + type + ", expected " + expected;
}

std::optional<model::Value> integer(const ast::Literal& lit, Prim p, Diagnostics& diags) {
  const PrimInfo& pi = info(p);
  Range r = range_of(p);
  std::string range = std::to_string(r.min) + ".." + std::to_string(r.max);
  std::string_view digits = lit.text;
  bool negative = !digits.empty() && digits.front() == '-';
  if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) digits.remove_prefix(1);
  auto mag = lit.kind == Tok::Integer ? parse_uint(digits) : std::nullopt;
  if (!mag) {
    diags.error(lit.loc, bad(lit, std::string(pi.name), "an integer in " + range));
    return std::nullopt;
  }
  // The value as a signed number when negative (-2^63 is the lowest any type takes).
  bool fits;
  int64_t negative_value = 0;
  if (negative && *mag != 0) {
    fits = pi.cls == PrimClass::Signed && *mag <= uint64_t(INT64_MAX) + 1;
    if (fits) negative_value = *mag == uint64_t(INT64_MAX) + 1 ? INT64_MIN : -int64_t(*mag);
    fits = fits && negative_value >= r.min;
  } else {
    fits = *mag <= r.max;
  }
  if (!fits) {
    diags.error(lit.loc, lit.text + " is out of range for " + std::string(pi.name) + ", expected " + range);
    return std::nullopt;
  }
  model::Value v;
  if (pi.cls == PrimClass::Signed) {
    v.kind = model::Value::Kind::Int;
    v.i = negative ? negative_value : int64_t(*mag);
  } else {
    v.kind = model::Value::Kind::UInt;
    v.u = *mag;
  }
  return v;
}

std::optional<model::Value> floating(const ast::Literal& lit, Prim p, Diagnostics& diags) {
  const char* name = p == Prim::Float32 ? "float32" : "float64";
  if (lit.kind != Tok::Integer && lit.kind != Tok::Float) {
    diags.error(lit.loc, bad(lit, name, "a finite number such as 1.5 or -2e-3"));
    return std::nullopt;
  }
  std::string text = lit.text;
  if (lit.kind == Tok::Integer && (text.find("0x") != std::string::npos || text.find("0X") != std::string::npos)) {
    diags.error(lit.loc, bad(lit, name, "a decimal number"));
    return std::nullopt;
  }
  errno = 0;
  char* end = nullptr;
  double d = std::strtod(text.c_str(), &end);
  double limit = p == Prim::Float32 ? double(FLT_MAX) : DBL_MAX;
  if (end != text.c_str() + text.size() || !std::isfinite(d) || std::fabs(d) > limit) {
    diags.error(lit.loc, lit.text + " is out of range for " + name + ", expected a finite number "
                         "of magnitude at most " + (p == Prim::Float32 ? "3.4e38" : "1.8e308"));
    return std::nullopt;
  }
  model::Value v;
  v.kind = model::Value::Kind::Float;
  v.f = p == Prim::Float32 ? double(float(d)) : d;
  return v;
}

std::optional<model::Value> boolean(const ast::Literal& lit, Diagnostics& diags) {
  model::Value v;
  v.kind = model::Value::Kind::Bool;
  const std::string& t = lit.text;
  if (lit.kind != Tok::String && (t == "true" || t == "True" || t == "1")) { v.b = true; return v; }
  if (lit.kind != Tok::String && (t == "false" || t == "False" || t == "0")) { v.b = false; return v; }
  diags.error(lit.loc, bad(lit, "bool", "true, false, 1 or 0"));
  return std::nullopt;
}

}  // namespace

std::optional<model::Value> evaluate(const ast::Literal& lit, const model::Element& e,
                                     Diagnostics& diags) {
  if (e.kind == model::ElemKind::String) {
    if (lit.kind != Tok::String && lit.kind != Tok::Ident) {
      diags.error(lit.loc, bad(lit, "string", "a quoted string (\"text\")"));
      return std::nullopt;
    }
    if (lit.text.size() > e.string_capacity) {
      diags.error(lit.loc, "string value of " + std::to_string(lit.text.size()) +
                               " bytes exceeds the capacity of " +
                               std::to_string(e.string_capacity) + ", expected at most that");
      return std::nullopt;
    }
    model::Value v;
    v.kind = model::Value::Kind::String;
    v.s = lit.text;
    return v;
  }
  if (lit.kind == Tok::String) {
    diags.error(lit.loc, bad(lit, std::string(info(e.prim).name), "a number, not a quoted string"));
    return std::nullopt;
  }
  switch (info(e.prim).cls) {
    case PrimClass::Boolean: return boolean(lit, diags);
    case PrimClass::Floating: return floating(lit, e.prim, diags);
    default: return integer(lit, e.prim, diags);
  }
}

std::string number_text(const model::Value& v) {
  switch (v.kind) {
    case model::Value::Kind::Bool: return v.b ? "true" : "false";
    case model::Value::Kind::Int: return std::to_string(v.i);
    case model::Value::Kind::UInt: return std::to_string(v.u);
    case model::Value::Kind::String: return v.s;
    case model::Value::Kind::Float: break;
  }
  char buf[64];
  for (int digits = 1; digits <= 17; ++digits) {  // the shortest text that reads back exactly
    std::snprintf(buf, sizeof buf, "%.*g", digits, v.f);
    if (std::strtod(buf, nullptr) == v.f) break;
  }
  std::string s = buf;
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

}  // namespace dmxp::msgc
