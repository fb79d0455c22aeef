// The tokenizer and recursive-descent parser of the `$(eval ...)` subset (python_expr.hpp),
// following Python's grammar and operator precedence (lowest first): a if c else b, or,
// and, not, comparisons, + -, * / // %, unary - +, **, calls and math.<name>, atoms.
// Python constructs outside the subset are reported by name, not as syntax errors.
#include <cctype>
#include <cstring>
#include <charconv>
#include <cstdlib>
#include <limits>

#include "python_expr_ast.hpp"

namespace dmxp::launch::py {

void unsupported(size_t offset, const std::string& what) {
  fail(offset, what + " is not supported; " + kPythonSubset);
}

namespace {

struct Token {
  enum class Kind { Number, String, Name, Op, End } kind;
  size_t offset;
  std::string text;  // a name or operator as written
  Value value;       // a number or string literal
};

bool is_name_start(char c) { return std::isalpha((unsigned char)c) || c == '_'; }
bool is_name_char(char c) { return std::isalnum((unsigned char)c) || c == '_'; }

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  std::vector<Token> all() {
    std::vector<Token> out;
    for (;;) {
      while (i_ < s_.size() && std::isspace((unsigned char)s_[i_])) ++i_;
      if (i_ == s_.size()) {
        out.push_back({Token::Kind::End, i_, "", {}});
        return out;
      }
      char c = s_[i_];
      if (std::isdigit((unsigned char)c) || (c == '.' && i_ + 1 < s_.size() && std::isdigit((unsigned char)s_[i_ + 1])))
        out.push_back(number());
      else if (c == '\'' || c == '"')
        out.push_back(string());
      else if (is_name_start(c))
        out.push_back(name());
      else
        out.push_back(op());
    }
  }

 private:
  Token number() {
    size_t start = i_;
    if (s_[i_] == '0' && i_ + 1 < s_.size() && std::strchr("xXoObB", s_[i_ + 1])) {
      int base = std::tolower(s_[i_ + 1]) == 'x' ? 16 : std::tolower(s_[i_ + 1]) == 'o' ? 8 : 2;
      i_ += 2;
      std::string digits = run([](char c) { return std::isxdigit((unsigned char)c) || c == '_'; });
      return {Token::Kind::Number, start, "", Value(to_int(digits, base, start))};
    }
    std::string text = run([](char c) { return std::isdigit((unsigned char)c) || c == '_'; });
    bool is_float = false;
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      text += "." + run([](char c) { return std::isdigit((unsigned char)c) || c == '_'; });
      is_float = true;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      size_t e = i_++;
      std::string exp = "e";
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) exp += s_[i_++];
      std::string digits = run([](char c) { return std::isdigit((unsigned char)c) || c == '_'; });
      if (digits.empty()) fail(e, "invalid syntax: a number's exponent needs digits");
      text += exp + digits;
      is_float = true;
    }
    if (i_ < s_.size() && (s_[i_] == 'j' || s_[i_] == 'J')) unsupported(start, "a complex number");
    if (i_ < s_.size() && is_name_char(s_[i_])) fail(i_, "invalid syntax: a number followed by '" + std::string(1, s_[i_]) + "'");
    std::string clean;
    for (char c : text)
      if (c != '_') clean += c;
    if (is_float) return {Token::Kind::Number, start, "", Value(std::strtod(clean.c_str(), nullptr))};
    if (clean.size() > 1 && clean[0] == '0' && clean.find_first_not_of('0') != std::string::npos)
      fail(start, "invalid syntax: leading zeros in a decimal integer (write 0o" + clean.substr(1) + " for octal)");
    return {Token::Kind::Number, start, "", Value(to_int(clean, 10, start))};
  }

  int64_t to_int(const std::string& digits, int base, size_t at) {
    std::string clean;
    for (char c : digits)
      if (c != '_') clean += c;
    int64_t v = 0;
    auto [end, ec] = std::from_chars(clean.data(), clean.data() + clean.size(), v, base);
    if (clean.empty() || end != clean.data() + clean.size()) fail(at, "invalid syntax: a malformed number");
    if (ec == std::errc::result_out_of_range) fail(at, "integer literal out of the supported range (64-bit)");
    return v;
  }

  Token string() {
    size_t start = i_;
    char quote = s_[i_++];
    std::string out;
    for (;;) {
      if (i_ >= s_.size() || s_[i_] == '\n') fail(start, "unterminated string literal");
      char c = s_[i_++];
      if (c == quote) break;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) fail(start, "unterminated string literal");
      char e = s_[i_++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '0': out += '\0'; break;
        case '\\': case '\'': case '"': out += e; break;
        case '\n': break;
        default: out += '\\'; out += e;  // Python keeps unknown escapes as written
      }
    }
    return {Token::Kind::String, start, "", Value(out)};
  }

  Token name() {
    size_t start = i_;
    std::string n = run(is_name_char);
    // A string prefix: f'..', r'..', b'..'
    if (i_ < s_.size() && (s_[i_] == '\'' || s_[i_] == '"') && n.size() <= 2)
      unsupported(start, "a prefixed string literal (" + n + "'...')");
    return {Token::Kind::Name, start, n, {}};
  }

  Token op() {
    size_t start = i_;
    static const char* const ops[] = {"**", "//", "<=", ">=", "==", "!=", "<<", ">>", "->", ":=",
                                      "+", "-", "*", "/", "%", "<", ">", "(", ")", ",", ".",
                                      "[", "]", "{", "}", ":", "~", "&", "|", "^", "@", "=", "!"};
    for (const char* o : ops) {
      std::string_view ov(o);
      if (s_.substr(i_, ov.size()) == ov) {
        i_ += ov.size();
        return {Token::Kind::Op, start, std::string(ov), {}};
      }
    }
    fail(start, "invalid syntax: unexpected character '" + std::string(1, s_[i_]) + "'");
  }

  template <class F>
  std::string run(F keep) {
    size_t start = i_;
    while (i_ < s_.size() && keep(s_[i_])) ++i_;
    return std::string(s_.substr(start, i_ - start));
  }

  std::string_view s_;
  size_t i_ = 0;
};

class Parser {
 public:
  explicit Parser(std::vector<Token> t) : t_(std::move(t)) {}

  NodePtr whole() {
    NodePtr n = ternary();
    if (peek().kind != Token::Kind::End) unexpected();
    return n;
  }

 private:
  const Token& peek(size_t ahead = 0) const { return t_[std::min(i_ + ahead, t_.size() - 1)]; }
  bool is_op(const char* o, size_t ahead = 0) const { return peek(ahead).kind == Token::Kind::Op && peek(ahead).text == o; }
  bool is_kw(const char* k, size_t ahead = 0) const { return peek(ahead).kind == Token::Kind::Name && peek(ahead).text == k; }
  const Token& next() { return t_[i_ < t_.size() - 1 ? i_++ : i_]; }

  static NodePtr make(Node::Kind k, size_t offset) {
    auto n = std::make_unique<Node>();
    n->kind = k;
    n->offset = offset;
    return n;
  }

  // Names a construct outside the subset, else a plain syntax error.
  [[noreturn]] void unexpected() {
    const Token& t = peek();
    if (t.kind == Token::Kind::End) fail(t.offset, "invalid syntax: the expression ends too early");
    if (t.kind == Token::Kind::Op) {
      const std::string& o = t.text;
      if (o == "[") unsupported(t.offset, "a list or subscript ('[')");
      if (o == "{") unsupported(t.offset, "a dict or set ('{')");
      if (o == "~" || o == "&" || o == "|" || o == "^" || o == "<<" || o == ">>")
        unsupported(t.offset, "the bitwise operator '" + o + "'");
      if (o == "@") unsupported(t.offset, "the operator '@'");
      if (o == "=" || o == ":=") unsupported(t.offset, "an assignment ('" + o + "')");
      if (o == ",") unsupported(t.offset, "a tuple (',')");
    }
    if (t.kind == Token::Kind::Name) {
      for (const char* k : {"lambda", "for", "is", "await", "yield", "import"})
        if (t.text == k) unsupported(t.offset, "'" + t.text + "'");
    }
    std::string what = t.kind == Token::Kind::Op || t.kind == Token::Kind::Name ? "'" + t.text + "'"
                       : t.kind == Token::Kind::String ? std::string("a string")
                                                       : std::string("a number");
    fail(t.offset, "invalid syntax: unexpected " + what);
  }

  // Every level of nesting passes through ternary, not_test or factor: bounding them bounds
  // the recursion (and the stack) whatever the input. Python stops at about 200 too.
  struct Nesting {
    Parser& p;
    explicit Nesting(Parser& parser) : p(parser) {
      if (++p.depth_ > kMaxDepth) fail(p.peek().offset, "the expression is nested too deeply");
    }
    ~Nesting() { --p.depth_; }
  };
  static constexpr int kMaxDepth = 300;  // about 100 parentheses

  NodePtr ternary() {
    Nesting guard(*this);
    if (is_kw("lambda")) unexpected();
    NodePtr then = or_test();
    if (!is_kw("if")) return then;
    size_t at = next().offset;
    NodePtr cond = or_test();
    if (!is_kw("else")) fail(peek().offset, "invalid syntax: 'a if c' needs 'else b'");
    next();
    NodePtr other = ternary();
    NodePtr n = make(Node::Kind::IfElse, at);
    n->kids.push_back(std::move(then));
    n->kids.push_back(std::move(cond));
    n->kids.push_back(std::move(other));
    return n;
  }

  NodePtr chain(Node::Kind kind, const char* kw, NodePtr (Parser::*sub)()) {
    NodePtr first = (this->*sub)();
    if (!is_kw(kw)) return first;
    NodePtr n = make(kind, first->offset);
    n->kids.push_back(std::move(first));
    while (is_kw(kw)) {
      next();
      n->kids.push_back((this->*sub)());
    }
    return n;
  }
  NodePtr or_test() { return chain(Node::Kind::Or, "or", &Parser::and_test); }
  NodePtr and_test() { return chain(Node::Kind::And, "and", &Parser::not_test); }

  NodePtr not_test() {
    Nesting guard(*this);
    if (!is_kw("not")) return comparison();
    size_t at = next().offset;
    NodePtr n = make(Node::Kind::Unary, at);
    n->name = "not";
    n->kids.push_back(not_test());
    return n;
  }

  // The comparison operator at the cursor ("not in" is two tokens), or "".
  std::string compare_op() const {
    for (const char* o : {"<", ">", "<=", ">=", "==", "!="})
      if (is_op(o)) return o;
    if (is_kw("in")) return "in";
    if (is_kw("not") && is_kw("in", 1)) return "not in";
    if (is_kw("is")) unsupported(peek().offset, "'is' (compare values with == and !=)");
    return "";
  }

  NodePtr comparison() {
    NodePtr first = arith();
    if (compare_op().empty()) return first;
    NodePtr n = make(Node::Kind::Compare, first->offset);
    n->kids.push_back(std::move(first));
    for (std::string o = compare_op(); !o.empty(); o = compare_op()) {
      next();
      if (o == "not in") next();
      n->ops.push_back(o);
      n->kids.push_back(arith());
    }
    return n;
  }

  NodePtr binary(std::initializer_list<const char*> ops, NodePtr (Parser::*sub)()) {
    NodePtr left = (this->*sub)();
    for (;;) {
      const char* found = nullptr;
      for (const char* o : ops)
        if (is_op(o)) found = o;
      if (!found) return left;
      size_t at = next().offset;
      NodePtr n = make(Node::Kind::Binary, at);
      n->name = found;
      n->kids.push_back(std::move(left));
      n->kids.push_back((this->*sub)());
      left = std::move(n);
    }
  }
  NodePtr arith() { return binary({"+", "-"}, &Parser::term); }
  NodePtr term() { return binary({"*", "/", "//", "%"}, &Parser::factor); }

  NodePtr factor() {
    Nesting guard(*this);
    if (is_op("-") || is_op("+")) {
      const Token& t = next();
      NodePtr n = make(Node::Kind::Unary, t.offset);
      n->name = t.text;
      n->kids.push_back(factor());
      return n;
    }
    if (is_op("~")) unexpected();
    return power();
  }

  NodePtr power() {
    NodePtr base = primary();
    if (!is_op("**")) return base;
    size_t at = next().offset;
    NodePtr n = make(Node::Kind::Binary, at);
    n->name = "**";
    n->kids.push_back(std::move(base));
    n->kids.push_back(factor());  // right-associative, and -x binds tighter on the right: 2**-1
    return n;
  }

  NodePtr primary() {
    NodePtr n = atom();
    for (;;) {
      if (is_op(".")) {
        size_t at = next().offset;
        if (peek().kind != Token::Kind::Name) fail(peek().offset, "invalid syntax: a name must follow '.'");
        NodePtr a = make(Node::Kind::Attr, at);
        a->name = next().text;
        a->kids.push_back(std::move(n));
        n = std::move(a);
      } else if (is_op("(")) {
        size_t at = next().offset;
        NodePtr c = make(Node::Kind::Call, at);
        c->kids.push_back(std::move(n));
        while (!is_op(")")) {
          if (peek().kind == Token::Kind::Name && is_op("=", 1)) unsupported(peek().offset, "a keyword argument");
          if (is_op("*") || is_op("**")) unsupported(peek().offset, "argument unpacking");
          c->kids.push_back(ternary());
          if (is_op(",")) next();
          else if (!is_op(")")) unexpected();
        }
        next();
        n = std::move(c);
      } else if (is_op("[")) {
        unsupported(peek().offset, "a subscript ('[')");
      } else {
        return n;
      }
    }
  }

  NodePtr atom() {
    const Token& t = peek();
    if (t.kind == Token::Kind::Number) {
      NodePtr n = make(Node::Kind::Const, t.offset);
      n->value = next().value;
      return n;
    }
    if (t.kind == Token::Kind::String) {
      NodePtr n = make(Node::Kind::Const, t.offset);
      std::string joined;
      while (peek().kind == Token::Kind::String) joined += std::get<std::string>(next().value);  // 'a' 'b' is 'ab'
      n->value = joined;
      return n;
    }
    if (t.kind == Token::Kind::Name) {
      static const char* const keywords[] = {"and", "or", "not", "if", "else", "in", "is", "lambda",
                                             "for", "await", "yield", "import"};
      for (const char* k : keywords)
        if (t.text == k) unexpected();
      NodePtr n = make(Node::Kind::Const, t.offset);
      if (t.text == "True") n->value = true;
      else if (t.text == "False") n->value = false;
      else if (t.text == "None") n->value = std::monostate{};
      else {
        n->kind = Node::Kind::Name;
        n->name = t.text;
      }
      next();
      return n;
    }
    if (is_op("(")) {
      size_t at = next().offset;
      if (is_op(")")) unsupported(at, "a tuple ('()')");
      NodePtr inner = ternary();
      if (is_op(",")) unexpected();
      if (!is_op(")")) {
        if (peek().kind == Token::Kind::End) fail(at, "invalid syntax: '(' was never closed");
        unexpected();
      }
      next();
      return inner;
    }
    unexpected();
  }

  std::vector<Token> t_;
  size_t i_ = 0;
  int depth_ = 0;
};

}  // namespace

NodePtr parse(std::string_view expr) {
  std::vector<Token> tokens = Lexer(expr).all();
  // A chain of operators makes a tree as deep as it is long, which evaluation walks
  // recursively: launch expressions are short, hostile ones are stopped here.
  constexpr size_t kMaxTokens = 1000;
  if (tokens.size() > kMaxTokens)
    fail(tokens[kMaxTokens].offset, "the expression is too long (more than " + std::to_string(kMaxTokens) + " tokens)");
  return Parser(std::move(tokens)).whole();
}

}  // namespace dmxp::launch::py
