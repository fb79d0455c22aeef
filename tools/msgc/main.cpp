// dmxp-msgc: the message IDL compiler (docs/messages.md). Thin: parse the command line, run
// a Compilation (lib/driver.hpp), print its diagnostics, write its outputs.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli.hpp"

namespace fs = std::filesystem;
using namespace dmxp::msgc;

namespace {

// DMXP's standard packages: $DMXP_MSGS_DIR, else <prefix>/share/dmxp/msgs beside an installed
// binary, else the source tree's msgs/ this binary was built from.
std::string standard_root() {
  if (const char* env = std::getenv("DMXP_MSGS_DIR"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "dmxp" / "msgs";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  return DMXP_MSGC_SOURCE_MSGS_DIR;
}

}  // namespace

int main(int argc, char** argv) {
  std::string error;
  auto opts = parse_cli(argc, argv, &error);
  if (!opts) {
    std::cerr << "dmxp-msgc: error: " << error << "\n" << usage();
    return 2;
  }
  if (opts->help) {
    std::cout << usage();
    return 0;
  }
  Diagnostics diags;
  DiskFiles disk;
  CompileRequest req = opts->request;
  req.inputs = expand_inputs(opts->args, diags);
  req.standard_root = standard_root();
  if (opts->check_only) req.languages.clear();
  Compilation compilation(disk, diags);
  CompileResult result = compilation.run(req);
  if (opts->list_outputs) {
    for (const GeneratedFile& f : result.files) std::cout << f.path << "\n";
  } else if (!opts->check_only && !diags.has_errors()) {
    write_outputs(opts->out_dir, result.files, diags);
  }
  std::cerr << diags.format();
  if (diags.has_errors()) {
    std::cerr << "dmxp-msgc: " << diags.error_count() << " error" << (diags.error_count() == 1 ? "" : "s")
              << "; " << result.failed << " of " << req.inputs.size() << " input"
              << (req.inputs.size() == 1 ? "" : "s") << " failed\n";
    return 1;
  }
  return 0;
}
