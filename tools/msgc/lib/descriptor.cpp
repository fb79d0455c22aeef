#include "descriptor.hpp"

#include <cstdio>

#include "literals.hpp"
#include "ros2_msg.hpp"
#include "schema.hpp"
#include "type_hash.hpp"
#include "values.hpp"

namespace dmxp::msgc {
namespace {

std::string str(std::string_view s) { return quote(s, Quoting::Json); }
std::string num(uint64_t n) { return std::to_string(n); }

const char* elem_kind(const model::Element& e) {
  switch (e.kind) {
    case model::ElemKind::Primitive: return "scalar";
    case model::ElemKind::String: return "string";
    case model::ElemKind::Message: return "nested";
  }
  return "?";
}

std::string elem_type(const model::Element& e) {
  switch (e.kind) {
    case model::ElemKind::Primitive: return std::string(info(e.prim).name);
    case model::ElemKind::String: return "string";
    case model::ElemKind::Message: return e.message->full_name();
  }
  return "?";
}

// An element of an array: offsets are from the element's first byte.
std::string element_object(const model::Element& e) {
  std::string s = "{\"kind\": " + str(elem_kind(e)) + ", \"type\": " + str(elem_type(e)) +
                  ", \"size\": " + num(e.size);
  if (e.kind == model::ElemKind::String)
    s += ", \"capacity\": " + num(e.string_capacity) + ", \"length_offset\": 0, \"data_offset\": 4";
  return s + "}";
}

// A field: offsets are from the first byte of the message that holds it.
std::string field_object(const model::Field& f) {
  std::string s = "{\"name\": " + str(f.name);
  const char* kind = f.array == model::ArrayKind::Fixed     ? "array"
                     : f.array == model::ArrayKind::Bounded ? "bounded_array"
                                                            : elem_kind(f.elem);
  s += ", \"kind\": " + str(kind) + ", \"type\": " + str(elem_type(f.elem)) +
       ", \"declared\": " + str(declaration_text(f)) + ", \"offset\": " + num(f.offset) +
       ", \"size\": " + num(f.size);
  switch (f.array) {
    case model::ArrayKind::None:
      if (f.elem.kind == model::ElemKind::String)
        s += ", \"capacity\": " + num(f.elem.string_capacity) + ", \"length_offset\": " +
             num(f.offset) + ", \"data_offset\": " + num(f.offset + f.data_offset);
      break;
    case model::ArrayKind::Fixed:
      s += ", \"count\": " + num(f.count) + ", \"data_offset\": " + num(f.offset) +
           ", \"element\": " + element_object(f.elem);
      break;
    case model::ArrayKind::Bounded:
      s += ", \"capacity\": " + num(f.count) + ", \"length_offset\": " + num(f.offset) +
           ", \"data_offset\": " + num(f.offset + f.data_offset) +
           ", \"element\": " + element_object(f.elem);
      break;
  }
  return s + "}";
}

std::string constant_object(const model::Constant& c) {
  bool is_string = c.elem.kind == model::ElemKind::String;
  return "{\"name\": " + str(c.name) + ", \"type\": " +
         str(is_string ? "string" : std::string(info(c.elem.prim).name)) + ", \"value\": " +
         (is_string ? str(c.value.s) : number_text(c.value)) + "}";
}

// "fingerprint", "size", "align", "fields" and "constants" of one type, no braces.
std::string body(const model::Message& m, const std::string& indent) {
  std::string s = "\"fingerprint\": " + str(fingerprint_hex(m.fingerprint)) + ", \"size\": " +
                  num(m.size) + ", \"align\": " + num(m.align) + ",\n" + indent + "\"fields\": [";
  for (size_t i = 0; i < m.fields.size(); ++i)
    s += (i ? ",\n" : "\n") + indent + "  " + field_object(m.fields[i]);
  s += m.fields.empty() ? "],\n" : "\n" + indent + "],\n";
  s += indent + "\"constants\": [";
  for (size_t i = 0; i < m.constants.size(); ++i)
    s += (i ? ",\n" : "\n") + indent + "  " + constant_object(m.constants[i]);
  s += m.constants.empty() ? "]" : "\n" + indent + "]";
  // The .msg text ROS 2 tools decode CDR by (MCAP ros2msg schemas): `dmxp record` joins the
  // type's and its dependencies' texts.
  s += ",\n" + indent + "\"ros2_msg\": " + str(ros2_msg_definition(m));
  return s;
}

}  // namespace

std::string fingerprint_hex(uint64_t fp) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%016llx", (unsigned long long)fp);
  return buf;
}

std::string descriptor_json(const model::Message& m) {
  std::string s = "{\"format\": " + str(kDescriptorFormat) + ", \"type\": " + str(m.full_name()) +
                  ", \"endian\": \"little\",\n\"ros2_type_name\": " + str(ros2_type_name(m)) +
                  ", \"ros2_type_hash\": " + str(ros2_type_hash(m)) + ",\n" + body(m, "") +
                  ",\n\"types\": {";
  auto deps = model::dependencies(m);
  for (size_t i = 0; i < deps.size(); ++i)
    s += (i ? ",\n" : "\n") + str(deps[i]->full_name()) + ": {" + body(*deps[i], "  ") + "}";
  s += deps.empty() ? "},\n" : "\n},\n";
  s += "\"schema\": " + str(m.schema) + "}\n";
  return s;
}

}  // namespace dmxp::msgc
