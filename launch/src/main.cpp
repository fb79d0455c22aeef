// dmxp-launch: runs a graph file (launch/README.md). The stages, one file each:
// parse (parse*.cpp) -> expand (expand.cpp) -> resolve (resolve.cpp) -> validate
// (validate.cpp) -> supervise (supervisor.cpp). Nothing starts unless every stage before
// supervision passed without an error.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "dmxp/dmxp.hpp"
#include "expand.hpp"
#include "live_summary.hpp"
#include "process_plan.hpp"
#include "resolve.hpp"
#include "supervisor.hpp"
#include "topic_setup.hpp"
#include "validate.hpp"

namespace {

using namespace dmxp::launch;

constexpr const char* kUsage =
    "usage: dmxp-launch [options] <graph.yaml> [name:=value ...]\n"
    "  name:=value      set an argument of the graph file\n"
    "  --check          validate the graph and start nothing\n"
    "  --dry-run        print the resolved graph (processes, command lines, topics); start nothing\n"
    "  --run-time S     stop everything after S seconds (default: until Ctrl-C or SIGTERM)\n"
    "  --summary S      every S seconds print topics, rates and latency reports\n"
    "  --log-dir DIR    where nodes with 'output: log' write (default: $DMXP_LAUNCH_LOG_DIR,\n"
    "                   else ./dmxp-launch-logs)\n"
    "  --color | --no-color   colored names (default: when stdout is a terminal)\n"
    "exit status: 0 ok, 1 a required process failed (or could not start, or was not ready in\n"
    "time), 2 bad input or usage (nothing was started)\n";

struct Options {
  std::string graph;
  std::map<std::string, std::string> args;
  bool check = false, dry_run = false;
  double run_time = 0, summary = 0;
  std::string log_dir;
  bool color = isatty(STDOUT_FILENO);
};

int usage(const std::string& why) {
  std::fprintf(stderr, "dmxp-launch: %s\n%s", why.c_str(), kUsage);
  return kExitBadInput;
}

bool positive_seconds(const char* text, double& out) {
  char* end = nullptr;
  out = std::strtod(text, &end);
  return *text && *end == '\0' && out > 0;
}

// nullopt-like: returns an exit code when the command line is wrong or asked for help.
int parse_command_line(int argc, char** argv, Options& o) {
  const char* env_log = std::getenv("DMXP_LAUNCH_LOG_DIR");
  o.log_dir = env_log ? env_log : "dmxp-launch-logs";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--check") {
      o.check = true;
    } else if (a == "--dry-run") {
      o.dry_run = true;
    } else if (a == "--color" || a == "--no-color") {
      o.color = a == "--color";
    } else if (a == "--run-time" || a == "--summary") {
      const char* v = value();
      if (!v || !positive_seconds(v, a == "--run-time" ? o.run_time : o.summary))
        return usage(a + " needs a positive number of seconds");
    } else if (a == "--log-dir") {
      const char* v = value();
      if (!v) return usage("--log-dir needs a directory");
      o.log_dir = v;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option '" + a + "'");
    } else if (size_t eq = a.find(":="); eq != std::string::npos) {
      o.args[a.substr(0, eq)] = a.substr(eq + 2);
    } else if (o.graph.empty()) {
      o.graph = a;
    } else {
      return usage("one graph file only (got '" + o.graph + "' and '" + a + "')");
    }
  }
  if (o.graph.empty()) return usage("no graph file given");
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (int rc = parse_command_line(argc, argv, o); rc >= 0) return rc;
  dmxp::Result<std::string> resolved = dmxp::resolve_domain();  // $DMXP_DOMAIN or "default"
  if (!resolved) {
    std::fprintf(stderr, "dmxp-launch: %s; nothing was started\n", resolved.error().what());
    return kExitBadInput;
  }
  const std::string& domain = resolved.value();

  Diagnostics diags;
  LaunchGraph graph = expand_graph(o.graph, o.args, diags);
  if (!diags.has_errors()) resolve_graph(graph, diags);
  if (!diags.has_errors()) validate_graph(graph, domain, diags);
  if (diags.has_errors()) {
    std::fputs(diags.format().c_str(), stderr);
    std::fprintf(stderr, "dmxp-launch: %zu error%s in %s; nothing was started\n", diags.count(),
                 diags.count() == 1 ? "" : "s", o.graph.c_str());
    return kExitBadInput;
  }
  std::vector<ProcessSpec> plan = plan_processes(graph);
  if (o.dry_run) {
    std::fputs(describe(graph, plan).c_str(), stdout);
    return kExitOk;
  }
  if (o.check) {
    std::printf("%s: ok (%zu processes, %zu nodes, %zu topics)\n", o.graph.c_str(), plan.size(),
                graph.nodes.size(), graph.topics.size());
    return kExitOk;
  }
  if (std::string err = create_topic_channels(graph, domain); !err.empty()) {
    std::fprintf(stderr, "dmxp-launch: %s; nothing was started\n", err.c_str());
    return kExitBadInput;
  }
  OutputMux mux(o.color, o.log_dir);
  LiveSummary summary(domain);
  SupervisorOptions so;
  so.domain = domain;
  so.run_time_s = o.run_time;
  so.summary_period_s = o.summary;
  so.summary = [&summary](double elapsed) { return summary.report(elapsed); };
  so.summary_poll = [&summary] { summary.drain(); };
  return Supervisor(std::move(plan), mux, std::move(so)).run();
}
