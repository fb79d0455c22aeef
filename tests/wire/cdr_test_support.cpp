#include "cdr_test_support.hpp"

#include <cstdio>
#include <stdexcept>

namespace cdr_test {

std::vector<std::byte> bytes(const std::string& hex) {
  std::vector<std::byte> out;
  std::string digits;
  for (char c : hex)
    if (c != ' ' && c != '\n') digits += c;
  if (digits.size() % 2) throw std::invalid_argument("odd number of hex digits: " + hex);
  for (size_t i = 0; i < digits.size(); i += 2)
    out.push_back(std::byte(std::stoul(digits.substr(i, 2), nullptr, 16)));
  return out;
}

std::string hex(const std::vector<std::byte>& b) {
  std::string s;
  char buf[4];
  for (size_t i = 0; i < b.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%02x", unsigned(b[i]));
    s += (i ? " " : "") + std::string(buf);
  }
  return s;
}

}  // namespace cdr_test
