// names.hpp - the rules every name in a .msg file must follow so that each generated language
// can use it unchanged:
//   package  [a-z][a-z0-9_]*          type  [A-Za-z][A-Za-z0-9_]*
//   field and constant names  [A-Za-z][A-Za-z0-9_]*, not a C++ or Python keyword, not a name
//   generated code uses (kTypeName, FINGERPRINT, ...), not the type's own name (C++), and
//   each once per message (fields and constants share one namespace).
#pragma once

#include <string>
#include <string_view>

#include "ast.hpp"
#include "diagnostics.hpp"

namespace dmxp::msgc {

bool valid_package_name(std::string_view s);
bool valid_type_name(std::string_view s);
bool valid_member_name(std::string_view s);
// "C++", "Python", "C++ and Python" when s is a keyword there; nullptr otherwise.
const char* keyword_of(std::string_view s);

// "obstacle_detector" -> "ObstacleDetector": Go's exported names, and the C++ class of a node
// `dmxp pkg create` makes.
std::string camel_case(std::string_view snake);

// Reports every bad field and constant name of m.
void check_names(const ast::MessageDecl& m, Diagnostics& diags);

}  // namespace dmxp::msgc
