// diagnostics.hpp - errors about graph files, printed the way compilers print them:
//
//   robot.yaml:12:5: error: unknown key 'namepsace' in a node, expected one of: name, ...
//     namepsace: /robot
//     ^
//
// The printing is tools/common's (dmxp/tools/caret.hpp), shared with dmxp-msgc.
// Every stage reports here and goes on where it can, so one run shows several errors; only
// main() decides what to print and which exit code to use.
#pragma once

#include <string>
#include <vector>

namespace dmxp::launch {

// A place in a graph file, 1-based (yaml-cpp marks are 0-based). line 0: the whole file.
struct Mark {
  std::string file;
  int line = 0;
  int col = 0;
};

struct Diagnostic {
  Mark mark;
  std::string message;
};

class Diagnostics {
 public:
  void error(const Mark& mark, std::string message);
  bool has_errors() const { return !list_.empty(); }
  size_t count() const { return list_.size(); }
  const std::vector<Diagnostic>& all() const { return list_; }

  // "file:line:col: error: message", the source line and a caret under the column.
  static std::string format(const Diagnostic& d);
  // Every diagnostic in the order reported, each followed by its source line.
  std::string format() const;

 private:
  std::vector<Diagnostic> list_;
};

}  // namespace dmxp::launch
