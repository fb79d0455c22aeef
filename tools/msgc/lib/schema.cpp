#include "schema.hpp"

#include "dmxp/msg/fingerprint.hpp"
#include "literals.hpp"
#include "values.hpp"

namespace dmxp::msgc {

std::string element_text(const model::Element& e) {
  switch (e.kind) {
    case model::ElemKind::Primitive: return std::string(info(e.prim).name);
    case model::ElemKind::String: return "string<=" + std::to_string(e.string_capacity);
    case model::ElemKind::Message: return e.message->full_name();
  }
  return "?";
}

std::string declaration_text(const model::Field& f) {
  std::string t = element_text(f.elem);
  if (f.array == model::ArrayKind::Fixed) t += "[" + std::to_string(f.count) + "]";
  if (f.array == model::ArrayKind::Bounded) t += "[<=" + std::to_string(f.count) + "]";
  return t;
}

std::string schema_body(const model::Message& m) {
  std::string out;
  for (const model::Constant& c : m.constants) {
    std::string value = c.value.kind == model::Value::Kind::String ? quote(c.value.s, Quoting::Json)
                                                                   : number_text(c.value);
    out += (c.elem.kind == model::ElemKind::String ? std::string("string")
                                                   : std::string(info(c.elem.prim).name)) +
           " " + c.name + "=" + value + "\n";
  }
  for (const model::Field& f : m.fields) out += declaration_text(f) + " " + f.name + "\n";
  return out;
}

void compute_schema(model::Message& m) {
  std::string s = "dmxp.msg/1 " + m.full_name() + "\n" + schema_body(m);
  for (const model::Message* d : model::dependencies(m))
    s += "=== " + d->full_name() + "\n" + schema_body(*d);
  m.schema = std::move(s);
  m.fingerprint = dmxp::msg::fingerprint(m.schema);
}

}  // namespace dmxp::msgc
