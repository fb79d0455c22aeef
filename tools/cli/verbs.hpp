// verbs.hpp - the verb groups of the dmxp tool; each returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace dmxp::cli {

struct GlobalOptions {
  std::string domain;  // empty: $DMXP_DOMAIN or "default"
  bool json = false;
};

int channel_verbs(const GlobalOptions& global, const std::vector<std::string>& args);

}  // namespace dmxp::cli
