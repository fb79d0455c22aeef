#include "names.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace dmxp::msgc {
namespace {

constexpr std::string_view kCpp[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
    "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept",
    "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
    "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast",
    "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto",
    "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
    "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
    "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
    "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local",
    "throw", "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using",
    "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq"};

constexpr std::string_view kPython[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
    "try", "while", "with", "yield"};

// Members the emitters generate on every type: C++ statics and Python class attributes.
constexpr std::string_view kReserved[] = {"kTypeName", "kFingerprint", "kSchema", "kDescriptor",
                                          "TYPE_NAME", "FINGERPRINT", "SCHEMA", "DESCRIPTOR",
                                          "DTYPE"};

template <size_t N>
bool in(const std::string_view (&list)[N], std::string_view s) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

bool lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }
bool alnum(char c) { return lower_or_digit(c) || (c >= 'A' && c <= 'Z'); }
bool letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

void check_one(const std::string& name, const SourceLoc& loc, const char* what,
               const ast::MessageDecl& m, Diagnostics& diags) {
  if (!valid_member_name(name)) {
    diags.error(loc, std::string("invalid ") + what + " name '" + name +
                         "', expected a letter followed by letters, digits or '_'");
  } else if (const char* lang = keyword_of(name)) {
    diags.error(loc, std::string(what) + " name '" + name + "' is a keyword in " + lang +
                         ", expected a name every generated language accepts");
  } else if (in(kReserved, name)) {
    diags.error(loc, std::string(what) + " name '" + name +
                         "' is reserved for generated code, expected another name");
  } else if (name == m.name) {
    diags.error(loc, std::string(what) + " name '" + name +
                         "' is the message's own name (C++ forbids it), expected another name");
  }
}

}  // namespace

bool valid_package_name(std::string_view s) {
  return !s.empty() && s.front() >= 'a' && s.front() <= 'z' && std::all_of(s.begin(), s.end(), lower_or_digit);
}
bool valid_type_name(std::string_view s) {
  return !s.empty() && letter(s.front()) && std::all_of(s.begin(), s.end(), alnum);
}
bool valid_member_name(std::string_view s) {
  return !s.empty() && letter(s.front()) && std::all_of(s.begin(), s.end(), alnum);
}

const char* keyword_of(std::string_view s) {
  bool c = in(kCpp, s), p = in(kPython, s);
  return c && p ? "C++ and Python" : c ? "C++" : p ? "Python" : nullptr;
}

std::string camel_case(std::string_view snake) {
  std::string out;
  bool upper = true;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

void check_names(const ast::MessageDecl& m, Diagnostics& diags) {
  struct Member {
    const std::string* name;
    const SourceLoc* loc;
    const char* what;
  };
  std::vector<Member> members;
  for (const ast::ConstantDecl& c : m.constants) members.push_back({&c.name, &c.name_loc, "constant"});
  for (const ast::FieldDecl& f : m.fields) members.push_back({&f.name, &f.name_loc, "field"});
  std::stable_sort(members.begin(), members.end(), [](const Member& a, const Member& b) {
    return a.loc->line < b.loc->line;
  });
  std::map<std::string, const SourceLoc*> seen;
  for (const Member& mb : members) {
    check_one(*mb.name, *mb.loc, mb.what, m, diags);
    auto [it, fresh] = seen.emplace(*mb.name, mb.loc);
    if (fresh) continue;
    diags.error(*mb.loc, std::string("duplicate ") + mb.what + " name '" + *mb.name +
                             "', expected each field and constant name once per message");
    diags.note(*it->second, "'" + *mb.name + "' first declared here");
  }
}

}  // namespace dmxp::msgc
