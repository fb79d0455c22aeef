// web_files.hpp - the dashboard's files (web/: index.html, dashboard.js, dashboard.css and the
// vendored uPlot), served as they are: no build step, nothing fetched from elsewhere.
#pragma once

#include <string>

namespace dmxp::foxglove {

struct WebFile {
  std::string body;
  std::string content_type;
};

// The file a request path names under root ("/" is index.html). False for paths that leave
// root (".." segments, anything but [A-Za-z0-9._/-]) and for files that do not exist.
bool load_web_file(const std::string& root, const std::string& path, WebFile* out);

// Where the files are: configured when given; else <prefix>/share/dmxp/foxglove/web beside
// the library this code is in (an install); else the source tree's web/ (a build tree).
std::string find_web_root(const std::string& configured);

}  // namespace dmxp::foxglove
