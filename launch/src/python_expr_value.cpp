// Python's view of the `$(eval ...)` values (python_expr_value.hpp).
#include "python_expr_value.hpp"

#include <charconv>
#include <cmath>

namespace dmxp::launch::py {

std::string type_name(const Value& v) {
  static const char* const names[] = {"NoneType", "bool", "int", "float", "str"};
  return names[v.index()];
}

bool is_number(const Value& v) { return v.index() >= 1 && v.index() <= 3; }
bool is_int(const Value& v) { return v.index() == 1 || v.index() == 2; }

int64_t as_int(const Value& v) {
  if (const bool* b = std::get_if<bool>(&v)) return *b;
  return std::get<int64_t>(v);
}

double as_float(const Value& v) {
  if (const double* d = std::get_if<double>(&v)) return *d;
  return double(as_int(v));
}

bool truthy(const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return false;
  if (const auto* s = std::get_if<std::string>(&v)) return !s->empty();
  if (const double* d = std::get_if<double>(&v)) return *d != 0;
  return as_int(v) != 0;
}

bool equal(const Value& a, const Value& b) {
  if (is_number(a) && is_number(b)) {
    if (is_int(a) && is_int(b)) return as_int(a) == as_int(b);
    long double x = is_int(a) ? (long double)as_int(a) : as_float(a);
    long double y = is_int(b) ? (long double)as_int(b) : as_float(b);
    return x == y;
  }
  if (a.index() != b.index()) return false;
  if (std::holds_alternative<std::monostate>(a)) return true;
  return std::get<std::string>(a) == std::get<std::string>(b);
}

std::string float_repr(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
  // The shortest digits that read back as d (what repr() prints), then Python's layout:
  // positional when the decimal point falls within 16 digits, else an exponent.
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, r.ptr);
  std::string sign = sci[0] == '-' ? "-" : "";
  if (!sign.empty()) sci.erase(0, 1);
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e))
    if (c != '.') digits += c;
  int exp = std::stoi(sci.substr(e + 1));
  int point = exp + 1;  // digits before the decimal point
  int n = int(digits.size());
  if (point > 16 || point < -3) {
    std::string mant = digits.substr(0, 1) + (n > 1 ? "." + digits.substr(1) : "");
    std::string ex = std::to_string(std::abs(exp));
    if (ex.size() < 2) ex = "0" + ex;
    return sign + mant + "e" + (exp < 0 ? "-" : "+") + ex;
  }
  if (point <= 0) return sign + "0." + std::string(size_t(-point), '0') + digits;
  if (point >= n) return sign + digits + std::string(size_t(point - n), '0') + ".0";
  return sign + digits.substr(0, size_t(point)) + "." + digits.substr(size_t(point));
}

std::string to_str(const Value& v) {
  switch (v.index()) {
    case 0: return "None";
    case 1: return std::get<bool>(v) ? "True" : "False";
    case 2: return std::to_string(std::get<int64_t>(v));
    case 3: return float_repr(std::get<double>(v));
    default: return std::get<std::string>(v);
  }
}

}  // namespace dmxp::launch::py
