// The Rust emitter: one file per type, rust/<pkg>/msg/<Type>.rs, holding a #[repr(C)] struct
// whose bytes are exactly the layout in model.hpp (explicit padding fields), its constants,
// and an implementation of dmxp::MessageType (bindings/rust) with the field table the Rust
// compiler computed (offset_of!). Compile-time assertions fail the build if the compiler's
// layout differs from the generator's.
//
// A file is included inside `pub mod <pkg> { pub mod msg { ... } }`, and names the types of
// other packages as super::super::<pkg>::msg::<Type>, so the tree of generated modules may
// sit anywhere in a crate (docs/bindings.md shows the build.rs that writes it).
// bool fields are u8 (0 or 1): a Rust bool read from shared memory holding 2 would be UB.
#include "../descriptor.hpp"
#include "../values.hpp"
#include "common.hpp"
#include "default_bytes.hpp"
#include "emitter.hpp"

namespace dmxp::msgc {
namespace {

std::string rust_path(const model::Message& m) { return "rust/" + m.package + "/msg/" + m.name + ".rs"; }

std::string prim_type(Prim p) {
  switch (p) {
    case Prim::Bool: case Prim::Byte: case Prim::Char: case Prim::UInt8: return "u8";
    case Prim::Int8: return "i8";
    case Prim::Int16: return "i16";
    case Prim::UInt16: return "u16";
    case Prim::Int32: return "i32";
    case Prim::UInt32: return "u32";
    case Prim::Int64: return "i64";
    case Prim::UInt64: return "u64";
    case Prim::Float32: return "f32";
    case Prim::Float64: return "f64";
  }
  return "?";
}

// A field's name as a Rust identifier: a keyword (rcl_interfaces' `type`) as a raw identifier.
std::string rust_ident(const std::string& name) {
  static const char* const kKeywords[] = {
      "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do",
      "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "if", "impl", "in", "let",
      "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
      "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
      "virtual", "where", "while", "yield"};
  for (const char* k : kKeywords)
    if (name == k) return "r#" + name;
  return name;
}

std::string type_path(const model::Message& m) { return "super::super::" + m.package + "::msg::" + m.name; }

std::string element_type(const model::Element& e) {
  switch (e.kind) {
    case model::ElemKind::Primitive: return prim_type(e.prim);
    case model::ElemKind::String: return "::dmxp::BoundedString<" + std::to_string(e.string_capacity) + ">";
    case model::ElemKind::Message: return type_path(*e.message);
  }
  return "?";
}

std::string field_type(const model::Field& f) {
  std::string el = element_type(f.elem), n = std::to_string(f.count);
  switch (f.array) {
    case model::ArrayKind::None: return el;
    case model::ArrayKind::Fixed: return "[" + el + "; " + n + "]";
    case model::ArrayKind::Bounded: return "::dmxp::BoundedSeq<" + el + ", " + n + ">";
  }
  return "?";
}

// A Rust string literal: quotes, backslashes and control characters escaped; other UTF-8
// passes through (Rust source is UTF-8).
std::string rust_quote(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') out += std::string("\\") + char(c);
    else if (c == '\n') out += "\\n";
    else if (c < 0x20 || c == 0x7f) {
      char buf[12];
      std::snprintf(buf, sizeof buf, "\\u{%x}", c);
      out += buf;
    } else out += char(c);
  }
  return out + "\"";
}

std::string constant(const model::Constant& c) {
  std::string doc = c.doc.empty() ? "" : prefixed_lines(c.doc, "    /// ");
  if (c.elem.kind == model::ElemKind::String)
    return doc + "    pub const " + c.name + ": &'static str = " + rust_quote(c.value.s) + ";\n";
  std::string type = c.elem.prim == Prim::Bool ? "bool" : prim_type(c.elem.prim);
  return doc + "    pub const " + c.name + ": " + type + " = " + number_text(c.value) + ";\n";
}

std::string fields(const model::Message& m) {
  std::string out;
  size_t pad = 0;
  for (size_t i = 0; i <= m.fields.size(); ++i) {
    for (; pad < m.padding.size() && m.padding[pad].before == i; ++pad)
      out += "    pub _pad" + std::to_string(pad) + ": [u8; " + std::to_string(m.padding[pad].size) +
             "], // offset " + std::to_string(m.padding[pad].offset) + "\n";
    if (i == m.fields.size()) break;
    const model::Field& f = m.fields[i];
    if (!f.doc.empty()) out += prefixed_lines(f.doc, "    /// ");
    out += "    pub " + rust_ident(f.name) + ": " + field_type(f) + ", // offset " + std::to_string(f.offset) + "\n";
  }
  return out;
}

std::string message_type_impl(const model::Message& m) {
  std::string s = "unsafe impl ::dmxp::MessageType for " + m.name + " {\n";
  s += "    const TYPE_NAME: &'static str = \"" + m.full_name() + "\";\n";
  s += "    const FINGERPRINT: u64 = " + fingerprint_hex(m.fingerprint) + ";\n";
  s += "    const DESCRIPTOR: &'static str = " + rust_quote(descriptor_json(m)) + ";\n";
  s += "    const DEFAULTS: &'static [(usize, &'static [u8])] = &[";
  for (const DefaultPatch& p : default_patches(m))
    s += "(" + std::to_string(p.first) + ", b\"" + hex_escaped(p.second) + "\"), ";
  s += "];\n";
  s += "    const FIELDS: &'static [::dmxp::FieldInfo] = &[\n";
  for (const model::Field& f : m.fields)
    s += "        ::dmxp::FieldInfo { name: \"" + f.name + "\", offset: ::core::mem::offset_of!(" + m.name + ", " +
         rust_ident(f.name) + "), size: ::core::mem::size_of::<" + field_type(f) + ">() },\n";
  return s + "    ];\n}\n";
}

std::string checks(const model::Message& m) {
  std::string s = "// The Rust compiler's layout must be the generator's (docs/messages.md, \"Layout\").\n";
  s += "const _: () = {\n";
  s += "    assert!(::core::mem::size_of::<" + m.name + ">() == " + std::to_string(m.size) + ");\n";
  s += "    assert!(::core::mem::align_of::<" + m.name + ">() == " + std::to_string(m.align) + ");\n";
  for (const model::Field& f : m.fields)
    s += "    assert!(::core::mem::offset_of!(" + m.name + ", " + rust_ident(f.name) + ") == " + std::to_string(f.offset) +
         " && ::core::mem::size_of::<" + field_type(f) + ">() == " + std::to_string(f.size) + ");\n";
  return s + "};\n";
}

std::string file(const model::Message& m) {
  std::string s = "// " + generated_note(m) + "\n\n";
  if (!m.doc.empty()) s += prefixed_lines(m.doc, "/// ") + "///\n";
  s += "/// " + m.full_name() + ": " + std::to_string(m.size) + " bytes, alignment " + std::to_string(m.align) +
       ", little-endian.\n///\n/// ```text\n" + prefixed_lines(layout_table(m), "/// ") + "/// ```\n";
  s += "#[repr(C)]\n#[derive(Clone, Copy, Debug)]\n#[allow(non_snake_case)]\npub struct " + m.name + " {\n" +
       fields(m) + "}\n\n";
  if (!m.constants.empty()) {
    s += "#[allow(non_upper_case_globals)]\nimpl " + m.name + " {\n";
    for (const model::Constant& c : m.constants) s += constant(c);
    s += "}\n\n";
  }
  s += "/// The .msg defaults (nested messages' too), every other byte zero: the C++ " + m.package +
       "::" + m.folder + "::" + m.name + "().\nimpl ::core::default::Default for " + m.name +
       " {\n    fn default() -> Self {\n        <Self as ::dmxp::MessageType>::with_defaults()\n    }\n}\n\n";
  return s + message_type_impl(m) + "\n" + checks(m);
}

std::vector<std::string> outputs(const model::Message& m) { return {rust_path(m)}; }

std::vector<GeneratedFile> emit(const model::Message& m) { return {{rust_path(m), file(m)}}; }

}  // namespace

extern const Emitter kRustEmitter{"rust", "Rust: #[repr(C)] structs for the dmxp crate (rust/<pkg>/msg/<Type>.rs)",
                                  outputs, emit};

}  // namespace dmxp::msgc
