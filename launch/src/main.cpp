// dmxp-launch: runs a graph file (launch/README.md). The stages, one file each:
// parse (parse*.cpp) -> expand (expand.cpp) -> resolve (resolve.cpp) -> validate
// (validate.cpp) -> supervise (supervisor.cpp). Nothing starts unless every stage before
// supervision passed without an error.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>

#include "dmxp/tools/arg_cursor.hpp"
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

// A graph argument (name:=value) or the graph file: an exit code on a usage error, -1 to go on.
int parse_positional(const std::string& p, Options& o) {
  if (size_t eq = p.find(":="); eq != std::string::npos) {
    o.args[p.substr(0, eq)] = p.substr(eq + 2);
  } else if (o.graph.empty()) {
    o.graph = p;
  } else {
    return usage("one graph file only (got '" + o.graph + "' and '" + p + "')");
  }
  return -1;
}

// One option or positional at the cursor into o: an exit code when the command line is wrong
// or asked for help, -1 to go on.
int parse_one(dmxp::tools::ArgCursor& a, Options& o) {
  constexpr const char* kSeconds = "a positive number of seconds";
  std::string v;
  if (a.flag("-h") || a.flag("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  } else if (a.flag("--check")) {
    o.check = true;
  } else if (a.flag("--dry-run")) {
    o.dry_run = true;
  } else if (a.flag("--color")) {
    o.color = true;
  } else if (a.flag("--no-color")) {
    o.color = false;
  } else if (a.value("--run-time", &v, kSeconds)) {
    if (!positive_seconds(v.c_str(), o.run_time)) return usage(std::string("--run-time needs ") + kSeconds);
  } else if (a.value("--summary", &v, kSeconds)) {
    if (!positive_seconds(v.c_str(), o.summary)) return usage(std::string("--summary needs ") + kSeconds);
  } else if (a.value("--log-dir", &v, "a directory")) {
    o.log_dir = v;
  } else if (a.peek().size() > 1 && a.peek()[0] == '-') {
    return usage("unknown option '" + a.peek() + "'");
  } else {
    return parse_positional(a.take(), o);
  }
  return -1;
}

// Returns an exit code when the command line is wrong or asked for help, -1 to go on.
int parse_command_line(int argc, char** argv, Options& o) {
  const char* env_log = std::getenv("DMXP_LAUNCH_LOG_DIR");
  o.log_dir = env_log ? env_log : "dmxp-launch-logs";
  dmxp::tools::ArgCursor a(argc, argv);
  try {
    while (!a.done())
      if (int rc = parse_one(a, o); rc >= 0) return rc;
  } catch (const dmxp::tools::MissingValue& e) {
    return usage(e.what());
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
  std::vector<std::string> managed;
  for (const auto& n : graph.nodes)
    if (n.lifecycle) managed.push_back(n.full_name);
  LiveSummary summary(domain, managed);
  // Only a summary drains the events it reads (one that never did would hold them back).
  if (dmxp::Status s = o.summary > 0 ? summary.watch_lifecycle() : dmxp::Status(dmxp::Unit{}); !s) {
    std::fprintf(stderr, "dmxp-launch: transition events: %s; nothing was started\n", s.error().what());
    return kExitBadInput;
  }
  SupervisorOptions so;
  so.domain = domain;
  so.run_time_s = o.run_time;
  so.summary_period_s = o.summary;
  so.summary = [&summary](double elapsed) { return summary.report(elapsed); };
  so.summary_poll = [&summary] { summary.drain(); };
  // Process states on /dmxp_launch/processes, for dashboards (a graph of topics alone has none).
  std::optional<ProcessStatePublisher> states;
  if (!plan.empty()) {
    states.emplace(domain);
    if (!states->error().empty()) mux.note(states->error());
    so.on_states = [&states](const std::vector<ProcessStatus>& all) { states->publish(all); };
  }
  so.lifecycle = graph.lifecycle;
  return Supervisor(std::move(plan), mux, std::move(so)).run();
}
