#include "web_files.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace dmxp::foxglove {

namespace fs = std::filesystem;

namespace {

std::string content_type_of(const std::string& name) {
  auto ends = [&](const char* suffix) {
    std::string s = suffix;
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".png")) return "image/png";
  if (ends(".svg")) return "image/svg+xml";
  return "text/plain; charset=utf-8";
}

}  // namespace

bool load_web_file(const std::string& root, const std::string& path, WebFile* out) {
  if (path.empty() || path[0] != '/' || root.empty()) return false;
  std::string rel = path == "/" ? "index.html" : path.substr(1);
  for (char c : rel)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == '/')) return false;
  if (rel.find("..") != std::string::npos || rel.find("//") != std::string::npos) return false;
  fs::path file = fs::path(root) / rel;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return false;
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::ostringstream body;
  body << in.rdbuf();
  out->body = body.str();
  out->content_type = content_type_of(rel);
  return true;
}

std::string find_web_root(const std::string& configured) {
  if (!configured.empty()) return configured;
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&find_web_root), &info) && info.dli_fname) {
    // <prefix>/lib, lib64 or lib/<multiarch>: look up to three levels above the library.
    fs::path dir = fs::path(info.dli_fname).parent_path();
    for (int up = 0; up < 3 && dir.has_parent_path(); ++up) {
      dir = dir.parent_path();
      fs::path installed = dir / "share/dmxp/foxglove/web";
      std::error_code ec;
      if (fs::is_regular_file(installed / "index.html", ec)) return installed.string();
    }
  }
  return DMXP_FOXGLOVE_SOURCE_WEB;
}

}  // namespace dmxp::foxglove
