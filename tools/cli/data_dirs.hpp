// data_dirs.hpp - where the tool's data files are: the standard .msg packages (topic pub)
// and the package templates (pkg create). The same binary runs from the build tree, from an
// installed prefix (<prefix>/bin/dmxp beside <prefix>/share/dmxp) and from the Python wheel
// (dmxp/bin/dmxp beside dmxp/share/dmxp), so each is looked up in this order:
//   1. the environment variable, when set and not empty (an override for tests and users);
//   2. <directory of this executable>/../share/dmxp/<subdir>, when it is a directory;
//   3. the source tree's folder (compiled in: the build tree has no share/ of its own).
#pragma once

#include <string>

namespace dmxp::cli {

std::string data_dir(const char* env_var, const std::string& share_subdir, const std::string& source_dir);

}  // namespace dmxp::cli
