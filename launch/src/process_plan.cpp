#include "process_plan.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>

namespace dmxp::launch {
namespace {

// The node's identity, parameters and remappings as ROS 2 arguments (docs/nodes.md).
void node_rules(const LaunchNode& n, std::vector<std::string>& argv) {
  for (const auto& [k, v] : n.params) argv.insert(argv.end(), {"-p", k + ":=" + v});
  for (const auto& [from, to] : n.remaps) argv.insert(argv.end(), {"-r", from + ":=" + to});
}

// Later settings of a variable replace earlier ones (the node's over its groups' over its
// file's); the first place a variable was set keeps its position.
StringPairs merged_env(const StringPairs& env) {
  StringPairs out;
  for (const auto& [k, v] : env) {
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == k; });
    if (it == out.end()) out.emplace_back(k, v);
    else it->second = v;
  }
  return out;
}

// The program's command line behind its launch-prefix, if any.
std::vector<std::string> command(const ProcessCommon& c, const std::string& program) {
  std::vector<std::string> argv = c.launch_prefix;
  argv.push_back(program);
  argv.insert(argv.end(), c.args.begin(), c.args.end());
  return argv;
}

ProcessSpec executable(const LaunchNode& n) {
  ProcessSpec p{n.full_name, command(n, n.exec_path), merged_env(n.env), n.cwd, n.policy, {n.full_name}, {}, {}};
  if (n.plain) {  // a ROS 2 `executable`: a program, not a node
    p.members.clear();
    return p;
  }
  p.argv.insert(p.argv.end(), {"--ros-args", "-r", "__node:=" + n.name, "-r", "__ns:=" + n.ns});
  node_rules(n, p.argv);
  for (const auto& f : n.param_files) p.argv.insert(p.argv.end(), {"--params-file", f});
  return p;
}

ProcessSpec container(const LaunchContainer& c, const LaunchGraph& g) {
  ProcessSpec p{c.name, command(c, c.exec_path), merged_env(c.env), c.cwd, c.policy, {}, {}, {}};
  p.argv.insert(p.argv.end(), {"--threads", std::to_string(c.threads)});
  if (c.busy_poll) p.argv.push_back("--busy-poll");
  std::vector<std::string> files;
  for (const auto& n : g.nodes) {
    if (n.container != c.name) continue;
    p.argv.insert(p.argv.end(), {"--load", n.library, n.class_name, "--node-name", n.name,
                                 "--node-namespace", n.ns});
    node_rules(n, p.argv);
    p.members.push_back(n.full_name);
    files.insert(files.end(), n.param_files.begin(), n.param_files.end());
  }
  // Parameter files name their nodes, so the container takes them for all its components.
  if (!files.empty()) p.argv.push_back("--ros-args");
  for (const auto& f : files) p.argv.insert(p.argv.end(), {"--params-file", f});
  return p;
}

}  // namespace

std::vector<ProcessSpec> plan_processes(const LaunchGraph& g) {
  std::vector<ProcessSpec> plan;
  std::map<std::string, size_t> container_at;
  for (const auto& n : g.nodes) {
    size_t at;
    if (!n.is_component()) {
      at = plan.size();
      plan.push_back(executable(n));
    } else if (auto it = container_at.find(n.container); it != container_at.end()) {
      at = it->second;
    } else {
      auto c = std::find_if(g.containers.begin(), g.containers.end(),
                            [&](const LaunchContainer& c) { return c.name == n.container; });
      at = container_at[n.container] = plan.size();
      plan.push_back(container(*c, g));
    }
    if (!n.ready_topic.empty()) plan[at].ready.push_back({n.full_name, n.ready_topic, n.ready_timeout});
    if (n.lifecycle) plan[at].managed.push_back(n.full_name);
  }
  return plan;
}

std::string describe(const LaunchGraph& g, const std::vector<ProcessSpec>& plan) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  bool managed = std::any_of(g.nodes.begin(), g.nodes.end(), [](const LaunchNode& n) { return n.lifecycle; });
  if (managed)
    out << YAML::Key << "lifecycle" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "autostart"
        << YAML::Value << g.lifecycle.autostart << YAML::Key << "timeout" << YAML::Value << g.lifecycle.timeout
        << YAML::EndMap;
  out << YAML::Key << "topics" << YAML::Value << YAML::BeginSeq;
  for (const auto& t : g.topics) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << t.name;
    if (!t.type.empty()) out << YAML::Key << "type" << YAML::Value << t.type;
    out << YAML::Key << "capacity" << YAML::Value << t.capacity << YAML::Key << "slot_size"
        << YAML::Value << t.slot_size << YAML::Key << "delivery" << YAML::Value
        << (t.mode == DMXP_MODE_QUEUE ? "queue" : "broadcast") << YAML::Key << "reliability"
        << YAML::Value << (t.backpressure == DMXP_KEEP_LAST ? "best_effort" : "reliable") << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::Key << "processes" << YAML::Value << YAML::BeginSeq;
  for (const auto& p : plan) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << p.label;
    out << YAML::Key << "nodes" << YAML::Value << YAML::Flow << p.members;
    out << YAML::Key << "argv" << YAML::Value << YAML::Flow << p.argv;
    if (!p.env.empty()) {
      out << YAML::Key << "env" << YAML::Value << YAML::Flow << YAML::BeginMap;
      for (const auto& [k, v] : p.env) {
        out << YAML::Key << k << YAML::Value;
        if (v == kUnsetEnvValue) out << YAML::Null;  // unset_env
        else out << v;
      }
      out << YAML::EndMap;
    }
    if (!p.cwd.empty()) out << YAML::Key << "cwd" << YAML::Value << p.cwd;
    const ProcessPolicy& pol = p.policy;
    out << YAML::Key << "required" << YAML::Value << pol.required;
    if (pol.respawn)
      out << YAML::Key << "respawn" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "delay"
          << YAML::Value << pol.respawn_delay << YAML::Key << "backoff" << YAML::Value << pol.respawn_backoff
          << YAML::Key << "max_delay" << YAML::Value << pol.respawn_max_delay << YAML::Key << "max"
          << YAML::Value << pol.respawn_max << YAML::EndMap;
    out << YAML::Key << "stop" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "sigterm_after"
        << YAML::Value << pol.stop_timeout << YAML::Key << "sigkill_after" << YAML::Value << pol.kill_timeout
        << YAML::EndMap;
    out << YAML::Key << "output" << YAML::Value << (pol.log_file ? "log" : "screen");
    if (!p.managed.empty()) out << YAML::Key << "lifecycle" << YAML::Value << YAML::Flow << p.managed;
    if (!p.ready.empty()) {
      out << YAML::Key << "ready" << YAML::Value << YAML::BeginSeq;
      for (const auto& r : p.ready)
        out << YAML::Flow << YAML::BeginMap << YAML::Key << "node" << YAML::Value << r.node << YAML::Key
            << "topic" << YAML::Value << r.topic << YAML::Key << "timeout" << YAML::Value << r.timeout
            << YAML::EndMap;
      out << YAML::EndSeq;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace dmxp::launch
