#include "substitute.hpp"

#include <cstdlib>

#include "search_path.hpp"
#include "split.hpp"

namespace dmxp::launch {
namespace {

std::optional<std::string> expand_one(const std::vector<std::string>& w, const Scalar& s,
                                      const SubstitutionContext& ctx, Diagnostics& diags) {
  const std::string& verb = w[0];
  if ((verb == "arg" || verb == "var") && w.size() == 2) {
    auto it = ctx.args->find(w[1]);
    if (it != ctx.args->end()) return it->second;
    std::string known;
    for (const auto& [k, v] : *ctx.args) known += (known.empty() ? "" : ", ") + k;
    diags.error(s.mark, "unknown argument '" + w[1] + "' in $(" + verb + " " + w[1] +
                            "), declared arguments: " + (known.empty() ? "none" : known));
    return std::nullopt;
  }
  if ((verb == "env" || verb == "optenv") && (w.size() == 2 || w.size() == 3)) {
    if (const char* v = std::getenv(w[1].c_str())) return std::string(v);
    if (w.size() == 3) return w[2];
    if (verb == "optenv") return std::string();
    diags.error(s.mark, "environment variable '" + w[1] + "' is not set; set it or give a "
                        "default: $(env " + w[1] + " default)");
    return std::nullopt;
  }
  if (verb == "dirname" && w.size() == 1) return ctx.dirname;
  if (verb == "find-pkg-share" && w.size() == 2) {
    if (auto dir = find_package_share(w[1])) return *dir;
    diags.error(s.mark, "package '" + w[1] + "' not found on the package path (" +
                            join_paths(package_path()) + "); add its directory to DMXP_LAUNCH_PACKAGE_PATH");
    return std::nullopt;
  }
  diags.error(s.mark, "unknown substitution '$(" + verb + "...)', expected $(arg name), "
                      "$(var name), $(env NAME [default]), $(optenv NAME [default]), $(dirname) "
                      "or $(find-pkg-share package)");
  return std::nullopt;
}

}  // namespace

std::optional<std::string> substitute(const Scalar& s, const SubstitutionContext& ctx,
                                      Diagnostics& diags) {
  std::string out;
  size_t i = 0;
  while (i < s.text.size()) {
    size_t start = s.text.find("$(", i);
    if (start == std::string::npos) {
      out += s.text.substr(i);
      break;
    }
    out += s.text.substr(i, start - i);
    size_t end = s.text.find(')', start);
    if (end == std::string::npos) {
      diags.error(s.mark, "unterminated substitution in '" + s.text + "', expected ')'");
      return std::nullopt;
    }
    auto words = split(std::string_view(s.text).substr(start + 2, end - start - 2), ' ');
    if (words.empty()) {
      diags.error(s.mark, "empty substitution '$()' in '" + s.text + "'");
      return std::nullopt;
    }
    auto v = expand_one(words, s, ctx, diags);
    if (!v) return std::nullopt;
    out += *v;
    i = end + 1;
  }
  return out;
}

}  // namespace dmxp::launch
