#include "ros2_definition.hpp"

#include "literals.hpp"
#include "values.hpp"

namespace dmxp::msgc {
namespace {

std::string element_ros2(const model::Element& e) {
  switch (e.kind) {
    case model::ElemKind::Primitive: return std::string(info(e.prim).name);
    case model::ElemKind::String:
      return e.string_bounded ? "string<=" + std::to_string(e.string_capacity) : "string";
    case model::ElemKind::Message: return e.message->package + "/" + e.message->name;
  }
  return "?";
}

std::string declaration_ros2(const model::Field& f) {
  std::string t = element_ros2(f.elem);
  switch (f.array) {
    case model::ArrayKind::None: break;
    case model::ArrayKind::Fixed: t += "[" + std::to_string(f.count) + "]"; break;
    case model::ArrayKind::Bounded:
      t += f.declared_unbounded ? "[]" : "[<=" + std::to_string(f.count) + "]";
      break;
  }
  return t;
}

// The .msg lines of one type: constants, then fields.
std::string body(const model::Message& m) {
  std::string out;
  for (const model::Constant& c : m.constants) {
    bool is_string = c.elem.kind == model::ElemKind::String;
    // ROS 2 reads a string constant's value quoted (single or double quotes, escapes inside).
    std::string value = is_string ? quote(c.value.s, Quoting::Json) : number_text(c.value);
    out += (is_string ? std::string("string") : std::string(info(c.elem.prim).name)) + " " +
           c.name + "=" + value + "\n";
  }
  for (const model::Field& f : m.fields) out += declaration_ros2(f) + " " + f.name + "\n";
  return out;
}

}  // namespace

std::string ros2msg_definition(const model::Message& m) {
  std::string s = body(m);
  for (const model::Message* d : model::dependencies(m))
    s += std::string(80, '=') + "\nMSG: " + d->package + "/" + d->name + "\n" + body(*d);
  return s;
}

}  // namespace dmxp::msgc
