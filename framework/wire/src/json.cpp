#include "dmxp/wire/json.hpp"

#include <cstdlib>
#include <stdexcept>

namespace dmxp::wire::json {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view t) : t_(t) {}
  Value document() {
    Value v = value();
    space();
    if (i_ != t_.size()) fail("trailing characters");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("json: " + what + " at offset " + std::to_string(i_));
  }
  void space() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\n' || t_[i_] == '\t' || t_[i_] == '\r')) ++i_;
  }
  bool eat(char c) {
    space();
    if (i_ < t_.size() && t_[i_] == c) { ++i_; return true; }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(std::string("expected '") + c + "'");
  }
  Value value() {
    space();
    if (i_ >= t_.size()) fail("unexpected end");
    char c = t_[i_];
    Value v;
    if ((c == '{' || c == '[') && depth_ == kMaxDepth)
      fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    Nest nest(depth_);
    if (c == '{') {
      ++i_;
      v.kind = Value::Kind::Object;
      if (eat('}')) return v;
      do {
        space();
        std::string k = string();
        expect(':');
        v.object.emplace_back(std::move(k), value());
      } while (eat(','));
      expect('}');
    } else if (c == '[') {
      ++i_;
      v.kind = Value::Kind::Array;
      if (eat(']')) return v;
      do v.array.push_back(value());
      while (eat(','));
      expect(']');
    } else if (c == '"') {
      v.kind = Value::Kind::String;
      v.s = string();
    } else if (t_.substr(i_, 4) == "true" || t_.substr(i_, 5) == "false") {
      v.kind = Value::Kind::Bool;
      v.b = t_[i_] == 't';
      i_ += v.b ? 4 : 5;
    } else if (t_.substr(i_, 4) == "null") {
      i_ += 4;
    } else {
      number(v);
    }
    return v;
  }
  std::string string() {
    if (i_ >= t_.size() || t_[i_] != '"') fail("expected a string");
    ++i_;
    std::string out;
    while (i_ < t_.size() && t_[i_] != '"') {
      char c = t_[i_++];
      if (c != '\\') { out += c; continue; }
      if (i_ >= t_.size()) fail("bad escape");
      char e = t_[i_++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          if (i_ + 4 > t_.size()) fail("bad \\u escape");
          unsigned cp = unsigned(std::strtoul(std::string(t_.substr(i_, 4)).c_str(), nullptr, 16));
          i_ += 4;
          if (cp > 0xFF) fail("\\u escape above U+00FF (descriptors only hold bytes)");
          out += char(cp);
          break;
        }
        default: out += e;
      }
    }
    if (i_ >= t_.size()) fail("unterminated string");
    ++i_;
    return out;
  }
  void number(Value& v) {
    size_t start = i_;
    if (t_[i_] == '-') ++i_;
    bool integral = true;
    while (i_ < t_.size() && std::string_view("0123456789.eE+-").find(t_[i_]) != std::string_view::npos) {
      if (t_[i_] == '.' || t_[i_] == 'e' || t_[i_] == 'E') integral = false;
      ++i_;
    }
    std::string text(t_.substr(start, i_ - start));
    if (text.empty() || text == "-") fail("expected a value");
    if (integral && text[0] == '-') {
      v.kind = Value::Kind::Int;
      v.i = std::strtoll(text.c_str(), nullptr, 10);
    } else if (integral) {
      v.kind = Value::Kind::UInt;
      v.u = std::strtoull(text.c_str(), nullptr, 10);
    } else {
      v.kind = Value::Kind::Double;
      v.d = std::strtod(text.c_str(), nullptr);
    }
  }

  // Counts the arrays and objects open around the value being read.
  struct Nest {
    explicit Nest(int& d) : d_(d) { ++d_; }
    ~Nest() { --d_; }
    int& d_;
  };

  std::string_view t_;
  size_t i_ = 0;
  int depth_ = 0;
};

}  // namespace

const Value& Value::operator[](std::string_view key) const {
  for (const auto& [k, v] : object)
    if (k == key) return v;
  throw std::out_of_range("json: no key '" + std::string(key) + "'");
}

bool Value::has(std::string_view key) const {
  for (const auto& [k, v] : object)
    if (k == key) return true;
  return false;
}

uint64_t Value::as_u64() const {
  if (kind == Kind::UInt) return u;
  if (kind == Kind::Int && i >= 0) return uint64_t(i);
  throw std::runtime_error("json: not an unsigned integer");
}

double Value::as_double() const {
  switch (kind) {
    case Kind::Double: return d;
    case Kind::Int: return double(i);
    case Kind::UInt: return double(u);
    default: throw std::runtime_error("json: not a number");
  }
}

const std::string& Value::str() const {
  if (kind != Kind::String) throw std::runtime_error("json: not a string");
  return s;
}

Value parse(std::string_view text) { return Reader(text).document(); }

}  // namespace dmxp::wire::json
