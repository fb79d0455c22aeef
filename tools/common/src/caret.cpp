#include "dmxp/tools/caret.hpp"

namespace dmxp::tools {

std::string format_caret(const CaretDiagnostic& d) {
  std::string out;
  if (!d.path.empty()) out.append(d.path).append(":");
  if (d.line > 0) out += std::to_string(d.line) + ":" + std::to_string(d.col) + ":";
  if (!out.empty()) out += " ";
  out.append(d.severity).append(": ").append(d.message).append("\n");
  if (!d.source) return out;
  std::string_view src = *d.source;
  out.append(d.indent).append(src).append("\n").append(d.indent);
  for (uint32_t i = 1; i < d.col && i - 1 < src.size(); ++i) out += src[i - 1] == '\t' ? '\t' : ' ';
  out += '^';
  if (d.length > 1) out.append(d.length - 1, '~');
  out += "\n";
  return out;
}

}  // namespace dmxp::tools
