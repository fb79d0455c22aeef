#include "files.hpp"

#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace dmxp::msgc {

std::optional<std::string> DiskFiles::read(const std::string& path) const {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace dmxp::msgc
