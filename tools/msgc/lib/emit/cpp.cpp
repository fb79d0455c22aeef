// The C++ emitter: one header per type, <pkg>/msg/<Type>.hpp (<pkg>/srv/<Type>.hpp for the
// parts of a service, plus the service's own header; <pkg>/action/<Type>.hpp for the types of
// an action, plus its services' and the action's own header, cpp_action.hpp), holding a
// standard-layout, trivially copyable struct <pkg>::msg::<Type> whose bytes are exactly the layout in
// model.hpp (explicit padding members, static_asserts on size, alignment and every offset),
// its constants, its defaults (default member initializers), kTypeName, kFingerprint,
// kSchema and kDescriptor, Eigen accessors (cpp_eigen.hpp) and a Reflect<> table.
#include <set>

#include "../descriptor.hpp"
#include "../literals.hpp"
#include "../type_hash.hpp"
#include "common.hpp"
#include "cpp_action.hpp"
#include "cpp_eigen.hpp"
#include "cpp_names.hpp"
#include "emitter.hpp"

namespace dmxp::msgc {
namespace {

std::string cpp_path(const model::Message& m) { return "cpp/" + cpp::header_path(m); }

// text as adjacent string literals, one per line of text, so long texts stay readable.
std::string literal_lines(const std::string& text, const std::string& indent) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    end = end == std::string::npos ? text.size() : end + 1;
    out += "\n" + indent + quote(text.substr(start, end - start), Quoting::Cpp);
    start = end;
  }
  return out.empty() ? "\"\"" : out;
}

std::string initializer(const model::Field& f) {
  if (!f.has_default) return "{}";
  std::string items;
  for (const model::Value& v : f.default_values)
    items += (items.empty() ? "" : ", ") + cpp::literal(v, f.elem);
  if (f.array == model::ArrayKind::Fixed) return "{{" + items + "}}";
  return "{" + items + "}";
}

// Members that take SkipInit: bounded storage and nested messages, unless given a default.
bool skips(const model::Field& f) {
  if (f.has_default || f.array == model::ArrayKind::Fixed) return false;
  return f.array == model::ArrayKind::Bounded || f.elem.kind != model::ElemKind::Primitive;
}

std::string includes(const model::Message& m) {
  std::set<std::string> headers;
  for (const model::Message* u : m.uses) headers.insert(cpp::header_path(*u));
  std::string out = "#include <dmxp/msg/support.hpp>\n";
  for (const std::string& h : headers) out += "#include <" + h + ">\n";
  return out;
}

std::string constants(const model::Message& m) {
  std::string out;
  for (const model::Constant& c : m.constants) {
    if (!c.doc.empty()) out += prefixed_lines(c.doc, "  /// ");
    std::string type = c.elem.kind == model::ElemKind::String ? "std::string_view"
                                                               : std::string(info(c.elem.prim).cpp);
    out += "  static constexpr " + type + " " + c.name + " = " + cpp::literal(c.value, c.elem) + ";\n";
  }
  return out.empty() ? out : out + "\n";
}

std::string members(const model::Message& m) {
  std::string out;
  size_t pad = 0;
  for (size_t i = 0; i <= m.fields.size(); ++i) {
    for (; pad < m.padding.size() && m.padding[pad].before == i; ++pad)
      out += "  std::uint8_t _pad" + std::to_string(pad) + "[" + std::to_string(m.padding[pad].size) +
             "]{};  // offset " + std::to_string(m.padding[pad].offset) +
             (m.fields.empty() ? ": an empty message still takes one byte\n" : ": padding\n");
    if (i == m.fields.size()) break;
    const model::Field& f = m.fields[i];
    if (!f.doc.empty()) out += prefixed_lines(f.doc, "  /// ");
    out += "  " + cpp::field_type(f) + " " + f.name + initializer(f) + ";  // offset " +
           std::to_string(f.offset) + "\n";
  }
  return out;
}

std::string constructors(const model::Message& m) {
  std::string inits;
  for (const model::Field& f : m.fields)
    if (skips(f)) inits += std::string(inits.empty() ? " : " : ", ") + f.name + "(s)";
  return "  // Zeroes every byte, then applies the defaults.\n"
         "  " + m.name + "() = default;\n"
         "  // The same, except that the storage of bounded strings and sequences (and of those\n"
         "  // in nested messages) is left as it is: for building a large message in a slot.\n"
         "  explicit " + m.name + "([[maybe_unused]] ::dmxp::msg::SkipInit s) noexcept" + inits + " {}\n";
}

std::string checks(const model::Message& m) {
  std::string q = cpp::qualified_name(m);
  std::string out = "static_assert(sizeof(" + q + ") == " + std::to_string(m.size) + ", \"dmxp-msgc layout\");\n" +
                    "static_assert(alignof(" + q + ") == " + std::to_string(m.align) + ", \"dmxp-msgc layout\");\n" +
                    "static_assert(std::is_standard_layout_v<" + q + "> && std::is_trivially_copyable_v<" + q +
                    ">, \"a message must be readable in place from shared memory\");\n" +
                    "static_assert(::dmxp::msg::fingerprint(" + q + "::kSchema) == " + q + "::kFingerprint);\n";
  for (const model::Field& f : m.fields)
    out += "static_assert(offsetof(" + q + ", " + f.name + ") == " + std::to_string(f.offset) +
           " && sizeof(" + q + "::" + f.name + ") == " + std::to_string(f.size) + ", \"dmxp-msgc layout\");\n";
  return out;
}

std::string reflect(const model::Message& m) {
  std::string q = cpp::qualified_name(m);
  std::string out = "namespace dmxp::msg {\ntemplate <>\nstruct Reflect<" + q + "> {\n";
  if (m.fields.empty()) return out + "  static constexpr std::span<const FieldInfo> fields() { return {}; }\n};\n}  // namespace dmxp::msg\n";
  out += "  static constexpr FieldInfo kFields[] = {\n";
  for (const model::Field& f : m.fields)
    out += "      {\"" + f.name + "\", offsetof(" + q + ", " + f.name + "), sizeof(" + q + "::" + f.name + ")},\n";
  return out + "  };\n  static constexpr std::span<const FieldInfo> fields() { return kFields; }\n};\n}  // namespace dmxp::msg\n";
}

std::string header(const model::Message& m) {
  std::string eigen = cpp::eigen_members(m);
  std::string s = "// " + cpp::header_path(m) + " - " + generated_note(m) + "\n#pragma once\n\n" + includes(m) + "\n";
  s += "namespace " + m.package + "::" + m.folder + " {\n\n";
  if (!m.doc.empty()) s += prefixed_lines(m.doc, "/// ") + "///\n";
  s += "/// " + m.full_name() + ": " + std::to_string(m.size) + " bytes, alignment " +
       std::to_string(m.align) + ", little-endian.\n";
  s += prefixed_lines(layout_table(m), "/// ");
  s += "struct " + m.name + " {\n";
  s += "  static constexpr const char* kTypeName = \"" + m.full_name() + "\";\n";
  s += "  static constexpr std::uint64_t kFingerprint = " + fingerprint_hex(m.fingerprint) + "ULL;\n";
  s += "  // ROS 2's name and RIHS01 type hash of this type (docs/wire.md).\n";
  s += "  static constexpr const char* kRos2TypeName = \"" + ros2_type_name(m) + "\";\n";
  s += "  static constexpr const char* kRos2TypeHash = \"" + ros2_type_hash(m) + "\";\n";
  s += "  // The normalized definition the fingerprint is computed from (docs/messages.md).\n";
  s += "  static constexpr std::string_view kSchema =" + literal_lines(m.schema, "      ") + ";\n";
  s += "  // The layout descriptor stored in typed channels (dmxp/msg/typed.hpp).\n";
  s += "  static constexpr std::string_view kDescriptor =" + literal_lines(descriptor_json(m), "      ") + ";\n\n";
  s += constants(m);
  s += constructors(m) + "\n";
  s += members(m);
  if (!eigen.empty()) s += "\n#if DMXP_MSG_HAS_EIGEN\n" + eigen + "#endif\n";
  s += "};\n\n" + checks(m) + "\n}  // namespace " + m.package + "::" + m.folder + "\n\n" + reflect(m);
  return s;
}

// struct <pkg>::srv::<Service> naming its two parts, for create_service<Srv>/create_client<Srv>
// (framework/rt/include/dmxp/rt/service.hpp); <pkg>::action::<Action>_SendGoal and _GetResult
// for an action's.
std::string service_header(const model::Message& part) {
  std::string base = part.package + "/" + part.folder + "/" + part.service;
  std::string s = "// " + cpp::service_header_path(part) + " - " + generated_note(part) +
                  "\n#pragma once\n\n#include <" + base + "_Request.hpp>\n#include <" + base +
                  "_Response.hpp>\n\nnamespace " + part.package + "::" + part.folder + " {\n\n";
  s += "/// The service " + base + ": a request and its response.\n";
  s += "struct " + part.service + " {\n";
  s += "  using Request = " + part.service + "_Request;\n";
  s += "  using Response = " + part.service + "_Response;\n";
  s += "  static constexpr const char* kTypeName = \"" + base + "\";\n";
  if (part.service_request && part.service_response)
    s += "  // ROS 2's RIHS01 type hash of the service (docs/wire.md).\n"
         "  static constexpr const char* kRos2TypeHash = \"" +
         ros2_service_type_hash(*part.service_request, *part.service_response) + "\";\n";
  s += "};\n\n}  // namespace " + part.package + "::" + part.folder + "\n";
  return s;
}

// Files every type writes besides its own header: a service part, its service's header (the
// same from both parts); an action's type, the action's header (the same from all eight).
std::vector<GeneratedFile> shared_files(const model::Message& m) {
  std::vector<GeneratedFile> out;
  if (!m.service.empty()) out.push_back({"cpp/" + cpp::service_header_path(m), service_header(m)});
  if (!m.action.empty()) out.push_back({"cpp/" + cpp::action_header_path(m), cpp::action_header(m)});
  return out;
}

std::vector<std::string> outputs(const model::Message& m) {
  std::vector<std::string> out{cpp_path(m)};
  for (const GeneratedFile& f : shared_files(m)) out.push_back(f.path);
  return out;
}

std::vector<GeneratedFile> emit(const model::Message& m) {
  std::vector<GeneratedFile> out{{cpp_path(m), header(m)}};
  for (GeneratedFile& f : shared_files(m)) out.push_back(std::move(f));
  return out;
}

}  // namespace

extern const Emitter kCppEmitter{"cpp", "C++ headers: fixed-layout structs (cpp/<pkg>/msg/<Type>.hpp)",
                                 outputs, emit};

}  // namespace dmxp::msgc
