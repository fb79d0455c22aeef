#include "decode/value_format.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cmath>

namespace dmxp::cli {
namespace {

using Kind = json::Value::Kind;

std::string number_text(double d) {
  if (std::isnan(d)) return ".nan";
  if (std::isinf(d)) return d > 0 ? ".inf" : "-.inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d);  // shortest text that reads back exactly
  std::string s(buf, r.ptr);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // keep it a float in YAML
  return s;
}

}  // namespace

std::string json_quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') { out += '\\'; out += char(c); }
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20) { char b[8]; std::snprintf(b, sizeof b, "\\u%04x", c); out += b; }
    else out += char(c);
  }
  return out + "\"";
}

namespace {

bool plain_yaml(const std::string& s) {
  if (s.empty() || s == "true" || s == "false" || s == "null" || s == "~" || s == "yes" ||
      s == "no" || s == "on" || s == "off")
    return false;
  for (unsigned char c : s)
    if (!(std::isalnum(c) || c == '_' || c == '/' || c == '-' || c == '.') ) return false;
  if (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-' || s[0] == '.') return false;
  return true;
}

std::string yaml_string(const std::string& s) {
  if (plain_yaml(s)) return s;
  bool printable = true;
  for (unsigned char c : s) printable = printable && c >= 0x20 && c != 0x7f;
  if (!printable) return json_quoted(s);  // double quotes carry escapes
  std::string out = "'";
  for (char c : s) { if (c == '\'') out += '\''; out += c; }
  return out + "'";
}

bool is_container(const json::Value& v) { return v.kind == Kind::Object || v.kind == Kind::Array; }

size_t shown(const json::Value& a, const ArrayLimit& l) {
  return l.summarize ? 0 : std::min(a.array.size(), l.max_items);
}
std::string summary(const json::Value& a) { return "<array of " + std::to_string(a.array.size()) + ">"; }
std::string more(const json::Value& a, size_t n) {
  return "... (" + std::to_string(a.array.size() - n) + " more)";
}

void yaml(const json::Value& v, const ArrayLimit& l, int indent, std::string& out);

void yaml_item(const std::string& prefix, const json::Value& v, const ArrayLimit& l, int indent,
               std::string& out) {
  std::string pad(size_t(indent), ' ');
  if (v.kind == Kind::Array && (l.summarize || v.array.empty())) {
    out += pad + prefix + (l.summarize ? " '" + summary(v) + "'" : " []") + "\n";
  } else if (v.kind == Kind::Object && v.object.empty()) {
    out += pad + prefix + " {}\n";
  } else if (is_container(v)) {
    out += pad + prefix + "\n";
    yaml(v, l, indent + 2, out);
  } else {
    out += pad + prefix + " " + scalar_text(v, false) + "\n";
  }
}

void yaml(const json::Value& v, const ArrayLimit& l, int indent, std::string& out) {
  if (v.kind == Kind::Object) {
    for (const auto& [name, field] : v.object) yaml_item(name + ":", field, l, indent, out);
  } else if (v.kind == Kind::Array) {
    size_t n = shown(v, l);
    for (size_t i = 0; i < n; ++i) {
      const json::Value& e = v.array[i];
      if (e.kind == Kind::Object && !e.object.empty()) {
        // "- first: 1\n  second: 2": the first field shares the dash's line.
        std::string sub;
        yaml(e, l, indent + 2, sub);
        out += std::string(size_t(indent), ' ') + "-" + sub.substr(size_t(indent) + 1);
      } else {
        yaml_item("-", e, l, indent, out);
      }
    }
    if (n < v.array.size()) out += std::string(size_t(indent), ' ') + "- '" + more(v, n) + "'\n";
  } else {
    out += std::string(size_t(indent), ' ') + scalar_text(v, false) + "\n";
  }
}

void json_text(const json::Value& v, const ArrayLimit& l, std::string& out) {
  if (v.kind == Kind::Object) {
    out += '{';
    bool first = true;
    for (const auto& [name, field] : v.object) {
      if (!first) out += ',';
      first = false;
      out += json_quoted(name) + ':';
      json_text(field, l, out);
    }
    out += '}';
  } else if (v.kind == Kind::Array) {
    if (l.summarize) { out += json_quoted(summary(v)); return; }
    size_t n = shown(v, l);
    out += '[';
    for (size_t i = 0; i < n; ++i) {
      if (i) out += ',';
      json_text(v.array[i], l, out);
    }
    if (n < v.array.size()) out += std::string(n ? "," : "") + json_quoted(more(v, n));
    out += ']';
  } else {
    out += scalar_text(v, true);
  }
}

std::string csv_cell(std::string s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) { if (c == '"') out += '"'; out += c; }
  return out + "\"";
}

// Visits the leaves in order with their flattened names.
template <class F>
void leaves(const json::Value& v, const ArrayLimit& l, const std::string& name, F&& f) {
  auto join = [&](const std::string& part) { return name.empty() ? part : name + "." + part; };
  if (v.kind == Kind::Object) {
    for (const auto& [field, sub] : v.object) leaves(sub, l, join(field), f);
  } else if (v.kind == Kind::Array) {
    if (l.summarize) { f(name, summary(v)); return; }
    size_t n = shown(v, l);
    for (size_t i = 0; i < n; ++i) leaves(v.array[i], l, join(std::to_string(i)), f);
  } else {
    f(name, v.kind == Kind::String ? v.s : scalar_text(v, true));
  }
}

}  // namespace

std::string scalar_text(const json::Value& v, bool json_quotes) {
  switch (v.kind) {
    case Kind::Null: return json_quotes ? "null" : "~";
    case Kind::Bool: return v.b ? "true" : "false";
    case Kind::Int: return std::to_string(v.i);
    case Kind::UInt: return std::to_string(v.u);
    case Kind::Double: {
      if (json_quotes && !std::isfinite(v.d)) return "null";
      return number_text(v.d);
    }
    case Kind::String: return json_quotes ? json_quoted(v.s) : yaml_string(v.s);
    default: return json_quotes ? "null" : "~";
  }
}

std::string to_yaml(const json::Value& v, const ArrayLimit& limit) {
  std::string out;
  yaml(v, limit, 0, out);
  return out;
}

std::string to_json(const json::Value& v, const ArrayLimit& limit) {
  std::string out;
  json_text(v, limit, out);
  return out;
}

std::string csv_header(const json::Value& v, const ArrayLimit& limit) {
  std::string out;
  leaves(v, limit, "", [&](const std::string& name, const std::string&) {
    out += (out.empty() ? "" : ",") + csv_cell(name.empty() ? "value" : name);
  });
  return out;
}

std::string csv_row(const json::Value& v, const ArrayLimit& limit) {
  std::string out;
  bool first = true;
  leaves(v, limit, "", [&](const std::string&, const std::string& text) {
    out += (first ? "" : ",") + csv_cell(text);
    first = false;
  });
  return out;
}

}  // namespace dmxp::cli
