#include "data_dirs.hpp"

#include <cstdlib>
#include <filesystem>

namespace dmxp::cli {

std::string data_dir(const char* env_var, const std::string& share_subdir, const std::string& source_dir) {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv(env_var); env && *env) return env;
  std::error_code ec;
  fs::path prefix = fs::read_symlink("/proc/self/exe", ec).parent_path().parent_path();
  fs::path beside = prefix / "share/dmxp" / share_subdir;
  if (!ec && fs::is_directory(beside, ec)) return beside.string();
  return source_dir;
}

}  // namespace dmxp::cli
