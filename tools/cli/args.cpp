#include "args.hpp"

#include <cctype>
#include <stdexcept>

namespace dmxp::cli {

bool ArgCursor::flag(const char* name) {
  if (done() || args_[i_] != name) return false;
  ++i_;
  return true;
}

bool ArgCursor::value(const char* name, std::string* out) {
  if (done()) return false;
  const std::string& a = args_[i_];
  std::string n = name;
  if (a == n) {
    if (i_ + 1 >= args_.size()) throw std::invalid_argument(n + " needs a value");
    *out = args_[i_ + 1];
    i_ += 2;
    return true;
  }
  if (a.size() > n.size() && a.compare(0, n.size(), n) == 0 && a[n.size()] == '=') {
    *out = a.substr(n.size() + 1);
    ++i_;
    return true;
  }
  return false;
}

bool ArgCursor::at_option() const {
  if (done()) return false;
  const std::string& a = args_[i_];
  return a.size() > 1 && a[0] == '-' && !std::isdigit(static_cast<unsigned char>(a[1]));
}

}  // namespace dmxp::cli
