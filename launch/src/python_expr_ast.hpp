// python_expr_ast.hpp - the parsed form of a `$(eval ...)` expression (python_expr.hpp):
// python_expr_parse.cpp builds it, python_expr.cpp evaluates it. Internal to those two.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "python_expr.hpp"

namespace dmxp::launch::py {

// A Python value of the subset; monostate is None.
using Value = std::variant<std::monostate, bool, int64_t, double, std::string>;

struct Node {
  enum class Kind {
    Const,    // value
    Name,     // name
    Attr,     // kids[0].name: only math.<name>
    Call,     // kids[0] the callee, kids[1..] the arguments
    Unary,    // op: "-", "+", "not"
    Binary,   // op: + - * / // % **
    Compare,  // kids[0] ops[0] kids[1] ops[1] kids[2] ...: "<", "in", "not in", ...
    And,      // kids, left to right
    Or,
    IfElse,   // kids: then, condition, else
  };
  Kind kind;
  size_t offset = 0;  // where it starts in the expression (an operator: where the operator is)
  Value value;
  std::string name;   // Name and Attr: the name; Unary and Binary: the operator
  std::vector<std::string> ops;
  std::vector<std::unique_ptr<Node>> kids;
};
using NodePtr = std::unique_ptr<Node>;

// Thrown by the parser and evaluator, caught by eval_python_expression.
struct Error {
  PyExprError e;
};
[[noreturn]] inline void fail(size_t offset, std::string message) { throw Error{{offset, std::move(message)}}; }
// "<what> is not supported; supported: ..."
[[noreturn]] void unsupported(size_t offset, const std::string& what);

NodePtr parse(std::string_view expr);

}  // namespace dmxp::launch::py
