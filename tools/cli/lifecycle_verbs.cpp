// dmxp lifecycle nodes | get | list | set: managed nodes through their lifecycle services, as
// `ros2 lifecycle` (same verbs, same output lines).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "dmxp/rt/lifecycle_client.hpp"
#include "dmxp/tools/arg_cursor.hpp"
#include "output.hpp"
#include "verbs.hpp"

namespace dmxp::cli {

using tools::ArgCursor;
namespace lc = rt::lifecycle;

namespace {

constexpr const char* kUsage = "lifecycle takes nodes | get [<node>] | list <node> [-a] | set <node> <transition>";

struct Options {
  std::vector<std::string> pos;
  bool all = false;
  std::chrono::nanoseconds timeout = std::chrono::seconds(5);
};

std::string absolute(const std::string& node) { return node[0] == '/' ? node : "/" + node; }

std::string state_text(const lc::State& s) {
  return std::string(s.label()) + " [" + std::to_string(s.id()) + "]";
}

// "service '/x/get_state' has no server" says little to someone who typed a node name.
int node_error(const std::string& context, const std::string& node, const std::string& domain, const Error& e) {
  if (e.status() == DMXP_ERR_NOT_FOUND)
    return fail(context + ": no managed node '" + node + "' in domain '" + domain + "' (see 'dmxp lifecycle nodes')");
  return fail(context + ": " + e.what());
}

std::vector<std::string> managed_nodes_of(const std::string& domain) {
  if (!rt::GraphRegistry::exists(domain)) return {};
  auto graph = rt::GraphRegistry::open(domain);
  return graph ? rt::managed_nodes(graph.value()->snapshot()) : std::vector<std::string>{};
}

int nodes(const GlobalOptions& g, const std::string& domain) {
  std::vector<std::string> names = managed_nodes_of(domain);
  if (g.json) std::printf("[");
  for (size_t i = 0; i < names.size(); ++i) {
    if (g.json) std::printf("%s%s", i ? "," : "", json_escape(names[i]).c_str());
    else std::printf("%s\n", names[i].c_str());
  }
  if (g.json) std::printf("]\n");
  return 0;
}

// One node's state; without a node, every managed node's ("<node>: <state>").
int get(const GlobalOptions& g, const Options& o, rt::Node& self, const std::string& domain) {
  bool one = o.pos.size() == 2;
  std::vector<std::string> names = one ? std::vector<std::string>{absolute(o.pos[1])} : managed_nodes_of(domain);
  if (g.json) std::printf("[");
  int rc = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    Result<lc::State> s = rt::LifecycleClient(self, names[i]).get_state(o.timeout);
    if (!s) {
      rc = node_error("lifecycle get " + names[i], names[i], domain, s.error());
      if (one) return rc;
      continue;
    }
    if (g.json)
      std::printf("%s{\"node\":%s,\"state\":%s,\"id\":%u}", i ? "," : "", json_escape(names[i]).c_str(),
                  json_escape(std::string(s.value().label())).c_str(), unsigned(s.value().id()));
    else
      std::printf("%s%s\n", one ? "" : (names[i] + ": ").c_str(), state_text(s.value()).c_str());
  }
  if (g.json) std::printf("]\n");
  return rc;
}

int list(const GlobalOptions& g, const Options& o, rt::Node& self, const std::string& domain) {
  std::string node = absolute(o.pos[1]);
  rt::LifecycleClient client(self, node);
  auto transitions = o.all ? client.get_transition_graph(o.timeout) : client.get_available_transitions(o.timeout);
  if (!transitions) return node_error("lifecycle list " + node, node, domain, transitions.error());
  if (g.json) std::printf("[");
  bool first = true;
  for (const lc::Transition& t : transitions.value()) {
    if (g.json)
      std::printf("%s{\"id\":%u,\"label\":%s,\"start\":%s,\"goal\":%s}", first ? "" : ",", unsigned(t.id),
                  json_escape(std::string(t.label)).c_str(), json_escape(std::string(t.start.label())).c_str(),
                  json_escape(std::string(t.goal.label())).c_str());
    else
      std::printf("- %s [%u]\n\tStart: %s\n\tGoal: %s\n", std::string(t.label).c_str(), unsigned(t.id),
                  std::string(t.start.label()).c_str(), std::string(t.goal.label()).c_str());
    first = false;
  }
  if (g.json) std::printf("]\n");
  return 0;
}

// As `ros2 lifecycle set`: the transition is one of those leaving the node's state, named by
// label or by id.
int set(const Options& o, rt::Node& self, const std::string& domain) {
  std::string node = absolute(o.pos[1]), wanted = o.pos[2];
  std::string context = "lifecycle set " + node + " " + wanted;
  rt::LifecycleClient client(self, node);
  auto available = client.get_available_transitions(o.timeout);
  if (!available) return node_error(context, node, domain, available.error());
  const lc::Transition* chosen = nullptr;
  for (const auto& t : available.value())
    if (t.label == wanted) chosen = &t;
  for (const auto& t : available.value())
    if (!chosen && std::to_string(t.id) == wanted) chosen = &t;
  if (!chosen) {
    std::string list;
    for (const auto& t : available.value())
      list += (list.empty() ? "" : ", ") + std::string(t.label) + " [" + std::to_string(t.id) + "]";
    auto state = client.get_state(o.timeout);
    return fail(context + ": unknown transition from state '" +
                (state ? std::string(state.value().label()) : std::string("?")) +
                "', available ones are: " + (list.empty() ? "none" : list));
  }
  Result<bool> done = client.change_state(chosen->id, o.timeout);
  if (!done) return node_error(context, node, domain, done.error());
  if (done.value()) {
    std::printf("Transitioning successful\n");
    return 0;
  }
  auto state = client.get_state(o.timeout);
  return fail(context + ": Transitioning failed (the node is now " +
              (state ? state_text(state.value()) : std::string("in an unknown state")) + ")");
}

}  // namespace

int lifecycle_verbs(const GlobalOptions& g, const Args& args) {
  ArgCursor a(args);
  Options o;
  try {
    std::string v;
    while (!a.done()) {
      if (a.flag("-a") || a.flag("--all")) o.all = true;
      else if (a.value("--timeout", &v))
        o.timeout = std::chrono::nanoseconds(int64_t(parse_positive("--timeout", v) * 1e9));
      else o.pos.push_back(a.take());
    }
  } catch (const std::exception& e) {
    return usage_error(e.what());
  }
  const std::string verb = o.pos.empty() ? "" : o.pos[0];
  std::string domain = effective_domain(g.domain);
  bool ok_shape = (verb == "nodes" && o.pos.size() == 1) || (verb == "get" && o.pos.size() <= 2) ||
                  (verb == "list" && o.pos.size() == 2) || (verb == "set" && o.pos.size() == 3);
  if (!ok_shape) return usage_error(kUsage);
  if (verb == "nodes") return nodes(g, domain);
  try {
    rt::NodeOptions no;
    no.domain(domain).start_parameter_services(false).use_global_arguments(false).enable_graph(false);
    rt::Node self("dmxp_lifecycle_" + std::to_string(getpid()), no);
    if (verb == "get") return get(g, o, self, domain);
    if (verb == "list") return list(g, o, self, domain);
    return set(o, self, domain);
  } catch (const std::exception& e) {
    return fail("lifecycle " + verb + ": " + e.what());
  }
}

}  // namespace dmxp::cli
