// diagnostics.hpp - errors collected while compiling, printed the way compilers do:
//
//   msgs/demo/msg/Bad.msg:3:1: error: unknown type 'Pointt', expected a primitive type or ...
//   Pointt position
//   ^~~~~~
//
// The printing is tools/common's (dmxp/tools/caret.hpp), shared with dmxp-launch.
// Nothing in the library prints or exits: stages report here and go on where they can, so one
// run shows several errors; the caller decides what to print and which exit code to use.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "source.hpp"

namespace dmxp::msgc {

enum class Severity { Error, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLoc loc;
  std::string path;  // the file named when loc has none (I/O, command line); may be empty
  std::string message;
};

class Diagnostics {
 public:
  void error(const SourceLoc& loc, std::string message);
  // An error about a whole file (cannot read it, bad path), or none when path is empty.
  void error(std::string path, std::string message);
  void note(const SourceLoc& loc, std::string message);

  size_t error_count() const { return errors_; }
  bool has_errors() const { return errors_ > 0; }
  const std::vector<Diagnostic>& all() const { return list_; }

  // Every diagnostic, each file's by line (files in the order first reported), each with its
  // source line and caret when it has a place.
  std::string format() const;
  static std::string format(const Diagnostic& d);

 private:
  std::vector<Diagnostic> list_;
  size_t errors_ = 0;
};

}  // namespace dmxp::msgc
