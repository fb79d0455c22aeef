#include "search_path.hpp"

#include <fstream>

#include "split.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

namespace dmxp::launch {
namespace {

std::vector<std::string> split_env(const char* var) {
  const char* v = std::getenv(var);
  return v ? split(v, ':') : std::vector<std::string>{};
}

std::string prefix_dir() { return fs::path(launcher_dir()).parent_path().string(); }

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

}  // namespace

std::string launcher_dir() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : self.parent_path().string();
}

std::vector<std::string> program_path() {
  std::vector<std::string> dirs{launcher_dir()};
  for (auto& d : split_env("PATH")) dirs.push_back(d);
  return dirs;
}

std::vector<std::string> package_path() {
  auto dirs = split_env("DMXP_LAUNCH_PACKAGE_PATH");
  dirs.push_back(prefix_dir() + "/share/dmxp/packages");
  return dirs;
}

std::vector<std::string> component_path() {
  auto dirs = split_env("DMXP_COMPONENT_PATH");
  dirs.push_back(prefix_dir() + "/lib");
  return dirs;
}

std::vector<std::string> type_path() {
  auto dirs = split_env("DMXP_TYPE_PATH");
  std::string installed = prefix_dir() + "/share/dmxp/types";
#ifdef DMXP_LAUNCH_BUILD_TYPE_ROOTS
  // Each generated message target has its own descriptor/ directory in the build tree. An
  // installed launcher (its prefix has share/dmxp/types) never looks there: it must behave
  // the same whether or not the build tree it was made in still exists.
  std::error_code installed_ec;
  if (!fs::is_directory(installed, installed_ec)) {
    for (const char* root : {DMXP_LAUNCH_BUILD_TYPE_ROOTS}) {
      std::error_code ec;
      for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_directory() && it->path().filename() == "descriptor") {
          dirs.push_back(it->path().string());
          it.disable_recursion_pending();
        }
    }
  }
#endif
  dirs.push_back(installed);
  return dirs;
}

std::string join_paths(const std::vector<std::string>& dirs) {
  std::string out;
  for (const auto& d : dirs) out += (out.empty() ? "" : ":") + d;
  return out;
}

bool is_executable_file(const std::string& path) {
  return is_file(path) && ::access(path.c_str(), X_OK) == 0;
}

std::optional<std::string> find_program(const std::string& name) {
  for (const auto& d : program_path())
    if (is_executable_file(d + "/" + name)) return d + "/" + name;
  return std::nullopt;
}

std::optional<std::string> find_package_executable(const std::string& pkg, const std::string& exec) {
  for (const auto& d : package_path())
    for (const std::string& p : {d + "/" + pkg + "/" + exec, d + "/lib/" + pkg + "/" + exec})
      if (is_executable_file(p)) return fs::absolute(p).string();
  return std::nullopt;
}

std::optional<std::string> find_package_share(const std::string& pkg) {
  for (const auto& d : package_path())
    for (const std::string& p : {d + "/share/" + pkg, d + "/" + pkg}) {
      std::error_code ec;
      if (fs::is_directory(p, ec)) return fs::absolute(p).string();
    }
  return std::nullopt;
}

std::optional<std::string> find_component_library(const std::string& name) {
  if (name.find('/') != std::string::npos)
    return is_file(name) ? std::optional<std::string>(name) : std::nullopt;
  for (const auto& d : component_path())
    if (is_file(d + "/lib" + name + ".so")) return d + "/lib" + name + ".so";
  return std::nullopt;
}

std::optional<std::string> find_component_plugin(const std::string& pkg, const std::string& plugin) {
  for (const auto& d : package_path()) {
    std::ifstream index(d + "/share/ament_index/resource_index/rclcpp_components/" + pkg);
    std::string line;
    while (std::getline(index, line)) {
      size_t semi = line.find(';');
      if (semi == std::string::npos || line.substr(0, semi) != plugin) continue;
      std::string lib = line.substr(semi + 1);
      if (lib.find('/') == std::string::npos) return lib;  // a component library name
      return lib[0] == '/' ? lib : fs::absolute(d + "/" + lib).lexically_normal().string();
    }
  }
  return std::nullopt;
}

std::optional<std::string> find_type_descriptor(const std::string& type) {
  size_t slash = type.find('/');
  if (slash == std::string::npos) return std::nullopt;
  std::string pkg = type.substr(0, slash), name = type.substr(type.rfind('/') + 1);
  for (const auto& d : type_path())
    if (is_file(d + "/" + pkg + "/msg/" + name + ".json")) return d + "/" + pkg + "/msg/" + name + ".json";
  return std::nullopt;
}

}  // namespace dmxp::launch
