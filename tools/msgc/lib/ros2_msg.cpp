#include "ros2_msg.hpp"

#include "values.hpp"

namespace dmxp::msgc {
namespace {

std::string element_text(const model::Element& e) {
  switch (e.kind) {
    case model::ElemKind::Primitive: return std::string(info(e.prim).name);
    case model::ElemKind::String:
      return e.string_bounded ? "string<=" + std::to_string(e.string_capacity) : std::string("string");
    case model::ElemKind::Message: return e.message->full_name();
  }
  return "?";
}

std::string field_text(const model::Field& f) {
  std::string t = element_text(f.elem);
  switch (f.array) {
    case model::ArrayKind::None: break;
    case model::ArrayKind::Fixed: t += "[" + std::to_string(f.count) + "]"; break;
    case model::ArrayKind::Bounded: t += f.declared_unbounded ? "[]" : "[<=" + std::to_string(f.count) + "]"; break;
  }
  return t;
}

}  // namespace

std::string ros2_msg_definition(const model::Message& m) {
  std::string out;
  for (const model::Constant& c : m.constants) {
    std::string type = c.elem.kind == model::ElemKind::String ? std::string("string") : std::string(info(c.elem.prim).name);
    out += type + " " + c.name + "=" + number_text(c.value) + "\n";  // a string's text as is, unquoted
  }
  for (const model::Field& f : m.fields) out += field_text(f) + " " + f.name + "\n";
  return out;
}

}  // namespace dmxp::msgc
