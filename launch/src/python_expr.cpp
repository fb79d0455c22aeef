// Evaluates the `$(eval ...)` subset (python_expr.hpp) with Python's semantics: exact ints
// (floor division and modulo take the divisor's sign), true division, float results printed
// as Python's repr, short-circuit and/or returning an operand, chained comparisons, and the
// errors Python raises at run time. Names are the math module's and a few builtins
// (python_expr_functions.cpp).
#include "python_expr.hpp"

#include <charconv>
#include <cmath>

#include "python_expr_ast.hpp"
#include "python_expr_value.hpp"

namespace dmxp::launch {

const char* const kPythonSubset =
    "supported: int, float and string literals, True, False, None, + - * / // % **, unary - + not, "
    "comparisons (also chained), in, not in, and, or, a if c else b, parentheses, the math module "
    "(math.sqrt(x) or sqrt(x), pi, e, tau, inf, nan) and abs, min, max, round, int, float, str, bool, len";

namespace py {
namespace {

[[noreturn]] void int_overflow(size_t at) { fail(at, "integer result out of the supported range (64-bit)"); }

// Exact int arithmetic, as Python's (which has no limit; ours is 64 bits).
int64_t add(int64_t x, int64_t y, size_t at) {
  int64_t r;
  if (__builtin_add_overflow(x, y, &r)) int_overflow(at);
  return r;
}
int64_t sub(int64_t x, int64_t y, size_t at) {
  int64_t r;
  if (__builtin_sub_overflow(x, y, &r)) int_overflow(at);
  return r;
}
int64_t mul(int64_t x, int64_t y, size_t at) {
  int64_t r;
  if (__builtin_mul_overflow(x, y, &r)) int_overflow(at);
  return r;
}

[[noreturn]] void operand_types(const std::string& op, const Value& a, const Value& b, size_t at) {
  fail(at, "unsupported operand type(s) for " + op + ": '" + type_name(a) + "' and '" + type_name(b) + "'");
}

// Python's float_divmod: the quotient floored, the remainder with the divisor's sign.
std::pair<double, double> float_divmod(double x, double y) {
  double mod = std::fmod(x, y);
  double div = (x - mod) / y;
  if (mod != 0) {
    if ((y < 0) != (mod < 0)) {
      mod += y;
      div -= 1.0;
    }
  } else {
    mod = std::copysign(0.0, y);
  }
  double floordiv;
  if (div != 0) {
    floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = std::copysign(0.0, x / y);
  }
  return {floordiv, mod};
}

Value int_power(int64_t base, int64_t exp, size_t at) {
  if (exp < 0) {
    if (base == 0) fail(at, "0.0 cannot be raised to a negative power");
    return std::pow(double(base), double(exp));
  }
  int64_t result = 1;
  while (exp > 0) {
    if (exp & 1) result = mul(result, base, at);
    exp >>= 1;
    if (exp > 0) base = mul(base, base, at);
  }
  return result;
}

Value float_power(double x, double y, size_t at) {
  if (x == 0 && y < 0) fail(at, "0.0 cannot be raised to a negative power");
  if (x < 0 && std::isfinite(y) && y != std::floor(y))
    unsupported(at, "a complex result (a negative number to a fractional power)");
  double r = std::pow(x, y);
  if (std::isinf(r) && std::isfinite(x) && std::isfinite(y)) fail(at, "(34, 'Numerical result out of range')");
  return r;
}

Value binary(const std::string& op, const Value& a, const Value& b, size_t at) {
  if (is_number(a) && is_number(b)) {
    bool ints = is_int(a) && is_int(b);
    int64_t x = ints ? as_int(a) : 0, y = ints ? as_int(b) : 0;
    double fx = as_float(a), fy = as_float(b);
    if (op == "+") return ints ? Value(add(x, y, at)) : Value(fx + fy);
    if (op == "-") return ints ? Value(sub(x, y, at)) : Value(fx - fy);
    if (op == "*") return ints ? Value(mul(x, y, at)) : Value(fx * fy);
    if (op == "/") {
      if (fy == 0) fail(at, ints ? "division by zero" : "float division by zero");
      if (ints) return double(static_cast<long double>(x) / static_cast<long double>(y));
      return fx / fy;
    }
    if (op == "//" || op == "%") {
      if (ints) {
        if (y == 0) fail(at, op == "//" ? "integer division or modulo by zero" : "integer modulo by zero");
        if (x == INT64_MIN && y == -1) int_overflow(at);
        int64_t q = x / y, m = x % y;
        if (m != 0 && ((m < 0) != (y < 0))) {
          --q;
          m += y;
        }
        return op == "//" ? q : m;
      }
      if (fy == 0) fail(at, op == "//" ? "float floor division by zero" : "float modulo");
      auto [q, m] = float_divmod(fx, fy);
      return op == "//" ? q : m;
    }
    if (op == "**") return ints ? int_power(x, y, at) : float_power(fx, fy, at);
  }
  const auto* sa = std::get_if<std::string>(&a);
  const auto* sb = std::get_if<std::string>(&b);
  if (op == "+" && sa && sb) return *sa + *sb;
  if (op == "*" && ((sa && is_int(b)) || (sb && is_int(a)))) {
    const std::string& s = sa ? *sa : *sb;
    int64_t n = sa ? as_int(b) : as_int(a);
    if (n > 0 && s.size() * uint64_t(n) > (1u << 20)) fail(at, "a repeated string longer than 1 MiB");
    std::string out;
    for (int64_t i = 0; i < n; ++i) out += s;
    return out;
  }
  if (op == "%" && sa) unsupported(at, "string formatting with '%'");
  operand_types(op, a, b, at);
}

// One comparison of a chain.
bool compare(const std::string& op, const Value& a, const Value& b, size_t at) {
  if (op == "in" || op == "not in") {
    const auto* hay = std::get_if<std::string>(&b);
    if (!hay) {
      if (is_number(b) || std::holds_alternative<std::monostate>(b))
        fail(at, "argument of type '" + type_name(b) + "' is not iterable");
    }
    const auto* needle = std::get_if<std::string>(&a);
    if (!needle) fail(at, "'in <string>' requires string as left operand, not " + type_name(a));
    bool found = hay->find(*needle) != std::string::npos;
    return op == "in" ? found : !found;
  }
  if (op == "==" || op == "!=") return (op == "==") == equal(a, b);
  int c = 0;
  if (is_number(a) && is_number(b)) {
    // Python compares ints and floats exactly; long double holds every int64.
    long double x = is_int(a) ? (long double)as_int(a) : as_float(a);
    long double y = is_int(b) ? (long double)as_int(b) : as_float(b);
    if (std::isnan(x) || std::isnan(y)) return false;
    c = x < y ? -1 : x > y ? 1 : 0;
  } else if (std::holds_alternative<std::string>(a) && std::holds_alternative<std::string>(b)) {
    c = std::get<std::string>(a).compare(std::get<std::string>(b));  // UTF-8 order is code point order
  } else {
    fail(at, "'" + op + "' not supported between instances of '" + type_name(a) + "' and '" + type_name(b) + "'");
  }
  if (op == "<") return c < 0;
  if (op == "<=") return c <= 0;
  if (op == ">") return c > 0;
  return c >= 0;
}

Value eval(const Node& n);

Value unary(const Node& n) {
  Value v = eval(*n.kids[0]);
  if (n.name == "not") return !truthy(v);
  if (!is_number(v)) fail(n.offset, "bad operand type for unary " + n.name + ": '" + type_name(v) + "'");
  if (n.name == "+") return is_int(v) ? Value(as_int(v)) : v;
  if (is_int(v)) return sub(0, as_int(v), n.offset);
  return -as_float(v);
}

Value eval(const Node& n) {
  using K = Node::Kind;
  switch (n.kind) {
    case K::Const: return n.value;
    case K::Name: return name_value(n.name, n.offset);
    case K::Attr: return attribute_value(n);
    case K::Call: {
      std::vector<Value> args;
      for (size_t i = 1; i < n.kids.size(); ++i) args.push_back(eval(*n.kids[i]));
      return call(*n.kids[0], args, n.offset);
    }
    case K::Unary: return unary(n);
    case K::Binary: return binary(n.name, eval(*n.kids[0]), eval(*n.kids[1]), n.offset);
    case K::Compare: {
      Value left = eval(*n.kids[0]);
      for (size_t i = 0; i < n.ops.size(); ++i) {
        Value right = eval(*n.kids[i + 1]);
        if (!compare(n.ops[i], left, right, n.kids[i + 1]->offset)) return false;
        left = std::move(right);
      }
      return true;
    }
    case K::And:
    case K::Or: {
      Value v;
      for (const auto& k : n.kids) {
        v = eval(*k);
        if (truthy(v) == (n.kind == K::Or)) return v;
      }
      return v;
    }
    case K::IfElse: return truthy(eval(*n.kids[1])) ? eval(*n.kids[0]) : eval(*n.kids[2]);
  }
  return {};
}

}  // namespace
}  // namespace py

std::variant<std::string, PyExprError> eval_python_expression(std::string_view expr) {
  try {
    py::NodePtr n = py::parse(expr);
    return py::to_str(py::eval(*n));
  } catch (const py::Error& e) {
    return e.e;
  }
}

}  // namespace dmxp::launch
