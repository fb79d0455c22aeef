#include "diagnostics.hpp"

#include <fstream>

#include "dmxp/tools/caret.hpp"

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
  tools::CaretDiagnostic c;
  c.path = d.mark.file;
  c.message = d.message;
  c.indent = "  ";
  std::string src;
  if (d.mark.line > 0) {
    c.line = uint32_t(d.mark.line);
    c.col = uint32_t(d.mark.col);
    src = source_line(d.mark);
    if (!src.empty()) c.source = src;  // an unreadable file or a blank line: no caret
  }
  return tools::format_caret(c);
}

std::string Diagnostics::format() const {
  std::string out;
  for (const auto& d : list_) out += format(d);
  return out;
}

}  // namespace dmxp::launch
