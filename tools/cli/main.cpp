// dmxp - inspect, debug and record a running DMXP graph from the terminal, and start
// packages of your own (dmxp pkg create).
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "dmxp/tools/arg_cursor.hpp"
#include "dmxp/dmxp.hpp"
#include "help.hpp"
#include "output.hpp"
#include "verbs.hpp"

namespace {

using dmxp::cli::Args;
using dmxp::cli::GlobalOptions;
using Verb = int (*)(const GlobalOptions&, const Args&);

// "group" -> handler taking the verb and its arguments, or "group verb" -> handler taking
// only the arguments.
const std::map<std::string, Verb>& commands() {
  static const std::map<std::string, Verb> t = {
      {"channel", dmxp::cli::channel_verbs},     {"topic", dmxp::cli::topic_verbs},
      {"topic echo", dmxp::cli::topic_echo},     {"topic hz", dmxp::cli::topic_hz},
      {"topic bw", dmxp::cli::topic_bw},         {"topic delay", dmxp::cli::topic_delay},
      {"topic pub", dmxp::cli::topic_pub},       {"node", dmxp::cli::node_verbs},
      {"param", dmxp::cli::param_verbs},         {"doctor", dmxp::cli::doctor},
      {"record", dmxp::cli::record},             {"play", dmxp::cli::play},
      {"bag", dmxp::cli::bag_verbs},             {"pkg", dmxp::cli::pkg_verbs},
      {"lifecycle", dmxp::cli::lifecycle_verbs},
      {"component", dmxp::cli::component_verbs},
      {"action", dmxp::cli::action_verbs},
      {"action send_goal", dmxp::cli::action_send_goal},
      {"tf", dmxp::cli::tf_verbs},
      {"tf echo", dmxp::cli::tf_echo},
      {"tf tree", dmxp::cli::tf_tree},
  };
  return t;
}

int print_help(const std::string& command) {
  const char* text = dmxp::cli::help_text(command);
  if (!text) return dmxp::cli::usage_error("no help for '" + command + "'");
  std::fputs(text, stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  GlobalOptions global;
  Args rest;
  bool help = false;
  // Global options may come anywhere; everything else is the command and its arguments.
  dmxp::tools::ArgCursor a(argc, argv);
  try {
    while (!a.done()) {
      if (a.flag("-h") || a.flag("--help")) help = true;
      else if (a.flag("--json")) global.json = true;
      else if (!a.value("--domain", &global.domain)) rest.push_back(a.take());
    }
  } catch (const dmxp::tools::MissingValue& e) {
    return dmxp::cli::usage_error(e.what());
  }
  if (rest.empty()) {
    if (help) return print_help("");
    std::fputs(dmxp::cli::help_text(""), stderr);
    return 2;
  }
  dmxp::Result<std::string> domain = dmxp::resolve_domain(global.domain);
  if (!domain) return dmxp::cli::usage_error(domain.error().what());
  global.domain = domain.value();
  const std::string& group = rest[0];
  std::string verb = rest.size() > 1 ? group + " " + rest[1] : "";
  if (help) return print_help(dmxp::cli::help_text(verb) ? verb : group);
  auto it = commands().find(verb);
  if (!verb.empty() && it != commands().end()) return it->second(global, Args(rest.begin() + 2, rest.end()));
  it = commands().find(group);
  if (it == commands().end()) return dmxp::cli::usage_error("unknown command group '" + group + "'");
  return it->second(global, Args(rest.begin() + 1, rest.end()));
}
