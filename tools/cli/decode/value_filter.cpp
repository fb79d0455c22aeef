#include "decode/value_filter.hpp"

#include <cctype>
#include <stdexcept>
#include <string>
#include <vector>

#include "decode/value_path.hpp"

namespace dmxp::cli {
namespace {

enum class Op { Eq, Ne, Lt, Le, Gt, Ge };

struct Comparison {
  ValuePath path;
  Op op;
  json::Value literal;  // Double, String or Bool
};

// Disjunction of conjunctions.
using Clauses = std::vector<std::vector<Comparison>>;

class Parser {
 public:
  explicit Parser(std::string_view t) : t_(t) {}
  Clauses parse() {
    Clauses out;
    do {
      std::vector<Comparison> all;
      do all.push_back(comparison()); while (eat("&&"));
      out.push_back(std::move(all));
    } while (eat("||"));
    space();
    if (i_ != t_.size()) fail("expected '&&', '||' or the end");
    return out;
  }

 private:
  [[noreturn]] void fail(const char* what) {
    throw std::runtime_error("bad filter '" + std::string(t_) + "' at column " +
                             std::to_string(i_ + 1) + ": " + what);
  }
  void space() { while (i_ < t_.size() && t_[i_] == ' ') ++i_; }
  bool eat(std::string_view s) {
    space();
    if (t_.substr(i_, s.size()) != s) return false;
    i_ += s.size();
    return true;
  }
  Comparison comparison() {
    space();
    size_t start = i_;
    while (i_ < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[i_])) ||
                              std::string_view("_.[]").find(t_[i_]) != std::string_view::npos))
      ++i_;
    if (i_ == start) fail("expected a field path");
    Comparison c{parse_value_path(t_.substr(start, i_ - start)), Op::Eq, {}};
    static const std::pair<const char*, Op> ops[] = {{"==", Op::Eq}, {"!=", Op::Ne}, {"<=", Op::Le},
                                                     {">=", Op::Ge}, {"<", Op::Lt},  {">", Op::Gt}};
    bool found = false;
    for (auto [text, op] : ops)
      if (eat(text)) { c.op = op; found = true; break; }
    if (!found) fail("expected a comparison (== != < <= > >=)");
    c.literal = literal();
    return c;
  }
  json::Value literal() {
    space();
    json::Value v;
    if (i_ < t_.size() && (t_[i_] == '\'' || t_[i_] == '"')) {
      char q = t_[i_++];
      size_t end = t_.find(q, i_);
      if (end == std::string_view::npos) fail("unterminated text");
      v.kind = json::Value::Kind::String;
      v.s = std::string(t_.substr(i_, end - i_));
      i_ = end + 1;
      return v;
    }
    for (bool b : {true, false})
      if (eat(b ? "true" : "false")) {
        v.kind = json::Value::Kind::Bool;
        v.b = b;
        return v;
      }
    size_t start = i_;
    while (i_ < t_.size() && std::string_view("+-.0123456789eE").find(t_[i_]) != std::string_view::npos) ++i_;
    std::string num(t_.substr(start, i_ - start));
    size_t used = 0;
    try { v.d = std::stod(num, &used); } catch (const std::exception&) { used = 0; }
    if (num.empty() || used != num.size()) { i_ = start; fail("expected a number, 'text', true or false"); }
    v.kind = json::Value::Kind::Double;
    return v;
  }

  std::string_view t_;
  size_t i_ = 0;
};

double as_number(const json::Value& v) {
  switch (v.kind) {
    case json::Value::Kind::Int: return double(v.i);
    case json::Value::Kind::UInt: return double(v.u);
    case json::Value::Kind::Double: return v.d;
    case json::Value::Kind::Bool: return v.b ? 1 : 0;
    default: throw std::runtime_error("not a number");
  }
}

template <class T>
bool compare(const T& a, Op op, const T& b) {
  switch (op) {
    case Op::Eq: return a == b;
    case Op::Ne: return a != b;
    case Op::Lt: return a < b;
    case Op::Le: return a <= b;
    case Op::Gt: return a > b;
    case Op::Ge: return a >= b;
  }
  return false;
}

bool holds(const Comparison& c, const json::Value& message) {
  const json::Value* v = find_value(message, c.path);
  if (!v) throw std::runtime_error("filter: the message has no field '" + c.path.text + "'");
  bool text_field = v->kind == json::Value::Kind::String;
  bool text_literal = c.literal.kind == json::Value::Kind::String;
  if (text_field != text_literal || v->kind == json::Value::Kind::Object ||
      v->kind == json::Value::Kind::Array)
    throw std::runtime_error("filter: field '" + c.path.text + "' cannot be compared with " +
                             (text_literal ? "text" : "a number"));
  if (text_field) return compare(v->s, c.op, c.literal.s);
  double rhs = c.literal.kind == json::Value::Kind::Bool ? (c.literal.b ? 1 : 0) : c.literal.d;
  return compare(as_number(*v), c.op, rhs);
}

}  // namespace

struct ValueFilter::Impl {
  Clauses clauses;
};

ValueFilter::ValueFilter(std::string_view expression)
    : impl_(new Impl{Parser(expression).parse()}) {}
ValueFilter::~ValueFilter() = default;
ValueFilter::ValueFilter(ValueFilter&&) noexcept = default;
ValueFilter& ValueFilter::operator=(ValueFilter&&) noexcept = default;

bool ValueFilter::matches(const json::Value& message) const {
  for (const auto& all : impl_->clauses) {
    bool ok = true;
    for (const Comparison& c : all) ok = ok && holds(c, message);
    if (ok) return true;
  }
  return false;
}

}  // namespace dmxp::cli
