#include "dmxp/tools/arg_cursor.hpp"

#include <cctype>
#include <string_view>

namespace dmxp::tools {

bool ArgCursor::flag(const char* name) {
  if (done() || args_[i_] != name) return false;
  ++i_;
  return true;
}

bool ArgCursor::value(const char* name, std::string* out, const char* needs) {
  if (done()) return false;
  std::string_view a = args_[i_], n = name;
  if (a == n) {
    if (i_ + 1 >= args_.size()) throw MissingValue(name, needs);
    *out = args_[i_ + 1];
    i_ += 2;
    return true;
  }
  if (a.size() <= n.size() || a.substr(0, n.size()) != n) return false;
  if (a[n.size()] == '=') {
    *out = a.substr(n.size() + 1);
  } else if (options_.attached_short_values && n.size() == 2 && n[0] == '-' && n[1] != '-') {
    *out = a.substr(n.size());
  } else {
    return false;
  }
  ++i_;
  return true;
}

bool ArgCursor::at_option() const {
  if (done()) return false;
  const std::string& a = args_[i_];
  return a.size() > 1 && a[0] == '-' && !std::isdigit(static_cast<unsigned char>(a[1]));
}

}  // namespace dmxp::tools
