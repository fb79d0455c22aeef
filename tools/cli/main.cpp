// dmxp - inspect and administer DMXP channels from the terminal.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "output.hpp"
#include "verbs.hpp"

namespace {
const char* kUsage =
    "usage: dmxp [--domain D] [--json] <group> <verb> [args]\n"
    "\n"
    "  channel list                 channels of the domain (name, mode, capacity, users)\n"
    "  channel info <name|id>       one channel: geometry, counters, producers, consumers\n"
    "  channel rm <name|id>...      remove channel segments (attached processes keep theirs)\n"
    "  channel gc [--parked]        remove channels no live process uses (--parked: also\n"
    "                               those holding only parked named cursors)\n"
    "\n"
    "  --domain D   domain to work in (default: $DMXP_DOMAIN, else 'default')\n"
    "  --json       machine-readable output (one JSON document)\n";
}

int main(int argc, char** argv) {
  dmxp::cli::GlobalOptions global;
  std::vector<std::string> rest;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") { std::fputs(kUsage, stdout); return 0; }
    if (a == "--json") { global.json = true; continue; }
    if (a == "--domain") {
      if (i + 1 >= argc) return dmxp::cli::usage_error("--domain needs a value");
      global.domain = argv[++i];
      continue;
    }
    if (a.rfind("--domain=", 0) == 0) { global.domain = a.substr(9); continue; }
    rest.push_back(a);
  }
  if (rest.empty()) { std::fputs(kUsage, stderr); return 2; }
  std::string group = rest.front();
  rest.erase(rest.begin());
  if (group == "channel") return dmxp::cli::channel_verbs(global, rest);
  return dmxp::cli::usage_error("unknown command group '" + group + "'");
}
