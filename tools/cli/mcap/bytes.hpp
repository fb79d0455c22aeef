// bytes.hpp - little-endian field encoding for MCAP records (appending to a std::string).
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <string>

namespace dmxp::cli::mcap {

template <class T>
void put(std::string& out, T v) {
  char b[sizeof v];
  std::memcpy(b, &v, sizeof v);  // the hosts DMXP supports are little-endian
  out.append(b, sizeof v);
}
inline void put_string(std::string& out, const std::string& s) {
  put<uint32_t>(out, uint32_t(s.size()));
  out += s;
}
inline void put_string_map(std::string& out, const std::map<std::string, std::string>& m) {
  std::string body;
  for (const auto& [k, v] : m) { put_string(body, k); put_string(body, v); }
  put<uint32_t>(out, uint32_t(body.size()));
  out += body;
}

}  // namespace dmxp::cli::mcap
