// value_conversion.hpp - turns a graph file's scalar (after substitution) into a boolean,
// number, integer or one of a set of words, with an error at the scalar's place naming the
// key and what it accepts. An unset scalar gives the default.
#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>

#include "diagnostics.hpp"
#include "graph_file.hpp"

namespace dmxp::launch {

struct Converter {
  Diagnostics& diags;
  // The scalar's text after substitutions; nullopt when that failed (already reported).
  std::function<std::optional<std::string>(const Scalar&)> text;

  bool boolean(const Scalar& s, const char* key, bool fallback) const;
  double number(const Scalar& s, const char* key, double fallback, double min) const;
  double seconds(const Scalar& s, const char* key, double fallback) const;
  long integer(const Scalar& s, const char* key, long fallback, long min) const;
  std::string choice(const Scalar& s, const char* key, std::initializer_list<const char*> words,
                     const char* fallback) const;
};

}  // namespace dmxp::launch
