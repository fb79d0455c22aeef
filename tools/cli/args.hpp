// args.hpp - walking a verb's arguments: flags, options with values ("-n 5", "--rate=2"),
// and positionals. A missing value throws std::invalid_argument (the verbs turn it into a
// usage error).
//   ArgCursor a(args);
//   while (!a.done()) { if (a.flag("--once")) ...; else if (a.value("-n", &n)) ...; else pos.push_back(a.take()); }
#pragma once

#include <string>

#include "verbs.hpp"

namespace dmxp::cli {

class ArgCursor {
 public:
  explicit ArgCursor(const Args& args) : args_(args) {}
  bool done() const { return i_ >= args_.size(); }
  bool flag(const char* name);
  bool value(const char* name, std::string* out);
  std::string take() { return args_[i_++]; }
  // True when the next argument looks like an option ("-x", "--x"), not a negative number.
  bool at_option() const;

 private:
  const Args& args_;
  size_t i_ = 0;
};

}  // namespace dmxp::cli
