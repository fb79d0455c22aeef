#include "package_config.hpp"

#include "literals.hpp"

namespace dmxp::msgc {
namespace {

size_t skip_spaces(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

}  // namespace

PackageConfig parse_package_config(std::shared_ptr<const SourceFile> file, Diagnostics& diags) {
  PackageConfig cfg;
  cfg.path = file->path();
  size_t errors = diags.error_count();
  for (uint32_t n = 1; n <= file->line_count(); ++n) {
    std::string_view line = file->line(n);
    size_t hash = line.find('#');
    std::string_view body = line.substr(0, hash);
    size_t i = skip_spaces(body, 0);
    if (i == body.size()) continue;
    auto at = [&](size_t col, size_t len) {
      return SourceLoc{file, n, uint32_t(col + 1), uint32_t(len ? len : 1)};
    };
    size_t colon = body.find(':', i);
    size_t key_end = colon == std::string_view::npos ? body.size() : colon;
    std::string key(body.substr(i, key_end - i));
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
    std::optional<uint64_t>* slot = key == "default_capacity"          ? &cfg.default_capacity
                                    : key == "default_string_capacity" ? &cfg.default_string_capacity
                                                                       : nullptr;
    if (!slot) {
      diags.error(at(i, key.size()), "unknown key '" + key +
                                          "', expected default_capacity or default_string_capacity");
      continue;
    }
    if (colon == std::string_view::npos) {
      diags.error(at(key_end, 1), "missing ':' after '" + key + "', expected 'key: integer'");
      continue;
    }
    size_t v = skip_spaces(body, colon + 1);
    size_t v_end = body.size();
    while (v_end > v && (body[v_end - 1] == ' ' || body[v_end - 1] == '\t' || body[v_end - 1] == '\r')) --v_end;
    std::string_view value = body.substr(v, v_end - v);
    auto parsed = parse_uint(value);
    if (!parsed || *parsed == 0) {
      diags.error(at(v, value.size()), "bad value '" + std::string(value) + "' for " + key +
                                           ", expected a positive integer");
      continue;
    }
    if (*slot) diags.error(at(i, key.size()), "'" + key + "' given twice, expected it once");
    *slot = parsed;
  }
  cfg.ok = diags.error_count() == errors;
  return cfg;
}

}  // namespace dmxp::msgc
