#include "names.hpp"

#include <cctype>
#include <set>

namespace dmxp::cli::scaffold {
namespace {

const char* kPackageRule =
    " (ROS package names, REP 144: lowercase letters, digits and single underscores, starting "
    "with a letter, at least 2 characters; e.g. my_robot_pkg)";
const char* kNodeRule =
    " (node names: letters, digits and '_', starting with a letter; e.g. obstacle_detector)";

// Names the generated package cannot take: the package name becomes a C++ namespace and a
// Python package, the node name a C++ class, an executable and a Python module.
bool reserved(const std::string& name) {
  static const std::set<std::string> words = {
      // C++
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
      "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
      // Python
      "False", "None", "True", "as", "assert", "async", "await", "def", "del", "elif", "except",
      "finally", "from", "global", "import", "in", "is", "lambda", "nonlocal", "pass", "raise",
      "with", "yield",
      // namespaces of the generated code
      "std", "dmxp"};
  return words.count(name) > 0;
}

std::string quoted(char c) { return std::string("'") + c + "'"; }

}  // namespace

std::string package_name_error(const std::string& name) {
  std::string head = "invalid package name '" + name + "': ";
  if (name.size() < 2) return head + "too short" + kPackageRule;
  if (!std::islower(static_cast<unsigned char>(name[0])))
    return head + "it starts with " + quoted(name[0]) + kPackageRule;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (!std::islower(c) && !std::isdigit(c) && c != '_')
      return head + quoted(name[i]) + " at position " + std::to_string(i + 1) + " is not allowed" + kPackageRule;
    if (c == '_' && i > 0 && name[i - 1] == '_')
      return head + "'__' at position " + std::to_string(i) + " is not allowed" + kPackageRule;
  }
  if (reserved(name)) return head + "it is a C++ or Python keyword, or a namespace DMXP's code uses";
  return "";
}

std::string node_name_error(const std::string& name, const std::string& package) {
  std::string head = "invalid node name '" + name + "': ";
  if (name.empty()) return head + "empty" + kNodeRule;
  if (!std::isalpha(static_cast<unsigned char>(name[0]))) return head + "it starts with " + quoted(name[0]) + kNodeRule;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (!std::isalnum(c) && c != '_')
      return head + quoted(name[i]) + " at position " + std::to_string(i + 1) + " is not allowed" + kNodeRule;
  }
  if (reserved(name)) return head + "it is a C++ or Python keyword, or a namespace DMXP's code uses";
  // The node is also a CMake target, beside the package's message target <package>_msgs.
  static const std::set<std::string> targets = {"all", "clean", "help", "install", "package", "test"};
  if (targets.count(name) || name == package + "_msgs")
    return head + "the package's CMakeLists.txt has a target of that name already";
  return "";
}

std::string camel_case(const std::string& snake) {
  std::string out;
  bool upper = true;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? char(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

}  // namespace dmxp::cli::scaffold
