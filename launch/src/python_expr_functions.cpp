// The names a `$(eval ...)` expression may use: the math module, both as math.<name> and
// bare (ROS 2's PythonExpression puts math's names in scope for backwards compatibility),
// and the builtins abs, min, max, round, int, float, str, bool, len. Each behaves as in
// Python, including its errors (math domain error, int('x'), ...).
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <functional>
#include <map>
#include <numeric>

#include "python_expr_value.hpp"

namespace dmxp::launch::py {
namespace {

using Args = std::vector<Value>;
struct Function {
  size_t min_args, max_args;  // max SIZE_MAX: any number
  std::function<Value(const Args&, size_t at)> run;
};

double real(const Value& v, size_t at) {
  if (!is_number(v)) fail(at, "must be real number, not " + type_name(v));
  return as_float(v);
}

int64_t integer(const Value& v, size_t at) {
  if (!is_int(v)) fail(at, "'" + type_name(v) + "' object cannot be interpreted as an integer");
  return as_int(v);
}

[[noreturn]] void domain(size_t at) { fail(at, "math domain error"); }

// A float function of one argument, with the domain Python checks.
Function unary(double (*f)(double), bool (*ok)(double) = nullptr) {
  return {1, 1, [f, ok](const Args& a, size_t at) -> Value {
            double x = real(a[0], at);
            if (ok && !ok(x)) domain(at);
            double r = f(x);
            if (std::isinf(r) && std::isfinite(x)) fail(at, "math range error");
            return r;
          }};
}

// floor, ceil, trunc: an int, as Python returns.
Function to_int(double (*f)(double)) {
  return {1, 1, [f](const Args& a, size_t at) -> Value {
            if (is_int(a[0])) return as_int(a[0]);
            double x = f(real(a[0], at));
            if (std::isnan(x)) fail(at, "cannot convert float NaN to integer");
            if (std::isinf(x)) fail(at, "cannot convert float infinity to integer");
            if (x < -9.2233720368547758e18 || x >= 9.2233720368547758e18)
              fail(at, "integer result out of the supported range (64-bit)");
            return int64_t(x);
          }};
}

Value int_of_string(const std::string& text, size_t at) {
  size_t b = text.find_first_not_of(" \t\n\r\f\v"), e = text.find_last_not_of(" \t\n\r\f\v");
  std::string s = b == std::string::npos ? "" : text.substr(b, e - b + 1);
  std::string digits;
  size_t i = s.size() && (s[0] == '+' || s[0] == '-') ? 1 : 0;
  bool ok = i < s.size();
  for (size_t j = i; j < s.size() && ok; ++j) {
    if (std::isdigit((unsigned char)s[j])) digits += s[j];
    else ok = s[j] == '_' && j > i && j + 1 < s.size() && std::isdigit((unsigned char)s[j + 1]);
  }
  if (!ok) fail(at, "invalid literal for int() with base 10: '" + text + "'");
  int64_t v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc()) fail(at, "integer result out of the supported range (64-bit)");
  return s[0] == '-' ? -v : v;
}

Value float_of_string(const std::string& text, size_t at) {
  size_t b = text.find_first_not_of(" \t\n\r\f\v"), e = text.find_last_not_of(" \t\n\r\f\v");
  std::string s = b == std::string::npos ? "" : text.substr(b, e - b + 1);
  std::string body = s.size() && (s[0] == '+' || s[0] == '-') ? s.substr(1) : s;
  std::string lower;
  for (char c : body) lower += char(std::tolower((unsigned char)c));
  double sign = s.size() && s[0] == '-' ? -1.0 : 1.0;
  if (lower == "inf" || lower == "infinity") return sign * INFINITY;
  if (lower == "nan") return std::copysign(NAN, sign);
  // digits [. digits] [e [sign] digits], a digit on at least one side of the point; '_'
  // only between digits.
  size_t j = 0, n = body.size();
  auto digits = [&] {
    size_t start = j;
    while (j < n && (std::isdigit((unsigned char)body[j]) ||
                     (body[j] == '_' && j > start && j + 1 < n && std::isdigit((unsigned char)body[j + 1]))))
      ++j;
    return j - start;
  };
  size_t whole = digits(), fraction = 0;
  if (j < n && body[j] == '.') {
    ++j;
    fraction = digits();
  }
  bool ok = whole + fraction > 0;
  if (ok && j < n && (body[j] == 'e' || body[j] == 'E')) {
    ++j;
    if (j < n && (body[j] == '+' || body[j] == '-')) ++j;
    ok = digits() > 0;
  }
  if (!ok || j != n) fail(at, "could not convert string to float: '" + text + "'");
  std::string clean;
  for (char c : body)
    if (c != '_') clean += c;
  return sign * std::strtod(clean.c_str(), nullptr);
}

// round(x) to the nearest int, ties to even; round(x, n) with n >= 0 digits, as Python
// rounds the exact binary value (printf does the same).
Value round_of(const Args& a, size_t at) {
  if (!is_number(a[0])) fail(at, "type " + type_name(a[0]) + " doesn't define __round__ method");
  if (a.size() == 1 || std::holds_alternative<std::monostate>(a[1])) {
    if (is_int(a[0])) return as_int(a[0]);
    double x = as_float(a[0]);
    if (std::isnan(x)) fail(at, "cannot convert float NaN to integer");
    if (std::isinf(x)) fail(at, "cannot convert float infinity to integer");
    return to_int(std::nearbyint).run({Value(x)}, at);
  }
  int64_t n = integer(a[1], at);
  if (n < 0) unsupported(at, "round() with a negative number of digits");
  if (is_int(a[0])) return as_int(a[0]);
  double x = as_float(a[0]);
  if (!std::isfinite(x) || n > 300) return x;
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*f", int(n), x);
  return std::strtod(buf, nullptr);
}

// min and max of two or more values, with Python's comparison (the first of equal ones).
Value extreme(const Args& a, size_t at, bool want_max) {
  Value best = a[0];
  for (size_t i = 1; i < a.size(); ++i) {
    const Value& v = a[i];
    bool numbers = is_number(v) && is_number(best);
    bool strings = std::holds_alternative<std::string>(v) && std::holds_alternative<std::string>(best);
    if (!numbers && !strings)
      fail(at, std::string("'") + (want_max ? ">" : "<") + "' not supported between instances of '" + type_name(v) +
                   "' and '" + type_name(best) + "'");
    bool better;
    if (strings) {
      int c = std::get<std::string>(v).compare(std::get<std::string>(best));
      better = want_max ? c > 0 : c < 0;
    } else {
      long double x = is_int(v) ? (long double)as_int(v) : as_float(v);
      long double y = is_int(best) ? (long double)as_int(best) : as_float(best);
      better = want_max ? x > y : x < y;
    }
    if (better) best = v;
  }
  return best;
}

const std::map<std::string, Function>& math_functions() {
  static const std::map<std::string, Function> f = [] {
    std::map<std::string, Function> m;
    auto nonneg = [](double x) { return x >= 0 || std::isnan(x); };
    auto positive = [](double x) { return x > 0 || std::isnan(x); };
    auto unit = [](double x) { return std::fabs(x) <= 1 || std::isnan(x); };
    m["sqrt"] = unary(std::sqrt, nonneg);
    m["exp"] = unary(std::exp);
    m["exp2"] = unary(std::exp2);
    m["expm1"] = unary(std::expm1);
    m["cbrt"] = unary(std::cbrt);
    m["log2"] = unary(std::log2, positive);
    m["log10"] = unary(std::log10, positive);
    m["log1p"] = unary(std::log1p, [](double x) { return x > -1 || std::isnan(x); });
    m["sin"] = unary(std::sin, [](double x) { return !std::isinf(x); });
    m["cos"] = unary(std::cos, [](double x) { return !std::isinf(x); });
    m["tan"] = unary(std::tan, [](double x) { return !std::isinf(x); });
    m["asin"] = unary(std::asin, unit);
    m["acos"] = unary(std::acos, unit);
    m["atan"] = unary(std::atan);
    m["sinh"] = unary(std::sinh);
    m["cosh"] = unary(std::cosh);
    m["tanh"] = unary(std::tanh);
    m["asinh"] = unary(std::asinh);
    m["acosh"] = unary(std::acosh, [](double x) { return x >= 1 || std::isnan(x); });
    m["atanh"] = unary(std::atanh, [](double x) { return std::fabs(x) < 1 || std::isnan(x); });
    m["fabs"] = unary(std::fabs);
    m["degrees"] = unary([](double x) { return x * (180.0 / M_PI); });
    m["radians"] = unary([](double x) { return x * (M_PI / 180.0); });
    m["floor"] = to_int(std::floor);
    m["ceil"] = to_int(std::ceil);
    m["trunc"] = to_int(std::trunc);
    m["isfinite"] = {1, 1, [](const Args& a, size_t at) -> Value { return bool(std::isfinite(real(a[0], at))); }};
    m["isinf"] = {1, 1, [](const Args& a, size_t at) -> Value { return bool(std::isinf(real(a[0], at))); }};
    m["isnan"] = {1, 1, [](const Args& a, size_t at) -> Value { return bool(std::isnan(real(a[0], at))); }};
    m["log"] = {1, 2, [](const Args& a, size_t at) -> Value {
                  double x = real(a[0], at);
                  if (x <= 0) domain(at);
                  if (a.size() == 1) return std::log(x);
                  double b = real(a[1], at);
                  if (b <= 0) domain(at);
                  if (b == 1) fail(at, "float division by zero");
                  return std::log(x) / std::log(b);
                }};
    m["atan2"] = {2, 2, [](const Args& a, size_t at) -> Value { return std::atan2(real(a[0], at), real(a[1], at)); }};
    m["copysign"] = {2, 2, [](const Args& a, size_t at) -> Value { return std::copysign(real(a[0], at), real(a[1], at)); }};
    m["fmod"] = {2, 2, [](const Args& a, size_t at) -> Value {
                   double x = real(a[0], at), y = real(a[1], at);
                   if (y == 0 || std::isinf(x)) domain(at);
                   return std::fmod(x, y);
                 }};
    m["pow"] = {2, 2, [](const Args& a, size_t at) -> Value {
                  double x = real(a[0], at), y = real(a[1], at);
                  if ((x == 0 && y < 0) || (x < 0 && std::isfinite(y) && y != std::floor(y))) domain(at);
                  double r = std::pow(x, y);
                  if (std::isinf(r) && std::isfinite(x) && std::isfinite(y)) fail(at, "math range error");
                  return r;
                }};
    m["hypot"] = {0, SIZE_MAX, [](const Args& a, size_t at) -> Value {
                    double s = 0;
                    for (const auto& v : a) s = std::hypot(s, real(v, at));
                    return s;
                  }};
    m["factorial"] = {1, 1, [](const Args& a, size_t at) -> Value {
                        int64_t n = integer(a[0], at);
                        if (n < 0) fail(at, "factorial() not defined for negative values");
                        int64_t r = 1;
                        for (int64_t i = 2; i <= n; ++i)
                          if (__builtin_mul_overflow(r, i, &r)) fail(at, "integer result out of the supported range (64-bit)");
                        return r;
                      }};
    m["gcd"] = {0, SIZE_MAX, [](const Args& a, size_t at) -> Value {
                  int64_t g = 0;
                  for (const auto& v : a) g = std::gcd(g, integer(v, at));
                  return g;
                }};
    m["isclose"] = {2, 2, [](const Args& a, size_t at) -> Value {
                      double x = real(a[0], at), y = real(a[1], at);
                      if (x == y) return true;
                      if (std::isinf(x) || std::isinf(y)) return false;
                      double d = std::fabs(x - y);
                      return d <= 1e-9 * std::fabs(y) || d <= 1e-9 * std::fabs(x);
                    }};
    return m;
  }();
  return f;
}

const std::map<std::string, Function>& builtins() {
  static const std::map<std::string, Function> f = [] {
    std::map<std::string, Function> m;
    m["abs"] = {1, 1, [](const Args& a, size_t at) -> Value {
                  if (!is_number(a[0])) fail(at, "bad operand type for abs(): '" + type_name(a[0]) + "'");
                  if (!is_int(a[0])) return std::fabs(as_float(a[0]));
                  int64_t v = as_int(a[0]);
                  if (v == INT64_MIN) fail(at, "integer result out of the supported range (64-bit)");
                  return v < 0 ? -v : v;
                }};
    m["min"] = {2, SIZE_MAX, [](const Args& a, size_t at) { return extreme(a, at, false); }};
    m["max"] = {2, SIZE_MAX, [](const Args& a, size_t at) { return extreme(a, at, true); }};
    m["round"] = {1, 2, round_of};
    m["int"] = {0, 1, [](const Args& a, size_t at) -> Value {
                  if (a.empty()) return int64_t(0);
                  if (const auto* s = std::get_if<std::string>(&a[0])) return int_of_string(*s, at);
                  if (!is_number(a[0])) fail(at, "int() argument must be a string or a real number, not '" + type_name(a[0]) + "'");
                  return to_int(std::trunc).run(a, at);
                }};
    m["float"] = {0, 1, [](const Args& a, size_t at) -> Value {
                    if (a.empty()) return 0.0;
                    if (const auto* s = std::get_if<std::string>(&a[0])) return float_of_string(*s, at);
                    if (!is_number(a[0])) fail(at, "float() argument must be a string or a real number, not '" + type_name(a[0]) + "'");
                    return as_float(a[0]);
                  }};
    m["str"] = {0, 1, [](const Args& a, size_t) -> Value { return a.empty() ? std::string() : to_str(a[0]); }};
    m["bool"] = {0, 1, [](const Args& a, size_t) -> Value { return !a.empty() && truthy(a[0]); }};
    m["len"] = {1, 1, [](const Args& a, size_t at) -> Value {
                  const auto* s = std::get_if<std::string>(&a[0]);
                  if (!s) fail(at, "object of type '" + type_name(a[0]) + "' has no len()");
                  int64_t n = 0;
                  for (unsigned char c : *s) n += (c & 0xC0) != 0x80;  // code points of UTF-8
                  return n;
                }};
    return m;
  }();
  return f;
}

std::string math_names() {
  std::string out = "pi, e, tau, inf, nan";
  for (const auto& [name, fn] : math_functions()) out += ", " + name;
  return out;
}

std::optional<Value> math_constant(const std::string& name) {
  if (name == "pi") return M_PI;
  if (name == "e") return M_E;
  if (name == "tau") return 2 * M_PI;
  if (name == "inf") return double(INFINITY);
  if (name == "nan") return double(NAN);
  return std::nullopt;
}

// math.<name>'s owner must be math.
void math_owner(const Node& attr) {
  const Node& owner = *attr.kids[0];
  if (owner.kind != Node::Kind::Name || owner.name != "math")
    unsupported(attr.offset, "attribute access other than math.<name>");
}

[[noreturn]] void unknown_math(const Node& attr) {
  unsupported(attr.offset, "math." + attr.name + " (the math names supported are: " + math_names() + ")");
}

const Function& function_of(const Node& callee) {
  if (callee.kind == Node::Kind::Name) {
    if (auto it = builtins().find(callee.name); it != builtins().end()) return it->second;
    if (auto it = math_functions().find(callee.name); it != math_functions().end()) return it->second;
    if (callee.name == "math") fail(callee.offset, "'module' object is not callable");
    if (math_constant(callee.name)) fail(callee.offset, "'float' object is not callable");
    fail(callee.offset, "name '" + callee.name + "' is not defined");
  }
  if (callee.kind == Node::Kind::Attr) {
    math_owner(callee);
    if (auto it = math_functions().find(callee.name); it != math_functions().end()) return it->second;
    if (math_constant(callee.name)) fail(callee.offset, "'float' object is not callable");
    unknown_math(callee);
  }
  unsupported(callee.offset, "calling the result of an expression");
}

}  // namespace

Value name_value(const std::string& name, size_t at) {
  if (auto c = math_constant(name)) return *c;
  if (name == "math" || builtins().count(name) || math_functions().count(name))
    unsupported(at, "'" + name + "' as a value (call it, or use math.<name>)");
  fail(at, "name '" + name + "' is not defined");
}

Value attribute_value(const Node& attr) {
  math_owner(attr);
  if (auto c = math_constant(attr.name)) return *c;
  if (math_functions().count(attr.name)) unsupported(attr.offset, "'math." + attr.name + "' as a value (call it)");
  unknown_math(attr);
}

Value call(const Node& callee, const std::vector<Value>& args, size_t at) {
  const Function& f = function_of(callee);
  const std::string& name = callee.name;
  if (args.size() < f.min_args || args.size() > f.max_args) {
    if ((name == "min" || name == "max") && args.size() == 1)
      unsupported(at, name + "() of one argument (an iterable)");
    fail(at, name + "() takes " +
                 (f.min_args == f.max_args ? "exactly " + std::to_string(f.min_args)
                  : f.max_args == SIZE_MAX ? "at least " + std::to_string(f.min_args)
                                           : std::to_string(f.min_args) + " to " + std::to_string(f.max_args)) +
                 " argument" + (f.max_args == 1 && f.min_args == 1 ? "" : "s") + " (" + std::to_string(args.size()) + " given)");
  }
  return f.run(args, at);
}

}  // namespace dmxp::launch::py
