// substitute.hpp - $(...) substitutions in graph file values:
//   $(arg x) / $(var x)      the value of argument x of the current file
//   $(env X) / $(env X d)    environment variable X (an error when unset without default d)
//   $(optenv X [d])          X, or d (or empty) when unset
//   $(dirname)               the directory of the current file
//   $(find-pkg-share p)      package p's share directory, found on the package path
// An unknown substitution or argument is an error at the value's place.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "diagnostics.hpp"
#include "graph_file.hpp"

namespace dmxp::launch {

struct SubstitutionContext {
  const std::map<std::string, std::string>* args = nullptr;
  std::string dirname;
};

std::optional<std::string> substitute(const Scalar& s, const SubstitutionContext& ctx,
                                      Diagnostics& diags);

}  // namespace dmxp::launch
