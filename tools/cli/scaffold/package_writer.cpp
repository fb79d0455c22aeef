#include "package_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace dmxp::cli::scaffold {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void refuse_existing(const fs::path& destination) {
  throw DestinationExists("'" + destination.string() + "' exists already; dmxp pkg create never "
                          "overwrites (choose another name, or move it away)");
}

void write_file(const fs::path& path, const std::string& content) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary);
  out << content;
  out.close();
  if (ec || !out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

void write_package(const fs::path& destination, const std::vector<GeneratedFile>& files) {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(destination, ec))) refuse_existing(destination);
  fs::path parent = destination.has_parent_path() ? destination.parent_path() : fs::path(".");
  std::string pattern = (parent / ("." + destination.filename().string() + ".XXXXXX")).string();
  if (!mkdtemp(pattern.data()))
    throw std::runtime_error("cannot create a directory in " + parent.string() + ": " + std::strerror(errno));
  fs::path staging = pattern;
  try {
    for (const GeneratedFile& f : files) write_file(staging / f.path, f.content);
    // mkdtemp made it 0700; the package gets what mkdir would have given it (0777 - umask).
    mode_t mask = umask(0);
    umask(mask);
    fs::permissions(staging, static_cast<fs::perms>(0777 & ~mask));
    if (renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, destination.c_str(), RENAME_NOREPLACE) != 0) {
      if (errno == EEXIST || errno == ENOTEMPTY) refuse_existing(destination);
      throw std::runtime_error("cannot create " + destination.string() + ": " + std::strerror(errno));
    }
  } catch (...) {
    fs::remove_all(staging, ec);
    throw;
  }
}

}  // namespace dmxp::cli::scaffold
