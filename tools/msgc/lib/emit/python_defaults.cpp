#include "python_defaults.hpp"

#include <cstdio>

#include "default_bytes.hpp"

namespace dmxp::msgc::python {
namespace {

std::string bytes_literal(const std::string& bytes) {
  std::string out = "b\"";
  char hex[5];
  for (unsigned char c : bytes) {
    std::snprintf(hex, sizeof hex, "\\x%02x", c);
    out += hex;
  }
  return out + "\"";
}

}  // namespace

std::string defaults_tuple(const model::Message& m) {
  std::vector<DefaultPatch> patches = default_patches(m);
  if (patches.empty()) return "()";
  std::string out = "(";
  for (const DefaultPatch& p : patches) out += "(" + std::to_string(p.first) + ", " + bytes_literal(p.second) + "), ";
  return out + ")";
}

}  // namespace dmxp::msgc::python
