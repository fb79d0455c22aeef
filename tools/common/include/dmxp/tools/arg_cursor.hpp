// arg_cursor.hpp - walking a command line: flags, options with values ("-n 5", "--rate=2",
// and "-Ipath" where a tool allows it), and positionals. Each tool keeps its own words and
// usage text; this only moves through the arguments.
//
//   ArgCursor a(argc, argv);
//   while (!a.done()) {
//     if (a.flag("--once")) ...;
//     else if (a.value("-n", &n)) ...;
//     else if (a.at_option()) return usage("unknown option '" + a.take() + "'");
//     else pos.push_back(a.take());
//   }
//
// An option given without its value throws MissingValue ("-n needs a value"), a
// std::invalid_argument, so the caller turns it into its usage error in one place.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace dmxp::tools {

class MissingValue : public std::invalid_argument {
 public:
  MissingValue(std::string option, const std::string& needs)
      : std::invalid_argument(option + " needs " + needs), option_(std::move(option)) {}
  const std::string& option() const { return option_; }

 private:
  std::string option_;
};

struct ArgCursorOptions {
  bool attached_short_values = false;  // "-Ipath" as well as "-I path" for one-letter options
};

class ArgCursor {
 public:
  explicit ArgCursor(std::vector<std::string> args, ArgCursorOptions o = {})
      : args_(std::move(args)), options_(o) {}
  // argv[1..argc): the program's name is not an argument.
  ArgCursor(int argc, char** argv, ArgCursorOptions o = {})
      : ArgCursor(std::vector<std::string>(argv + (argc > 0), argv + (argc > 0 ? argc : 0)), o) {}

  bool done() const { return i_ >= args_.size(); }
  size_t remaining() const { return args_.size() - i_; }
  const std::string& peek() const { return args_[i_]; }
  std::string take() { return args_[i_++]; }

  // The next argument is exactly name: consumes it.
  bool flag(const char* name);
  // The next argument is name followed by a value ("name v", "name=v", or "-Xv" when
  // allowed): consumes both and stores the value. Throws MissingValue ("<name> needs
  // <needs>") when name is the last argument.
  bool value(const char* name, std::string* out, const char* needs = "a value");
  // True when the next argument looks like an option ("-x", "--x"), not a negative number.
  bool at_option() const;

 private:
  std::vector<std::string> args_;
  ArgCursorOptions options_;
  size_t i_ = 0;
};

}  // namespace dmxp::tools
