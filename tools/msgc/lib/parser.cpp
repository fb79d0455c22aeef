#include "parser.hpp"

#include "annotations.hpp"
#include "literals.hpp"

namespace dmxp::msgc {
namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// Thrown inside one line's parse only; caught by parse_line, which skips to the next line.
struct LineError {};

class Parser {
 public:
  Parser(std::shared_ptr<const SourceFile> f, Diagnostics& d)
      : file_(std::move(f)), diags_(d), toks_(tokenize(*file_)) {}
  // One part of a file: toks must end in End.
  Parser(std::shared_ptr<const SourceFile> f, Diagnostics& d, std::vector<Token> toks)
      : file_(std::move(f)), diags_(d), toks_(std::move(toks)) {}

  void run(ast::MessageDecl& out) {
    bool seen_decl = false, in_header_doc = true;
    std::string pending_doc;  // comment lines right above the next declaration
    while (peek().kind != Tok::End) {
      const Token& first = peek();
      if (first.kind == Tok::Newline) {  // a blank line ends a doc block
        next();
        if (!seen_decl && !out.doc.empty()) in_header_doc = false;
        pending_doc.clear();
        continue;
      }
      if (first.kind == Tok::Comment) {
        Token c = next();
        reject_annotations_alone(c);
        std::string text = doc_text(c.text);
        if (!seen_decl && in_header_doc) append_line(out.doc, text);
        else append_line(pending_doc, text);
        expect_line_end();
        continue;
      }
      seen_decl = true;
      in_header_doc = false;
      try {
        parse_declaration(out, pending_doc);
      } catch (const LineError&) {
        skip_line();
      }
      pending_doc.clear();
    }
  }

 private:
  const Token& peek(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return toks_[i < toks_.size() ? i : toks_.size() - 1];
  }
  Token next() {
    Token t = peek();
    if (pos_ < toks_.size() - 1) ++pos_;
    return t;
  }
  void skip_line() {
    while (peek().kind != Tok::Newline && peek().kind != Tok::End) next();
    if (peek().kind == Tok::Newline) next();
  }
  [[noreturn]] void fail(const Token& at, const std::string& what) {
    diags_.error(loc_of(file_, at), what);
    throw LineError{};
  }
  [[noreturn]] void fail_expected(const Token& at, const std::string& expected) {
    if (at.kind == Tok::Invalid && (at.text.front() == '"' || at.text.front() == '\''))
      fail(at, "unterminated string, expected a closing " + std::string(1, at.text.front()) +
                   " on the same line");
    std::string found = at.kind == Tok::Newline || at.kind == Tok::End
                            ? describe(at.kind)
                            : "'" + std::string(at.text) + "'";
    fail(at, "unexpected " + found + ", expected " + expected);
  }
  Token expect(Tok kind, const std::string& expected) {
    if (peek().kind != kind) fail_expected(peek(), expected);
    return next();
  }
  void expect_line_end(const char* expected = "end of line") {
    if (peek().kind == Tok::Newline) { next(); return; }
    if (peek().kind == Tok::End) return;
    fail_expected(peek(), expected);
  }

  static std::string doc_text(std::string_view comment) {
    if (!comment.empty() && comment.front() == ' ') comment.remove_prefix(1);
    return trim(comment);
  }
  static void append_line(std::string& doc, const std::string& line) {
    if (!doc.empty()) doc += "\n";
    doc += line;
  }

  // '@capacity' on a comment line of its own would silently apply to nothing.
  void reject_annotations_alone(const Token& c) {
    AnnotationScan scan = scan_annotations(file_, c);
    if (!scan.found.empty())
      diags_.error(scan.found.front(),
                   "annotation on a comment line of its own, expected it in the trailing "
                   "comment of the field it applies to (e.g. 'uint8[] data  # @capacity 1024')");
  }

  void parse_declaration(ast::MessageDecl& out, const std::string& above_doc) {
    if (peek().kind == Tok::Separator)
      fail(peek(), "'---' separates the parts of a service or action, expected a single "
                   "message in a .msg file");
    ast::TypeSpec type = parse_type();
    if (peek().kind != Tok::Ident || !peek().space_before)
      fail_expected(peek(), peek().kind == Tok::Ident ? "a space between type and name"
                                                      : "a field or constant name after the type");
    Token name = next();
    if (peek().kind == Tok::Equals) {
      next();
      ast::ConstantDecl c;
      c.type = std::move(type);
      c.name = std::string(name.text);
      c.name_loc = loc_of(file_, name);
      c.value = parse_constant_value(c.type);
      c.doc = above_doc;
      if (peek().kind == Tok::Comment) append_line(c.doc, doc_text(next().text));
      expect_line_end("a comment or end of line after the constant's value");
      out.constants.push_back(std::move(c));
      return;
    }
    ast::FieldDecl f;
    f.type = std::move(type);
    f.name = std::string(name.text);
    f.name_loc = loc_of(file_, name);
    if (peek().kind != Tok::Comment && peek().kind != Tok::Newline && peek().kind != Tok::End)
      f.default_value = parse_default();
    f.doc = above_doc;
    if (peek().kind == Tok::Comment) {
      Token c = next();
      append_line(f.doc, doc_text(c.text));
      parse_annotations(file_, c, f.annotations, diags_);
    }
    expect_line_end(f.default_value ? "a comment or end of line after the default value"
                                    : "a default value, a comment or end of line after the field name");
    out.fields.push_back(std::move(f));
  }

  uint64_t parse_size(const char* what) {
    Token n = peek();
    if (n.kind != Tok::Integer || n.space_before) fail_expected(n, what);
    next();
    if (n.text.front() == '-' || n.text.front() == '+')
      fail(n, "'" + std::string(n.text) + "' has a sign, expected " + what);
    auto v = parse_uint(n.text);
    if (!v) fail(n, "'" + std::string(n.text) + "' is not a valid integer (too large or bad "
                 "digits), expected " + what);
    return *v;
  }

  ast::TypeSpec parse_type() {
    ast::TypeSpec t;
    Token first = peek();
    if (first.kind != Tok::Ident)
      fail_expected(first, "a type (a primitive such as 'int32', or 'Type' or 'package/Type')");
    next();
    Token last = first;
    t.name = std::string(first.text);
    if (peek().kind == Tok::Slash && !peek().space_before) {
      next();
      Token n = peek();
      if (n.kind != Tok::Ident || n.space_before)
        fail_expected(n, "a type name after 'package/'");
      last = next();
      t.package = t.name;
      t.name = std::string(n.text);
    }
    t.base_loc = loc_span(file_, first, last);
    if (peek().kind == Tok::LessEq && !peek().space_before) {
      Token le = next();
      if (!t.package.empty() || t.name != "string")
        fail(le, "'<=' bound after '" + t.name + "', expected it only after 'string' "
                 "(string<=N); arrays take it inside brackets: T[<=N]");
      t.string_bound = parse_size("a string bound (string<=N)");
      last = toks_[pos_ - 1];
    }
    if (peek().kind == Tok::LBracket && !peek().space_before) {
      next();
      if (peek().kind == Tok::RBracket) {
        t.array = ast::ArraySuffix::Unbounded;
      } else if (peek().kind == Tok::LessEq) {
        next();
        t.array = ast::ArraySuffix::Bounded;
        t.array_size = parse_size("an array bound ('T[<=N]')");
      } else {
        t.array = ast::ArraySuffix::Fixed;
        t.array_size = parse_size("an array size ('T[N]'), '<=N' or ']'");
      }
      last = expect(Tok::RBracket, "']'");
      if (peek().kind == Tok::LBracket && !peek().space_before)
        fail(peek(), "a second array suffix, expected a single one (arrays of arrays are "
                     "written as an array of a message that holds an array)");
    }
    t.loc = loc_span(file_, first, last);
    return t;
  }

  ast::Literal literal(const Token& t) {
    ast::Literal lit;
    lit.kind = t.kind;
    lit.loc = loc_of(file_, t);
    if (t.kind == Tok::String) {
      std::string err;
      auto s = unescape(t.text, &err);
      if (!s) fail(t, err);
      lit.text = *s;
    } else {
      lit.text = std::string(t.text);
    }
    return lit;
  }

  bool is_literal(Tok k) const {
    return k == Tok::Integer || k == Tok::Float || k == Tok::String || k == Tok::Ident;
  }

  ast::Value parse_constant_value(const ast::TypeSpec& type) {
    ast::Value v;
    Token t = peek();
    if (t.kind == Tok::Newline || t.kind == Tok::End || t.kind == Tok::Comment)
      fail_expected(t, "a constant value after '='");
    bool string_type = type.package.empty() && type.name == "string";
    if (string_type && t.kind != Tok::String) {
      // ROS 1: an unquoted string constant is the rest of the line, '#' included.
      const Token& eol = [&]() -> const Token& {
        size_t i = pos_;
        while (toks_[i].kind != Tok::Newline && toks_[i].kind != Tok::End) ++i;
        return toks_[i];
      }();
      ast::Literal lit;
      lit.kind = Tok::String;
      lit.text = trim(std::string_view(file_->text()).substr(t.offset, eol.offset - t.offset));
      lit.loc = loc_of(file_, t);
      lit.loc.length = uint32_t(lit.text.size() ? lit.text.size() : 1);
      while (peek().kind != Tok::Newline && peek().kind != Tok::End) next();
      v.items.push_back(std::move(lit));
      v.loc = v.items.back().loc;
      return v;
    }
    if (t.kind == Tok::LBracket) fail(t, "a list after '=', expected a single value (constants "
                                         "are scalars or strings)");
    if (!is_literal(t.kind)) fail_expected(t, "a constant value (a number, true/false or a string)");
    next();
    v.items.push_back(literal(t));
    v.loc = v.items.back().loc;
    return v;
  }

  ast::Value parse_default() {
    ast::Value v;
    Token t = peek();
    if (!t.space_before) fail_expected(t, "a space before the default value");
    if (t.kind == Tok::LBracket) {
      Token open = next();
      v.is_list = true;
      Token last = open;
      if (peek().kind == Tok::RBracket) {
        last = next();
      } else {
        for (;;) {
          Token item = peek();
          if (!is_literal(item.kind)) fail_expected(item, "a value in the default list");
          v.items.push_back(literal(next()));
          if (peek().kind == Tok::Comma) { next(); continue; }
          last = expect(Tok::RBracket, "',' or ']' in the default list");
          break;
        }
      }
      v.loc = loc_span(file_, open, last);
      return v;
    }
    if (!is_literal(t.kind))
      fail_expected(t, "a default value, a comment or end of line after the field name");
    v.items.push_back(literal(next()));
    v.loc = v.items.back().loc;
    return v;
  }

  std::shared_ptr<const SourceFile> file_;
  Diagnostics& diags_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
};

}  // namespace

ast::MessageDecl parse_message(std::shared_ptr<const SourceFile> file, std::string package,
                               std::string name, Diagnostics& diags) {
  ast::MessageDecl out;
  out.package = std::move(package);
  out.name = std::move(name);
  out.source = file;
  Parser(file, diags).run(out);
  return out;
}

namespace {

// The tokens of each part of a file whose parts are separated by '---' lines; each part ends
// in an End token placed where the part ends (the separator's line belongs to neither part).
std::vector<std::vector<Token>> split_parts(const std::vector<Token>& toks,
                                            const std::vector<size_t>& separators) {
  std::vector<std::vector<Token>> parts;
  size_t start = 0;
  for (size_t sep : separators) {
    Token end = toks[sep];
    end.kind = Tok::End;
    parts.emplace_back(toks.begin() + long(start), toks.begin() + long(sep));
    parts.back().push_back(end);
    start = sep + 1;
    if (start < toks.size() && toks[start].kind == Tok::Newline) ++start;
  }
  parts.emplace_back(toks.begin() + long(start), toks.end());
  return parts;
}

std::vector<size_t> separators_of(const std::vector<Token>& toks) {
  std::vector<size_t> out;
  for (size_t i = 0; i < toks.size(); ++i)
    if (toks[i].kind == Tok::Separator) out.push_back(i);
  return out;
}

// Parses each part as the message package/<base><suffix> of an interface file.
std::vector<ast::MessageDecl> parse_parts(std::shared_ptr<const SourceFile> file,
                                          std::vector<std::vector<Token>> tokens,
                                          const ast::MessageDecl& common,
                                          const std::vector<std::string>& names,
                                          Diagnostics& diags) {
  std::vector<ast::MessageDecl> parts;
  for (size_t i = 0; i < names.size(); ++i) {
    ast::MessageDecl d = common;
    d.name = names[i];
    d.source = file;
    Parser(file, diags, std::move(tokens[i])).run(d);
    parts.push_back(std::move(d));
  }
  return parts;
}

}  // namespace

std::vector<ast::MessageDecl> parse_service(std::shared_ptr<const SourceFile> file,
                                            const std::string& package, const std::string& service,
                                            Diagnostics& diags) {
  std::vector<Token> toks = tokenize(*file);
  std::vector<size_t> separators = separators_of(toks);
  if (separators.empty()) {
    diags.error(loc_of(file, toks.back()),
                "missing '---', expected a service: the request's fields, a line '---', then "
                "the response's fields");
    return {};
  }
  if (separators.size() > 1) {
    diags.error(loc_of(file, toks[separators[1]]),
                "a second '---', expected exactly one in a .srv file (request '---' response; "
                "a third part makes an action, which .srv does not hold)");
    return {};
  }
  ast::MessageDecl common;
  common.package = package;
  common.folder = "srv";
  common.service = service;
  return parse_parts(file, split_parts(toks, separators), common,
                     {service + "_Request", service + "_Response"}, diags);
}

std::vector<ast::MessageDecl> parse_action(std::shared_ptr<const SourceFile> file,
                                           const std::string& package, const std::string& action,
                                           Diagnostics& diags) {
  std::vector<Token> toks = tokenize(*file);
  std::vector<size_t> separators = separators_of(toks);
  if (separators.size() < 2) {
    diags.error(loc_of(file, toks.back()),
                std::string(separators.empty() ? "missing '---'" : "only one '---'") +
                    ", expected an action: the goal's fields, a line '---', the result's "
                    "fields, a line '---', then the feedback's fields");
    return {};
  }
  if (separators.size() > 2) {
    diags.error(loc_of(file, toks[separators[2]]),
                "a third '---', expected exactly two in a .action file (goal '---' result "
                "'---' feedback)");
    return {};
  }
  ast::MessageDecl common;
  common.package = package;
  common.folder = "action";
  common.action = action;
  return parse_parts(file, split_parts(toks, separators), common,
                     {action + "_Goal", action + "_Result", action + "_Feedback"}, diags);
}

}  // namespace dmxp::msgc
