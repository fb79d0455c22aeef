#include "package_names.hpp"

#include <cctype>
#include <set>

#include "names.hpp"  // dmxp-msgc's: keyword_of

namespace dmxp::cli::scaffold {
namespace {

const char* kPackageRule =
    " (ROS package names, REP 144: lowercase letters, digits and single underscores, starting "
    "with a letter, at least 2 characters; e.g. my_robot_pkg)";
const char* kNodeRule =
    " (node names: letters, digits and '_', starting with a letter; e.g. obstacle_detector)";

// Why the generated code could not use `name`, or "": the package name becomes a C++
// namespace and a Python package, the node name a C++ class, an executable and a Python module.
std::string unusable(const std::string& name) {
  if (const char* language = dmxp::msgc::keyword_of(name)) return std::string("it is a keyword in ") + language;
  if (name == "std" || name == "dmxp") return "it is a namespace the generated C++ uses";
  return "";
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
  if (std::string why = unusable(name); !why.empty()) return head + why;
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
  if (std::string why = unusable(name); !why.empty()) return head + why;
  // The node is also a CMake target, beside the package's message target <package>_msgs.
  static const std::set<std::string> targets = {"all", "clean", "help", "install", "package", "test"};
  if (targets.count(name) || name == package + "_msgs")
    return head + "the package's CMakeLists.txt has a target of that name already";
  return "";
}

}  // namespace dmxp::cli::scaffold
