#include "field_path.hpp"

namespace dmxp::wire::detail {
namespace {

// The path of element k of step s within its own list.
std::string local_path(const Plan& plan, const Step& s, uint64_t k) {
  const NamePart& part = plan.name_of(s, k);
  if (!part.indexed) return part.path;
  return part.path + "[" + std::to_string(k - part.first) + "]";
}

std::string join(const std::string& outer, const std::string& inner) {
  if (inner.empty()) return outer;
  if (outer.empty()) return inner;
  return outer + "." + inner;
}

// path, prefixed with the array elements the trail went through.
std::string through(const Plan& plan, const Trail* trail, std::string path) {
  for (const Trail* t = trail; t; t = t->up) path = join(local_path(plan, *t->step, t->index), path);
  return path;
}

}  // namespace

std::string field_path(const Plan& plan, const Trail* trail, const Step& s, uint64_t element) {
  return through(plan, trail, local_path(plan, s, element));
}

std::string field_path(const Plan& plan, const Trail* trail, const Step& s) {
  return through(plan, trail, plan.names[s.names_begin].path);
}

}  // namespace dmxp::wire::detail
