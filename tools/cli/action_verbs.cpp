// dmxp action list | info (and the dispatch of send_goal): actions as the graph registry
// shows them, by their send_goal services ("/fibonacci/_action/send_goal", docs/actions.md).
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "dmxp/rt/action_common.hpp"
#include "output.hpp"
#include "topic_names.hpp"
#include "verbs.hpp"

namespace dmxp::cli {
namespace {

using dmxp::rt::EndpointKind;

struct ActionEntry {
  std::string type;                         // "pkg/action/Fibonacci"
  std::set<std::string> servers, clients;   // full node names
};

// Every action the graph names (a server or a client of its send_goal service), by name.
std::map<std::string, ActionEntry> actions_of(const std::string& domain) {
  std::map<std::string, ActionEntry> out;
  auto graph = graph_snapshot(domain);
  if (!graph) return out;
  const std::string suffix = std::string(dmxp::rt::kActionInfix) + "send_goal";
  for (const auto& e : graph->endpoints) {
    if (e.kind != EndpointKind::ServiceServer && e.kind != EndpointKind::ServiceClient) continue;
    if (e.name.size() <= suffix.size() || !e.name.ends_with(suffix)) continue;
    std::string type = dmxp::rt::action_type_of_send_goal(e.type_name);
    if (type.empty()) continue;
    ActionEntry& a = out[e.name.substr(0, e.name.size() - suffix.size())];
    a.type = type;
    (e.kind == EndpointKind::ServiceServer ? a.servers : a.clients).insert(e.node);
  }
  return out;
}

int list(const GlobalOptions& g, const Args& args) {
  bool types = false;
  for (const std::string& a : args) {
    if (a == "-t" || a == "--show-types") types = true;
    else return usage_error("action list takes only -t, not '" + a + "'");
  }
  auto actions = actions_of(effective_domain(g.domain));
  if (g.json) {
    std::printf("[");
    size_t i = 0;
    for (const auto& [name, a] : actions)
      std::printf("%s{\"action\":%s,\"type\":%s}", i++ ? "," : "", json_escape(name).c_str(),
                  json_escape(a.type).c_str());
    std::printf("]\n");
    return 0;
  }
  for (const auto& [name, a] : actions) {
    if (types) std::printf("%s [%s]\n", name.c_str(), a.type.c_str());
    else std::printf("%s\n", name.c_str());
  }
  return 0;
}

std::string json_list(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ",") + json_escape(n);
  return "[" + out + "]";
}

int info(const GlobalOptions& g, const Args& args) {
  if (args.size() != 1) return usage_error("action info takes one action");
  std::string name = args[0][0] == '/' ? args[0] : "/" + args[0];
  std::string domain = effective_domain(g.domain);
  auto actions = actions_of(domain);
  auto it = actions.find(name);
  if (it == actions.end())
    return fail("unknown action '" + name + "' in domain '" + domain + "' (see 'dmxp action list')");
  const ActionEntry& a = it->second;
  if (g.json) {
    std::printf("{\"action\":%s,\"type\":%s,\"servers\":%s,\"clients\":%s}\n", json_escape(name).c_str(),
                json_escape(a.type).c_str(), json_list(a.servers).c_str(), json_list(a.clients).c_str());
    return 0;
  }
  std::printf("Action: %s\nType: %s\n", name.c_str(), a.type.c_str());
  std::printf("Action clients: %zu\n", a.clients.size());
  for (const std::string& n : a.clients) std::printf("    %s\n", n.c_str());
  std::printf("Action servers: %zu\n", a.servers.size());
  for (const std::string& n : a.servers) std::printf("    %s\n", n.c_str());
  return 0;
}

}  // namespace

int action_verbs(const GlobalOptions& g, const Args& args) {
  if (args.empty()) return usage_error("action needs a verb: list, info, send_goal");
  Args rest(args.begin() + 1, args.end());
  if (args[0] == "list") return list(g, rest);
  if (args[0] == "info") return info(g, rest);
  if (args[0] == "send_goal") return action_send_goal(g, rest);
  return usage_error("unknown verb 'action " + args[0] + "'");
}

}  // namespace dmxp::cli
