#include "tokenizer.hpp"

namespace dmxp::msgc {
namespace {

bool is_ident_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident(char c) { return is_ident_start(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

class Scanner {
 public:
  explicit Scanner(const SourceFile& f) : f_(f), s_(f.text()) {}

  std::vector<Token> run() {
    while (i_ < s_.size()) {
      bool spaced = skip_spaces();
      if (i_ >= s_.size()) break;
      size_t start = i_;
      Tok kind = scan_one();
      push(kind, start, i_ - start, spaced);
    }
    if (out_.empty() || out_.back().kind != Tok::Newline) push(Tok::Newline, s_.size(), 0, false);
    push(Tok::End, s_.size(), 0, false);
    return std::move(out_);
  }

 private:
  bool skip_spaces() {
    size_t start = i_;
    while (i_ < s_.size() && is_space(s_[i_])) ++i_;
    return i_ > start || at_line_start();
  }
  bool at_line_start() const { return out_.empty() || out_.back().kind == Tok::Newline; }

  Tok scan_one() {
    char c = s_[i_];
    if (c == '\n') { ++i_; return Tok::Newline; }
    if (c == '#') { i_ = line_end(); return Tok::Comment; }
    if (c == '-' && at_line_start() && s_.compare(i_, 3, "---") == 0) {
      i_ = line_end();
      return Tok::Separator;
    }
    if (is_ident_start(c)) { while (i_ < s_.size() && is_ident(s_[i_])) ++i_; return Tok::Ident; }
    if (is_digit(c) || (c == '.' && starts_number(i_)) ||
        ((c == '-' || c == '+') && starts_number(i_ + 1)))
      return scan_number();
    if (c == '"' || c == '\'') return scan_string(c);
    ++i_;
    switch (c) {
      case '/': return Tok::Slash;
      case '[': return Tok::LBracket;
      case ']': return Tok::RBracket;
      case '=': return Tok::Equals;
      case ',': return Tok::Comma;
      case '<':
        if (i_ < s_.size() && s_[i_] == '=') { ++i_; return Tok::LessEq; }
        return Tok::Invalid;
      default:
        // A whole UTF-8 sequence is one invalid token, not one per byte.
        while (i_ < s_.size() && (uint8_t(s_[i_]) & 0xC0) == 0x80) ++i_;
        return Tok::Invalid;
    }
  }

  bool starts_number(size_t j) const {
    return j < s_.size() && (is_digit(s_[j]) || (s_[j] == '.' && j + 1 < s_.size() && is_digit(s_[j + 1])));
  }

  Tok scan_number() {
    if (s_[i_] == '-' || s_[i_] == '+') ++i_;
    if (s_.compare(i_, 2, "0x") == 0 || s_.compare(i_, 2, "0X") == 0) {
      i_ += 2;
      while (i_ < s_.size() && is_ident(s_[i_])) ++i_;  // bad digits are found by the parser
      return Tok::Integer;
    }
    bool is_float = false;
    while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    if (i_ < s_.size() && s_[i_] == '.') { is_float = true; ++i_; }
    while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      size_t j = i_ + 1;
      if (j < s_.size() && (s_[j] == '-' || s_[j] == '+')) ++j;
      if (j < s_.size() && is_digit(s_[j])) {
        is_float = true;
        i_ = j;
        while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
      }
    }
    // Letters glued to a number (12abc) make it one bad token rather than two good ones.
    if (i_ < s_.size() && is_ident(s_[i_])) {
      while (i_ < s_.size() && is_ident(s_[i_])) ++i_;
      return Tok::Invalid;
    }
    return is_float ? Tok::Float : Tok::Integer;
  }

  Tok scan_string(char quote) {
    ++i_;
    while (i_ < s_.size() && s_[i_] != '\n') {
      if (s_[i_] == '\\' && i_ + 1 < s_.size() && s_[i_ + 1] != '\n') { i_ += 2; continue; }
      if (s_[i_++] == quote) return Tok::String;
    }
    return Tok::Invalid;  // unterminated: the parser says so
  }

  size_t line_end() const {
    size_t e = s_.find('\n', i_);
    return e == std::string::npos ? s_.size() : e;
  }

  void push(Tok kind, size_t offset, size_t length, bool spaced) {
    Token t;
    t.kind = kind;
    t.text = std::string_view(s_).substr(offset, length);
    if (kind == Tok::Comment) t.text.remove_prefix(1);
    if (kind == Tok::Comment && !t.text.empty() && t.text.back() == '\r') t.text.remove_suffix(1);
    t.offset = offset;
    t.space_before = spaced;
    if (offset < s_.size()) {
      f_.position(offset, &t.line, &t.col);
    } else {  // End (and a final Newline the file lacked): just past the last character
      t.line = f_.line_count();
      t.col = uint32_t(f_.line(t.line).size() + 1);
    }
    out_.push_back(t);
  }

  const SourceFile& f_;
  const std::string& s_;
  size_t i_ = 0;
  std::vector<Token> out_;
};

}  // namespace

std::vector<Token> tokenize(const SourceFile& file) { return Scanner(file).run(); }

SourceLoc loc_of(const std::shared_ptr<const SourceFile>& file, const Token& t) {
  uint32_t len = t.kind == Tok::Comment ? uint32_t(t.text.size() + 1) : uint32_t(t.text.size());
  return {file, t.line, t.col, len ? len : 1};
}

SourceLoc loc_span(const std::shared_ptr<const SourceFile>& file, const Token& first,
                   const Token& last) {
  SourceLoc loc = loc_of(file, first);
  if (last.line == first.line && last.offset >= first.offset)
    loc.length = uint32_t(last.offset + last.text.size() - first.offset);
  if (loc.length == 0) loc.length = 1;
  return loc;
}

const char* describe(Tok kind) {
  switch (kind) {
    case Tok::Ident: return "a name";
    case Tok::Integer: return "an integer";
    case Tok::Float: return "a number";
    case Tok::String: return "a string";
    case Tok::Slash: return "'/'";
    case Tok::LBracket: return "'['";
    case Tok::RBracket: return "']'";
    case Tok::LessEq: return "'<='";
    case Tok::Equals: return "'='";
    case Tok::Comma: return "','";
    case Tok::Comment: return "a comment";
    case Tok::Separator: return "'---'";
    case Tok::Newline: return "end of line";
    case Tok::End: return "end of file";
    case Tok::Invalid: return "an invalid character";
  }
  return "?";
}

}  // namespace dmxp::msgc
