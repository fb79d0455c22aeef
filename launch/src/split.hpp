// split.hpp - splits text on one separator, dropping empty parts ("a::b" -> a, b): search
// paths on ':', substitution words and ROS 2 `args` strings on ' '.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dmxp::launch {

inline std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(sep, i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) parts.emplace_back(s.substr(i, j - i));
    i = j + 1;
  }
  return parts;
}

}  // namespace dmxp::launch
