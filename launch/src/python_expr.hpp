// python_expr.hpp - the Python expressions of ROS 2's `$(eval ...)` substitution
// (launch's PythonExpression), for a launcher that cannot run Python. ROS 2 evaluates the
// substituted text with Python's eval() and the `math` module's names in scope, and uses
// str() of the result. This evaluates a well-defined subset with Python's semantics and
// Python's str() of the result (True, None, 1.0, 1e+16, 'a' + 'b' -> ab):
//
//   literals     int (1, 1_000, 0x1f, 0o17, 0b101), float (1.5, .5, 1e3), str ('a', "a",
//                escapes, adjacent literals joined), True, False, None
//   operators    + - * / // % ** (ints are exact; an int result beyond 64 bits is an
//                error), unary - + and not; str + str, str * int
//   comparisons  < <= > >= == != (chained: 1 < x < 3), in / not in (on strings)
//   logic        and, or (returning an operand, as Python does), a if c else b, ( )
//   names        the math module: math.sqrt(x) or sqrt(x) (ROS 2 puts both in scope) and
//                pi, e, tau, inf, nan; the builtins abs, min, max, round, int, float, str,
//                bool, len
//
// Anything else (lists, subscripts, lambdas, other modules, f-strings, bit operations, ...)
// is an error naming the construct and what is supported; Python's run-time errors
// (division by zero, math domain error, str < int) are errors too. Every error carries the
// offset in the expression it is about.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

namespace dmxp::launch {

struct PyExprError {
  size_t offset = 0;    // byte offset in the expression
  std::string message;  // what is wrong, and for unsupported constructs what is supported
};

// str() of the value of `expr`, or why it has none.
std::variant<std::string, PyExprError> eval_python_expression(std::string_view expr);

// The subset, for error messages.
extern const char* const kPythonSubset;

}  // namespace dmxp::launch
