// caret.hpp - one diagnostic printed the way compilers print them, for the tools that read
// source files (dmxp-msgc's .msg files, dmxp-launch's graph files):
//
//   robot.yaml:12:5: error: unknown key 'namepsace' in a node, expected one of: name, ...
//     namepsace: /robot
//     ^~~~~~~~~
//
// Only formatting: collecting, ordering and reading the source line stay with each tool.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dmxp::tools {

struct CaretDiagnostic {
  std::string_view path;              // empty: no file (a command-line error)
  uint32_t line = 0;                  // 1-based; 0: about the whole file, no place shown
  uint32_t col = 0;                   // 1-based
  uint32_t length = 1;                // characters underlined: '^' then length - 1 '~'
  std::string_view severity = "error";
  std::string_view message;
  std::optional<std::string_view> source;  // the line shown under the heading, with the caret
  std::string_view indent;                 // before the source line and the caret line
};

// "path:line:col: severity: message\n" (each part only when known), then, when d.source is
// set, the source line and a caret under d.col. Tabs before the column stay tabs, so the
// caret lines up whatever the terminal's tab width.
std::string format_caret(const CaretDiagnostic& d);

}  // namespace dmxp::tools
