#include "diagnostics.hpp"

#include <fstream>

namespace dmxp::launch {
namespace {

std::string source_line(const Mark& m) {
  std::ifstream in(m.file);
  std::string line;
  for (int i = 0; i < m.line && std::getline(in, line); ++i) {
  }
  return in ? line : std::string();
}

}  // namespace

void Diagnostics::error(const Mark& mark, std::string message) {
  list_.push_back({mark, std::move(message)});
}

std::string Diagnostics::format(const Diagnostic& d) {
  std::string out = d.mark.file;
  if (d.mark.line > 0) out += ":" + std::to_string(d.mark.line) + ":" + std::to_string(d.mark.col);
  out += ": error: " + d.message + "\n";
  if (d.mark.line > 0) {
    std::string src = source_line(d.mark);
    if (!src.empty()) {
      out += "  " + src + "\n  ";
      // Tabs stay tabs so the caret lines up under them.
      for (int i = 0; i + 1 < d.mark.col && size_t(i) < src.size(); ++i)
        out += src[size_t(i)] == '\t' ? '\t' : ' ';
      out += "^\n";
    }
  }
  return out;
}

std::string Diagnostics::format() const {
  std::string out;
  for (const auto& d : list_) out += format(d);
  return out;
}

}  // namespace dmxp::launch
