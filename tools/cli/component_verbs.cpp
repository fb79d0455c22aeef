// dmxp component list | load | unload | types: components of running containers through their
// composition services (component_manager.hpp), as `ros2 component` (same output lines).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <composition_interfaces/srv/ListNodes.hpp>
#include <composition_interfaces/srv/LoadNode.hpp>
#include <composition_interfaces/srv/UnloadNode.hpp>
#include <rcl_interfaces/msg/ParameterType.hpp>

#include "dmxp/rt/component.hpp"
#include "dmxp/rt/component_manager.hpp"
#include "dmxp/tools/arg_cursor.hpp"
#include "output.hpp"
#include "verbs.hpp"

namespace dmxp::cli {

using tools::ArgCursor;
namespace ci = composition_interfaces::srv;
using rcl_interfaces::msg::ParameterType;

namespace {

constexpr const char* kUsage =
    "component takes list [<container>] | load <container> <library> <class> [-n name] [--node-namespace ns] "
    "[-r from:=to]... [-p name:=value]... | unload <container> <id>... | types <library>...";

struct Options {
  std::vector<std::string> pos;
  std::string node_name, node_namespace;
  std::vector<std::string> remaps, params;
  std::chrono::nanoseconds timeout = std::chrono::seconds(10);
};

std::string absolute(const std::string& node) { return node[0] == '/' ? node : "/" + node; }

std::vector<std::string> containers_of(const std::string& domain) {
  if (!rt::GraphRegistry::exists(domain)) return {};
  auto graph = rt::GraphRegistry::open(domain);
  return graph ? rt::component_containers(graph.value()->snapshot()) : std::vector<std::string>{};
}

// ros2 component's words when the container does not run.
std::optional<int> missing(const std::string& context, const std::string& container, const std::string& domain) {
  for (const std::string& c : containers_of(domain))
    if (c == container) return std::nullopt;
  return fail(context + ": Unable to find container node '" + container + "' in domain '" + domain +
              "' (see 'dmxp component list')");
}

// "Failed to load component: <Error message>" capitalizes as ros2 component does.
std::string capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = char(s[0] - 'a' + 'A');
  return s;
}

int list(const GlobalOptions& g, const Options& o, rt::Node& self, const std::string& domain) {
  bool one = o.pos.size() == 2;
  std::vector<std::string> names = one ? std::vector<std::string>{absolute(o.pos[1])} : containers_of(domain);
  if (one)
    if (auto rc = missing("component list", names[0], domain)) return *rc;
  int rc = 0;
  if (g.json) std::printf("[");
  for (size_t i = 0; i < names.size(); ++i) {
    auto client = self.create_client<ci::ListNodes>(names[i] + "/_container/list_nodes", rt::ClientOptions{4});
    std::vector<std::pair<uint64_t, std::string>> components;
    Status s = client ? client.value().call(ci::ListNodes_Request(), o.timeout,
                                            [&](const ci::ListNodes_Response& r) {
                                              for (uint32_t k = 0; k < r.unique_ids.size() && k < r.full_node_names.size(); ++k)
                                                components.push_back({r.unique_ids[k], r.full_node_names[k].str()});
                                            })
                      : Status(client.error());
    if (!s) {
      rc = fail("component list " + names[i] + ": " + s.error().what());
      continue;
    }
    if (g.json) {
      std::printf("%s{\"container\":%s,\"components\":[", i ? "," : "", json_escape(names[i]).c_str());
      for (size_t k = 0; k < components.size(); ++k)
        std::printf("%s{\"id\":%llu,\"name\":%s}", k ? "," : "", (unsigned long long)components[k].first,
                    json_escape(components[k].second).c_str());
      std::printf("]}");
      continue;
    }
    if (!one) std::printf("%s\n", names[i].c_str());
    for (const auto& [id, name] : components)
      std::printf("%s%llu  %s\n", one ? "" : "  ", (unsigned long long)id, name.c_str());
  }
  if (g.json) std::printf("]\n");
  return rc;
}

// "-p name:=value": the value as YAML, into rcl_interfaces/Parameter.
Status to_wire(const std::string& rule, rcl_interfaces::msg::Parameter& out) {
  size_t eq = rule.find(":=");
  if (eq == std::string::npos || eq == 0)
    return Error(DMXP_ERR_INVALID_ARGUMENT, "-p needs name:=value, got '" + rule + "'");
  auto value = rt::ParameterValue::from_yaml(rule.substr(eq + 2));
  if (!value) return value.error();
  out.name = rule.substr(0, eq);
  auto& v = out.value;
  const auto& st = value.value().storage();
  if (auto* b = std::get_if<bool>(&st)) v.type = ParameterType::PARAMETER_BOOL, v.bool_value = *b;
  else if (auto* i = std::get_if<int64_t>(&st)) v.type = ParameterType::PARAMETER_INTEGER, v.integer_value = *i;
  else if (auto* d = std::get_if<double>(&st)) v.type = ParameterType::PARAMETER_DOUBLE, v.double_value = *d;
  else if (auto* s = std::get_if<std::string>(&st)) v.type = ParameterType::PARAMETER_STRING, v.string_value = *s;
  else if (auto* bs = std::get_if<std::vector<bool>>(&st)) {
    v.type = ParameterType::PARAMETER_BOOL_ARRAY;
    for (bool x : *bs) v.bool_array_value.push_back(x);
  } else if (auto* is = std::get_if<std::vector<int64_t>>(&st)) {
    v.type = ParameterType::PARAMETER_INTEGER_ARRAY;
    for (int64_t x : *is) v.integer_array_value.push_back(x);
  } else if (auto* ds = std::get_if<std::vector<double>>(&st)) {
    v.type = ParameterType::PARAMETER_DOUBLE_ARRAY;
    for (double x : *ds) v.double_array_value.push_back(x);
  } else if (auto* ss = std::get_if<std::vector<std::string>>(&st)) {
    v.type = ParameterType::PARAMETER_STRING_ARRAY;
    for (const std::string& x : *ss) v.string_array_value.push_back(std::string_view(x));
  }
  return Unit{};
}

int load(const Options& o, rt::Node& self, const std::string& domain) {
  std::string container = absolute(o.pos[1]);
  const std::string context = "component load " + container;
  if (auto rc = missing(context, container, domain)) return *rc;
  auto rq = std::make_unique<ci::LoadNode_Request>();  // ~330 KB: not on the stack
  try {
    rq->package_name = o.pos[2];
    rq->plugin_name = o.pos[3];
    rq->node_name = o.node_name;
    rq->node_namespace = o.node_namespace;
    for (const std::string& r : o.remaps) rq->remap_rules.push_back(std::string_view(r));
    for (const std::string& p : o.params) {
      rq->parameters.resize(rq->parameters.size() + 1);
      if (Status s = to_wire(p, rq->parameters[rq->parameters.size() - 1]); !s) return usage_error(s.error().what());
    }
  } catch (const std::exception& e) {  // a field longer than the message's capacity
    return usage_error(context + ": " + e.what());
  }
  auto client = self.create_client<ci::LoadNode>(container + "/_container/load_node", rt::ClientOptions{4});
  if (!client) return fail(context + ": " + client.error().what());
  std::string error;
  uint64_t id = 0;
  std::string name;
  Status s = client.value().call(*rq, o.timeout, [&](const ci::LoadNode_Response& r) {
    if (!r.success) error = r.error_message.str();
    id = r.unique_id;
    name = r.full_node_name.str();
  });
  if (!s) return fail(context + ": " + s.error().what());
  if (!error.empty()) return fail(context + ": Failed to load component: " + capitalized(error));
  std::printf("Loaded component %llu into '%s' container node as '%s'\n", (unsigned long long)id, container.c_str(),
              name.c_str());
  return 0;
}

int unload(const Options& o, rt::Node& self, const std::string& domain) {
  std::string container = absolute(o.pos[1]);
  const std::string context = "component unload " + container;
  if (auto rc = missing(context, container, domain)) return *rc;
  auto client = self.create_client<ci::UnloadNode>(container + "/_container/unload_node", rt::ClientOptions{4});
  if (!client) return fail(context + ": " + client.error().what());
  for (size_t i = 2; i < o.pos.size(); ++i) {
    ci::UnloadNode_Request rq;
    char* end = nullptr;
    rq.unique_id = std::strtoull(o.pos[i].c_str(), &end, 10);
    if (o.pos[i].empty() || *end) return usage_error(context + ": '" + o.pos[i] + "' is not a component id");
    auto r = client.value().call(rq, o.timeout);
    if (!r) return fail(context + ": " + r.error().what());
    if (!r.value().success)
      return fail(context + ": Failed to unload component " + o.pos[i] + " from '" + container +
                  "' container node: " + capitalized(r.value().error_message.str()));
    std::printf("Unloaded component %s from '%s' container node\n", o.pos[i].c_str(), container.c_str());
  }
  return 0;
}

// Each library, then its classes (as `ros2 component types` lists packages).
int types(const Options& o) {
  int rc = 0;
  for (size_t i = 1; i < o.pos.size(); ++i) {
    auto classes = rt::component_classes_in(o.pos[i]);
    if (!classes) {
      rc = fail("component types " + o.pos[i] + ": " + classes.error().what());
      continue;
    }
    std::printf("%s\n", o.pos[i].c_str());
    for (const std::string& c : classes.value()) std::printf("  %s\n", c.c_str());
  }
  return rc;
}

}  // namespace

int component_verbs(const GlobalOptions& g, const Args& args) {
  ArgCursor a(args);
  Options o;
  try {
    std::string v;
    while (!a.done()) {
      if (a.value("-n", &v) || a.value("--node-name", &v)) o.node_name = v;
      else if (a.value("--node-namespace", &v)) o.node_namespace = v;
      else if (a.value("-r", &v, "a rule") || a.value("--remap-rule", &v, "a rule")) o.remaps.push_back(v);
      else if (a.value("-p", &v, "a rule") || a.value("--parameter", &v, "a rule")) o.params.push_back(v);
      else if (a.value("--timeout", &v))
        o.timeout = std::chrono::nanoseconds(int64_t(parse_positive("--timeout", v) * 1e9));
      else o.pos.push_back(a.take());
    }
  } catch (const std::exception& e) {
    return usage_error(e.what());
  }
  const std::string verb = o.pos.empty() ? "" : o.pos[0];
  bool ok_shape = (verb == "list" && o.pos.size() <= 2) || (verb == "load" && o.pos.size() == 4) ||
                  (verb == "unload" && o.pos.size() >= 3) || (verb == "types" && o.pos.size() >= 2);
  if (!ok_shape) return usage_error(kUsage);
  if (verb == "types") return types(o);
  std::string domain = effective_domain(g.domain);
  try {
    rt::NodeOptions no;
    no.domain(domain).start_parameter_services(false).use_global_arguments(false).enable_graph(false);
    rt::Node self("dmxp_component_" + std::to_string(getpid()), no);
    if (verb == "list") return list(g, o, self, domain);
    if (verb == "load") return load(o, self, domain);
    return unload(o, self, domain);
  } catch (const std::exception& e) {
    return fail("component " + verb + ": " + e.what());
  }
}

}  // namespace dmxp::cli
