#include "python_defaults.hpp"

#include "default_bytes.hpp"

namespace dmxp::msgc::python {
std::string defaults_tuple(const model::Message& m) {
  std::vector<DefaultPatch> patches = default_patches(m);
  if (patches.empty()) return "()";
  std::string out = "(";
  for (const DefaultPatch& p : patches) out += "(" + std::to_string(p.first) + ", " + "b\"" + hex_escaped(p.second) + "\"" + "), ";
  return out + ")";
}

}  // namespace dmxp::msgc::python
