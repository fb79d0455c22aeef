// node_options.hpp - how a node is configured when it is created: domain, namespace,
// command-line style arguments (remaps, parameter overrides, log level), and what it offers.
//
//   dmxp::rt::NodeOptions opts;
//   opts.ns("/robot").arguments({"--ros-args", "-r", "scan:=front_scan", "-p", "rate_hz:=20"});
//   auto node = std::make_shared<dmxp::rt::Node>("lidar", opts);
//
// Every node takes the process's global arguments (those dmxp::rt::init(argc, argv) parsed;
// without init, the --ros-args of the process's own command line, see init below) unless
// use_global_arguments(false), and its own arguments() and remap()s, then
// parameter_overrides (the launcher's API). The node's own win over the global ones, as in
// ROS 2: its remaps are tried first (the first matching rule wins), its parameters and log
// levels come after (the last matching one wins). So a component container's per-node
// options (--node-name, -r, -p after --load) beat its global --ros-args.
#pragma once

#include <string>
#include <vector>

#include "dmxp/rt/arguments.hpp"

namespace dmxp::rt {

class NodeOptions {
 public:
  NodeOptions() = default;

  // Domain of the node's channels and graph entries; "" = $DMXP_DOMAIN or "default".
  NodeOptions& domain(std::string d) { domain_ = std::move(d); return *this; }
  NodeOptions& ns(std::string n) { ns_ = std::move(n); return *this; }
  // ROS-style arguments ("--ros-args", "-r", "a:=b", ...); parse errors are reported when the
  // node is created (dmxp::Error from its constructor).
  NodeOptions& arguments(std::vector<std::string> args) { arguments_ = std::move(args); return *this; }
  NodeOptions& parameter_overrides(std::vector<Parameter> p) { overrides_ = std::move(p); return *this; }
  NodeOptions& append_parameter_override(std::string name, ParameterValue v) {
    overrides_.push_back({std::move(name), std::move(v)});
    return *this;
  }
  NodeOptions& remap(std::string from, std::string to) {
    remaps_.push_back({"", std::move(from), std::move(to)});
    return *this;
  }
  // false: the node ignores the process's arguments (init's, or its command line's).
  NodeOptions& use_global_arguments(bool b) { use_global_ = b; return *this; }
  // The "~/_parameters" service the CLI and ParameterClient use (default on).
  NodeOptions& start_parameter_services(bool b) { param_services_ = b; return *this; }
  // Registration in the domain's graph registry (default on).
  NodeOptions& enable_graph(bool b) { graph_ = b; return *this; }
  NodeOptions& log_level(std::string level) { log_level_ = std::move(level); return *this; }

  const std::string& domain() const { return domain_; }
  const std::string& ns() const { return ns_; }
  const std::vector<std::string>& arguments() const { return arguments_; }
  const std::vector<Parameter>& parameter_overrides() const { return overrides_; }
  const std::vector<RemapRule>& remaps() const { return remaps_; }
  bool use_global_arguments() const { return use_global_; }
  bool start_parameter_services() const { return param_services_; }
  bool enable_graph() const { return graph_; }
  const std::string& log_level() const { return log_level_; }

 private:
  std::string domain_;
  std::string ns_ = "/";
  std::vector<std::string> arguments_;
  std::vector<Parameter> overrides_;
  std::vector<RemapRule> remaps_;
  bool use_global_ = true;
  bool param_services_ = true;
  bool graph_ = true;
  std::string log_level_;
};

// Parses the process's arguments once (before creating nodes); they apply to every node with
// use_global_arguments. Returns the arguments that are not the runtime's (argv[0] first).
// DMXP_ERR_INVALID_ARGUMENT for a malformed --ros-args section. Also holds SIGINT and
// SIGTERM (hold_shutdown_signals), so one that arrives while the process starts up ends it
// cleanly at its first spin instead of killing it half-way.
//
// The documented way to start a node program. A program that never calls init still gets
// its command line's --ros-args (remaps, __node/__ns, parameters, log levels): the first
// node that uses global arguments reads /proc/self/cmdline, once for the process, exactly as
// init would have parsed it (a malformed section then fails that node's constructor with
// dmxp::Error naming the argument). What init does beyond that, it does not do: no signals
// held, and the program's own arguments are not handed back. init called later replaces
// what was read, for the nodes created after it.
Result<std::vector<std::string>> init(int argc, const char* const* argv);

// Blocks SIGINT and SIGTERM in the calling thread and the threads it creates afterwards. An
// executor that handles signals unblocks them in its spinning thread while it spins, so a
// signal that came earlier is delivered, and handled, as soon as the spin starts. Call it
// before creating any thread.
void hold_shutdown_signals();
// The global arguments: init's, or before init those of the process's command line (read
// once; empty when its --ros-args section is malformed).
const Arguments& global_arguments();

// False once SIGINT or SIGTERM reached an executor that handles signals (or shutdown() ran).
bool ok();
void shutdown();

}  // namespace dmxp::rt
