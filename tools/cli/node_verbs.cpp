// dmxp node list | info: the nodes of the graph registry and their endpoints.
#include <cstdio>
#include <string>

#include "output.hpp"
#include "topic_names.hpp"
#include "verbs.hpp"

namespace dmxp::cli {
namespace {

using dmxp::rt::EndpointKind;

int list(const GlobalOptions& g) {
  auto graph = graph_snapshot(effective_domain(g.domain));
  std::vector<dmxp::rt::GraphNode> nodes = graph ? graph->nodes : std::vector<dmxp::rt::GraphNode>{};
  if (g.json) {
    std::printf("[");
    for (size_t i = 0; i < nodes.size(); ++i)
      std::printf("%s{\"node\":%s,\"pid\":%d}", i ? "," : "", json_escape(nodes[i].full_name).c_str(), nodes[i].pid);
    std::printf("]\n");
  } else {
    for (const auto& n : nodes) std::printf("%s\n", n.full_name.c_str());
  }
  return 0;
}

const char* section(EndpointKind k) {
  switch (k) {
    case EndpointKind::Publisher: return "publishers";
    case EndpointKind::Subscription: return "subscriptions";
    case EndpointKind::ServiceServer: return "services";
    case EndpointKind::ServiceClient: return "clients";
  }
  return "?";
}

int info(const GlobalOptions& g, const std::string& name) {
  std::string domain = effective_domain(g.domain);
  auto graph = graph_snapshot(domain);
  std::string full = name.empty() || name[0] == '/' ? name : "/" + name;
  const dmxp::rt::GraphNode* node = graph ? graph->node(full) : nullptr;
  if (!node) return fail("unknown node '" + name + "' in domain '" + domain + "' (see 'dmxp node list')");
  const EndpointKind kinds[] = {EndpointKind::Publisher, EndpointKind::Subscription,
                                EndpointKind::ServiceServer, EndpointKind::ServiceClient};
  if (g.json) {
    std::printf("{\"node\":%s,\"pid\":%d", json_escape(node->full_name).c_str(), node->pid);
    for (EndpointKind k : kinds) {
      std::printf(",\"%s\":[", section(k));
      bool first = true;
      for (const auto& e : graph->endpoints)
        if (e.node == node->full_name && e.kind == k) {
          std::printf("%s{\"name\":%s,\"type\":%s}", first ? "" : ",", json_escape(e.name).c_str(),
                      json_escape(e.type_name).c_str());
          first = false;
        }
      std::printf("]");
    }
    std::printf("}\n");
    return 0;
  }
  std::printf("%s (pid %d)\n", node->full_name.c_str(), node->pid);
  for (EndpointKind k : kinds) {
    std::printf("  %s:\n", section(k));
    for (const auto& e : graph->endpoints)
      if (e.node == node->full_name && e.kind == k)
        std::printf("    %s: %s\n", e.name.c_str(), e.type_name.c_str());
  }
  return 0;
}

}  // namespace

int node_verbs(const GlobalOptions& g, const Args& args) {
  if (args.size() == 1 && args[0] == "list") return list(g);
  if (args.size() == 2 && args[0] == "info") return info(g, args[1]);
  return usage_error("node takes 'list' or 'info <node>'");
}

}  // namespace dmxp::cli
