#include "xml_reader.hpp"

#include <cstdint>

namespace dmxp::launch {
namespace {

// Thrown at the first syntax error; parse_xml turns it into a diagnostic.
struct SyntaxError {
  Mark mark;
  std::string message;
};

bool name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (unsigned char)c >= 0x80;
}
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Appends code point `cp` as UTF-8.
void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

class XmlParser {
 public:
  XmlParser(const std::string& text, const std::string& file) : s_(text), file_(file) {}

  XmlElement document() {
    if (s_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3, col_ = 1;  // a UTF-8 byte order mark
    misc();
    if (at_end()) fail(here(), "no root element; a launch file is <launch>...</launch>");
    if (peek() != '<') fail(here(), "text outside the root element");
    XmlElement root = element(0);
    misc();
    if (!at_end())
      fail(here(), peek() == '<' ? "a second root element; a launch file has one <launch> element"
                                 : "text after the root element");
    return root;
  }

 private:
  bool at_end() const { return pos_ >= s_.size(); }
  char peek(size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  bool starts(const char* lit) const { return s_.compare(pos_, std::char_traits<char>::length(lit), lit) == 0; }
  Mark here() const { return {file_, line_, col_}; }
  [[noreturn]] void fail(const Mark& m, std::string why) { throw SyntaxError{m, "not valid XML: " + std::move(why)}; }

  void advance(size_t n = 1) {
    for (; n > 0 && pos_ < s_.size(); --n, ++pos_) {
      if (s_[pos_] == '\n') ++line_, col_ = 1;
      else ++col_;
    }
  }
  void skip_space() {
    while (!at_end() && space(peek())) advance();
  }
  void expect(char c, const char* what) {
    if (peek() != c) fail(here(), std::string("expected '") + c + "' " + what + ", got " + describe_here());
    advance();
  }
  std::string describe_here() const {
    if (at_end()) return "the end of the file";
    char c = peek();
    if (c == '\n') return "the end of the line";
    return std::string("'") + c + "'";
  }
  // Skips everything up to and including `end`; `what` names the construct for the error.
  void skip_past(const char* end, const Mark& opened, const char* what) {
    size_t at = s_.find(end, pos_);
    if (at == std::string::npos)
      fail(opened, std::string("unterminated ") + what + " (no closing '" + end + "')");
    advance(at - pos_ + std::char_traits<char>::length(end));
  }

  // Whitespace, comments, processing instructions and a DOCTYPE, before or after the root.
  void misc() {
    for (;;) {
      skip_space();
      if (starts("<!--")) comment();
      else if (starts("<?")) instruction();
      else if (starts("<!DOCTYPE")) doctype();
      else return;
    }
  }
  void comment() {
    Mark m = here();
    advance(4);
    size_t at = s_.find("--", pos_);
    if (at == std::string::npos) fail(m, "unterminated comment (no closing '-->')");
    advance(at - pos_);
    if (!starts("-->")) fail(here(), "'--' inside a comment");
    advance(3);
  }
  void instruction() {
    Mark m = here();
    skip_past("?>", m, "processing instruction");
  }
  void doctype() {
    Mark m = here();
    size_t close = s_.find('>', pos_);
    size_t subset = s_.find('[', pos_);
    if (subset != std::string::npos && (close == std::string::npos || subset < close))
      fail(m, "a DOCTYPE with an internal subset is not supported");
    skip_past(">", m, "DOCTYPE");
  }

  std::string name(const char* what) {
    if (!name_start(peek())) fail(here(), std::string("expected ") + what + ", got " + describe_here());
    size_t start = pos_;
    while (!at_end() && name_char(peek())) advance();
    return s_.substr(start, pos_ - start);
  }

  // "&...;" at pos_, appended to out.
  void reference(std::string& out) {
    Mark m = here();
    size_t semi = s_.find(';', pos_);
    if (semi == std::string::npos || semi - pos_ > 12) fail(m, "'&' must start a reference such as &amp; or &#60;");
    std::string ref = s_.substr(pos_ + 1, semi - pos_ - 1);
    if (ref == "lt") out += '<';
    else if (ref == "gt") out += '>';
    else if (ref == "amp") out += '&';
    else if (ref == "quot") out += '"';
    else if (ref == "apos") out += '\'';
    else if (ref.size() > 1 && ref[0] == '#') {
      bool hex = ref[1] == 'x';
      std::string digits = ref.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      bool ok = !digits.empty();
      for (char c : digits) {
        int d = c >= '0' && c <= '9' ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        ok = ok && d >= 0 && cp < 0x110000;
        if (ok) cp = cp * (hex ? 16 : 10) + uint32_t(d);
      }
      if (!ok || cp == 0 || cp >= 0x110000 || (cp >= 0xD800 && cp <= 0xDFFF))
        fail(m, "invalid character reference '&" + ref + ";'");
      append_utf8(out, cp);
    } else {
      fail(m, "unknown entity '&" + ref + ";', expected &lt; &gt; &amp; &quot; &apos; or &#N;");
    }
    advance(semi - pos_ + 1);
  }

  XmlAttribute attribute(const XmlElement& e) {
    XmlAttribute a;
    a.name_mark = here();
    a.name = name("an attribute name");
    for (const auto& other : e.attributes)
      if (other.name == a.name)
        fail(a.name_mark, "attribute '" + a.name + "' given twice in <" + e.tag + ">");
    skip_space();
    expect('=', ("after attribute '" + a.name + "'").c_str());
    skip_space();
    char quote = peek();
    if (quote != '"' && quote != '\'')
      fail(here(), "the value of attribute '" + a.name + "' must be quoted, got " + describe_here());
    Mark opened = here();
    advance();
    a.value_mark = here();
    for (;;) {
      if (at_end()) fail(opened, "unterminated value of attribute '" + a.name + "' (no closing " + quote + ")");
      char c = peek();
      if (c == quote) break;
      if (c == '<') fail(here(), "'<' in the value of attribute '" + a.name + "'; write &lt;");
      if (c == '&') {
        reference(a.value);
        continue;
      }
      // Attribute-value normalization: line breaks and tabs read as spaces.
      a.value += (c == '\n' || c == '\t' || c == '\r') ? ' ' : c;
      advance();
    }
    advance();
    return a;
  }

  XmlElement element(int depth) {
    // Deep nesting is no launch file; the limit keeps a hostile file from exhausting the stack.
    if (depth > 200) fail(here(), "elements nested more than 200 deep");
    XmlElement e;
    e.mark = here();
    advance();  // '<'
    e.tag = name("an element name after '<'");
    for (;;) {
      bool spaced = space(peek());
      skip_space();
      if (starts("/>")) {
        advance(2);
        return e;
      }
      if (peek() == '>') {
        advance();
        break;
      }
      if (at_end()) fail(e.mark, "unterminated start tag <" + e.tag + ">");
      if (!spaced) fail(here(), "expected whitespace, '>' or '/>' in <" + e.tag + ">, got " + describe_here());
      e.attributes.push_back(attribute(e));
    }
    content(e, depth);
    return e;
  }

  void content(XmlElement& e, int depth) {
    for (;;) {
      skip_space();
      if (at_end()) fail(e.mark, "<" + e.tag + "> is never closed (no </" + e.tag + ">)");
      if (starts("</")) {
        Mark m = here();
        advance(2);
        std::string closing = name("an element name after '</'");
        if (closing != e.tag)
          fail(m, "</" + closing + "> does not close <" + e.tag + "> (opened at line " +
                      std::to_string(e.mark.line) + ", column " + std::to_string(e.mark.col) + ")");
        skip_space();
        expect('>', ("to end </" + closing + ">").c_str());
        return;
      }
      if (starts("<!--")) comment();
      else if (starts("<![CDATA[")) fail(here(), "CDATA in <" + e.tag + ">; launch entities take their values in attributes");
      else if (starts("<?")) instruction();
      else if (peek() == '<') e.children.push_back(element(depth + 1));
      else fail(here(), "text in <" + e.tag + ">; launch entities take their values in attributes");
    }
  }

  const std::string& s_;
  const std::string& file_;
  size_t pos_ = 0;
  int line_ = 1, col_ = 1;
};

}  // namespace

const XmlAttribute* XmlElement::attribute(const std::string& name) const {
  for (const auto& a : attributes)
    if (a.name == name) return &a;
  return nullptr;
}

std::optional<XmlElement> parse_xml(const std::string& text, const std::string& file, Diagnostics& diags) {
  try {
    return XmlParser(text, file).document();
  } catch (const SyntaxError& e) {
    diags.error(e.mark, e.message);
    return std::nullopt;
  }
}

}  // namespace dmxp::launch
