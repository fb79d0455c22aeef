#include "msg_types.hpp"

#include <cstdlib>
#include <filesystem>

#include "descriptor.hpp"
#include "diagnostics.hpp"
#include "driver.hpp"
#include "files.hpp"

namespace dmxp::cli {
namespace {

namespace fs = std::filesystem;

std::string msgs_root() {
  if (const char* env = std::getenv("DMXP_MSGS_DIR"); env && *env) return env;
  std::error_code ec;
  fs::path beside = fs::read_symlink("/proc/self/exe", ec).parent_path().parent_path() / "share/dmxp/msgs";
  if (!ec && fs::is_directory(beside, ec)) return beside.string();
  return DMXP_CLI_SOURCE_MSGS_DIR;
}

}  // namespace

bool descriptor_of_installed_type(const std::string& type, std::string* descriptor, std::string* error) {
  std::string pkg, name;
  size_t slash = type.find('/'), last = type.rfind('/');
  if (slash == std::string::npos || slash == 0 || last + 1 == type.size()) {
    *error = "'" + type + "' is not a message type (expected pkg/Type, e.g. std_msgs/String)";
    return false;
  }
  pkg = type.substr(0, slash);
  name = type.substr(last + 1);
  std::string root = msgs_root();
  std::string file = root + "/" + pkg + "/msg/" + name + ".msg";
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    *error = "unknown message type '" + type + "': no " + file + " (set DMXP_MSGS_DIR to the packages' folder)";
    return false;
  }
  dmxp::msgc::DiskFiles files;
  dmxp::msgc::Diagnostics diags;
  dmxp::msgc::Compilation compilation(files, diags);
  dmxp::msgc::CompileRequest request;
  request.inputs = {file};
  request.standard_root = root;
  dmxp::msgc::CompileResult result = compilation.run(request);
  if (diags.has_errors() || result.messages.empty()) {
    std::string text = diags.format();
    *error = "message type '" + type + "' does not compile: " + text.substr(0, text.find('\n'));
    return false;
  }
  *descriptor = dmxp::msgc::descriptor_json(*result.messages.front());
  return true;
}

}  // namespace dmxp::cli
