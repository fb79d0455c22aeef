#include "cpp_names.hpp"

#include "../literals.hpp"
#include "../values.hpp"

namespace dmxp::msgc::cpp {

std::string header_path(const model::Message& m) {
  return m.package + "/" + m.folder + "/" + m.name + ".hpp";
}

std::string qualified_name(const model::Message& m) {
  return "::" + m.package + "::" + m.folder + "::" + m.name;
}

std::string service_header_path(const model::Message& part) {
  return part.package + "/" + part.folder + "/" + part.service + ".hpp";
}

std::string action_header_path(const model::Message& part) {
  return part.package + "/action/" + part.action + ".hpp";
}

std::string element_type(const model::Element& e) {
  switch (e.kind) {
    case model::ElemKind::Primitive: return std::string(info(e.prim).cpp);
    case model::ElemKind::String:
      return "::dmxp::msg::BoundedString<" + std::to_string(e.string_capacity) + ">";
    case model::ElemKind::Message: return qualified_name(*e.message);
  }
  return "?";
}

std::string field_type(const model::Field& f) {
  std::string n = std::to_string(f.count);
  switch (f.array) {
    case model::ArrayKind::None: return element_type(f.elem);
    case model::ArrayKind::Fixed: return "std::array<" + element_type(f.elem) + ", " + n + ">";
    case model::ArrayKind::Bounded:
      return "::dmxp::msg::BoundedSequence<" + element_type(f.elem) + ", " + n + ">";
  }
  return "?";
}

std::string literal(const model::Value& v, const model::Element& e) {
  switch (v.kind) {
    case model::Value::Kind::String:
      return "std::string_view(" + quote(v.s, Quoting::Cpp) + ", " + std::to_string(v.s.size()) + ")";
    case model::Value::Kind::Int:
      if (v.i == INT64_MIN) return "(-9223372036854775807LL - 1)";
      return number_text(v) + (info(e.prim).size == 8 ? "LL" : "");
    case model::Value::Kind::UInt: return number_text(v) + (info(e.prim).size == 8 ? "ULL" : "U");
    case model::Value::Kind::Float: return number_text(v) + (e.prim == Prim::Float32 ? "f" : "");
    case model::Value::Kind::Bool: return v.b ? "true" : "false";
  }
  return "?";
}

}  // namespace dmxp::msgc::cpp
