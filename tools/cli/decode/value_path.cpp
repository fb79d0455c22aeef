#include "decode/value_path.hpp"

#include <cctype>
#include <stdexcept>

namespace dmxp::cli {
namespace {

[[noreturn]] void bad(std::string_view text, size_t i, const char* what) {
  throw std::runtime_error("bad field path '" + std::string(text) + "' at column " +
                           std::to_string(i + 1) + ": " + what);
}

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

ValuePath parse_value_path(std::string_view text) {
  ValuePath path{std::string(text), {}};
  size_t i = 0;
  if (text.empty()) bad(text, 0, "expected a field name");
  for (;;) {
    size_t start = i;
    while (i < text.size() && name_char(text[i])) ++i;
    if (i == start) bad(text, i, "expected a field name");
    path.steps.emplace_back(std::string(text.substr(start, i - start)));
    while (i < text.size() && text[i] == '[') {
      size_t digits = ++i;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
      if (i == digits) bad(text, i, "expected an index");
      if (i >= text.size() || text[i] != ']') bad(text, i, "expected ']'");
      path.steps.emplace_back(size_t(std::stoull(std::string(text.substr(digits, i - digits)))));
      ++i;
    }
    if (i == text.size()) return path;
    if (text[i] != '.') bad(text, i, "expected '.', '[' or the end");
    ++i;
  }
}

const json::Value* find_value(const json::Value& root, const ValuePath& path) {
  const json::Value* v = &root;
  for (const PathStep& step : path.steps) {
    if (const auto* name = std::get_if<std::string>(&step)) {
      if (v->kind != json::Value::Kind::Object || !v->has(*name)) return nullptr;
      v = &(*v)[*name];
    } else {
      size_t index = std::get<size_t>(step);
      if (v->kind != json::Value::Kind::Array || index >= v->array.size()) return nullptr;
      v = &v->array[index];
    }
  }
  return v;
}

}  // namespace dmxp::cli
