#include "value_conversion.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace dmxp::launch {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower((unsigned char)c));
  return s;
}

}  // namespace

bool Converter::boolean(const Scalar& s, const char* key, bool fallback) const {
  if (!s.set) return fallback;
  auto t = text(s);
  if (!t) return fallback;
  std::string v = lower(*t);
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off" || v.empty()) return false;
  diags.error(s.mark, std::string("'") + key + "' must be true or false, got '" + *t + "'");
  return fallback;
}

double Converter::number(const Scalar& s, const char* key, double fallback, double min) const {
  if (!s.set) return fallback;
  auto t = text(s);
  if (!t) return fallback;
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(t->c_str(), &end);
  if (t->empty() || *end != '\0' || errno || !std::isfinite(v) || v < min) {
    char bound[32];
    std::snprintf(bound, sizeof bound, "%g", min);
    diags.error(s.mark, std::string("'") + key + "' must be a number >= " + bound + ", got '" + *t + "'");
    return fallback;
  }
  return v;
}

double Converter::seconds(const Scalar& s, const char* key, double fallback) const {
  return number(s, key, fallback, 0.0);
}

long Converter::integer(const Scalar& s, const char* key, long fallback, long min) const {
  if (!s.set) return fallback;
  auto t = text(s);
  if (!t) return fallback;
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(t->c_str(), &end, 10);
  if (t->empty() || *end != '\0' || errno || v < min) {
    diags.error(s.mark, std::string("'") + key + "' must be an integer >= " + std::to_string(min) +
                            ", got '" + *t + "'");
    return fallback;
  }
  return v;
}

std::string Converter::choice(const Scalar& s, const char* key,
                              std::initializer_list<const char*> words, const char* fallback) const {
  if (!s.set) return fallback;
  auto t = text(s);
  if (!t) return fallback;
  std::string list;
  for (const char* w : words) {
    if (*t == w) return *t;
    list += (list.empty() ? "" : ", ") + std::string(w);
  }
  diags.error(s.mark, std::string("'") + key + "' must be one of: " + list + "; got '" + *t + "'");
  return fallback;
}

}  // namespace dmxp::launch
