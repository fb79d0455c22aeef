#include "literals.hpp"

#include <cstdio>

namespace dmxp::msgc {

std::optional<uint64_t> parse_uint(std::string_view t) {
  int base = 10;
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
    base = 16;
    t.remove_prefix(2);
  }
  if (t.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : t) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (base == 16 && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (base == 16 && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return std::nullopt;
    if (v > (UINT64_MAX - uint64_t(d)) / uint64_t(base)) return std::nullopt;
    v = v * uint64_t(base) + uint64_t(d);
  }
  return v;
}

std::optional<std::string> unescape(std::string_view q, std::string* error) {
  std::string out;
  if (q.size() < 2) return out;
  q = q.substr(1, q.size() - 2);
  for (size_t i = 0; i < q.size(); ++i) {
    if (q[i] != '\\') { out += q[i]; continue; }
    if (++i >= q.size()) break;
    switch (q[i]) {
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case '\'': out += '\''; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '0': out += '\0'; break;
      case 'x': {
        auto hex = i + 2 < q.size() ? parse_uint("0x" + std::string(q.substr(i + 1, 2))) : std::nullopt;
        if (!hex) {
          *error = "'\\x' needs two hexadecimal digits";
          return std::nullopt;
        }
        out += char(*hex);
        i += 2;
        break;
      }
      default:
        *error = std::string("unknown escape '\\") + q[i] + "', expected one of \\\\ \\\" \\' \\n \\t \\r \\0 \\xHH";
        return std::nullopt;
    }
  }
  return out;
}

std::string quote(std::string_view text, Quoting how) {
  std::string out = "\"";
  for (char ch : text) {
    uint8_t c = uint8_t(ch);
    char buf[8];
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\t': out += "\\t"; continue;
      case '\r': out += "\\r"; continue;
      default: break;
    }
    if (c >= 0x20 && c < 0x7F) {
      out += char(c);
    } else if (how == Quoting::Json) {
      // Bytes, not code points: a non-ASCII byte becomes U+0080..U+00FF. Names and schemas
      // are ASCII; only string constants can carry such bytes.
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else if (how == Quoting::Python) {
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      std::snprintf(buf, sizeof buf, "\\%03o", c);  // octal: never swallows a following digit
      out += buf;
    }
  }
  return out + "\"";
}

}  // namespace dmxp::msgc
