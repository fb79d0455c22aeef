// cli.hpp - dmxp-msgc's command line, parsed into a CompileRequest and the run's settings.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lib/driver.hpp"

namespace dmxp::msgc {

struct CliOptions {
  CompileRequest request;
  std::vector<std::string> args;  // inputs as given (files or package folders)
  std::string out_dir = ".";
  bool check_only = false;
  bool list_outputs = false;
  bool help = false;
};

// nullopt and *error on a usage error.
std::optional<CliOptions> parse_cli(int argc, char** argv, std::string* error);
std::string usage();

}  // namespace dmxp::msgc
