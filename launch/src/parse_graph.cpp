// The DMXP graph format (launch/README.md).
#include "graph_keys.hpp"
#include "parse.hpp"
#include "yaml_reader.hpp"

namespace dmxp::launch {
namespace {

std::vector<EnvDecl> read_env(const MapReader& r) {
  std::vector<EnvDecl> env;
  for (auto& [k, v] : r.scalar_map("env")) env.push_back({k, v});
  return env;
}

void read_process(const MapReader& r, ProcessDecl& p) {
  p.mark = r.mark();
  p.env = read_env(r);
  p.args = r.scalars("args");
  p.cwd = r.scalar("cwd");
  p.required = r.scalar("required");
  p.stop_timeout = r.scalar("stop_timeout");
  p.kill_timeout = r.scalar("kill_timeout");
  p.output = r.scalar("output");
  p.if_cond = r.scalar("if");
  p.unless_cond = r.scalar("unless");
  YAML::Node respawn = r.get("respawn");
  if (!respawn) return;
  if (respawn.IsScalar()) {
    p.respawn = scalar_of(respawn, r.file());
    return;
  }
  MapReader rr(respawn, r.file(), "a respawn policy", r.diags(), graph_keys::kRespawn);
  if (!rr.is_map()) return;
  p.respawn = {"true", rr.mark(), true};
  p.respawn_delay = rr.scalar("delay");
  p.respawn_backoff = rr.scalar("backoff");
  p.respawn_max_delay = rr.scalar("max_delay");
  p.respawn_max = rr.scalar("max");
}

// Inline parameters; nested mappings become dotted names (limits: {min: 1} -> limits.min).
void read_params(const YAML::Node& map, const std::string& prefix, const std::string& file,
                 std::vector<ParamDecl>& out) {
  for (const auto& kv : map) {
    std::string name = prefix + kv.first.Scalar();
    if (kv.second.IsMap())
      read_params(kv.second, name + ".", file, out);
    else
      out.push_back({{name, mark_of(kv.first, file), true}, kv.second});
  }
}

std::vector<RemapDecl> read_remaps(const MapReader& r) {
  std::vector<RemapDecl> out;
  for (auto& [from, to] : r.scalar_map("remap")) out.push_back({from, to});
  return out;
}

NodeDecl read_node(const YAML::Node& n, const std::string& file, Diagnostics& diags) {
  NodeDecl d;
  MapReader r(n, file, "a node", diags, graph_keys::kNode);
  if (!r.is_map()) return d;
  read_process(r, d);
  d.name = r.scalar("name");
  d.ns = r.scalar("namespace");
  d.exec = r.scalar("exec");
  read_params(r.mapping("parameters"), "", file, d.params);
  d.param_files = r.scalars("param_files");
  d.remaps = read_remaps(r);
  if (YAML::Node c = r.get("component")) {
    MapReader cr(c, file, "a component", diags, graph_keys::kComponent);
    d.container = cr.scalar("container");
    d.library = cr.scalar("library");
    d.class_name = cr.scalar("class");
  }
  d.lifecycle = r.scalar("lifecycle");
  if (YAML::Node ready = r.get("ready")) {
    MapReader rr(ready, file, "a readiness check", diags, graph_keys::kReady);
    d.ready_topic = rr.scalar("topic");
    d.ready_timeout = rr.scalar("timeout");
  }
  return d;
}

std::vector<Item> read_items(const YAML::Node& seq, const std::string& file, Diagnostics& diags);

IncludeDecl read_include(const YAML::Node& n, const std::string& file, Diagnostics& diags) {
  IncludeDecl d;
  MapReader r(n, file, "an include", diags, graph_keys::kInclude);
  d.mark = r.mark();
  d.file = r.scalar("file");
  d.ns = r.scalar("namespace");
  d.args = r.scalar_map("args");
  d.if_cond = r.scalar("if");
  d.unless_cond = r.scalar("unless");
  return d;
}

std::shared_ptr<GroupDecl> read_group(const YAML::Node& n, const std::string& file,
                                      Diagnostics& diags) {
  auto g = std::make_shared<GroupDecl>();
  MapReader r(n, file, "a group", diags, graph_keys::kGroup);
  g->mark = r.mark();
  g->ns = r.scalar("namespace");
  g->remaps = read_remaps(r);
  g->env = read_env(r);
  g->if_cond = r.scalar("if");
  g->unless_cond = r.scalar("unless");
  g->items = read_items(r.sequence("nodes"), file, diags);
  return g;
}

// A node list entry: a node, or a one-key mapping `group:` / `include:`.
std::vector<Item> read_items(const YAML::Node& seq, const std::string& file, Diagnostics& diags) {
  std::vector<Item> items;
  for (const auto& e : seq) {
    const char* group = graph_keys::kGroupItem[0];
    const char* include = graph_keys::kIncludeItem[0];
    if (e.IsMap() && e.size() == 1 && e[group])
      items.emplace_back(read_group(e[group], file, diags));
    else if (e.IsMap() && e.size() == 1 && e[include])
      items.emplace_back(read_include(e[include], file, diags));
    else
      items.emplace_back(read_node(e, file, diags));
  }
  return items;
}

std::vector<ArgDecl> read_args(const MapReader& top) {
  std::vector<ArgDecl> out;
  for (const auto& kv : top.mapping("args")) {
    ArgDecl a;
    a.name = scalar_of(kv.first, top.file());
    if (kv.second.IsScalar()) {
      a.default_value = scalar_of(kv.second, top.file());
    } else if (!kv.second.IsNull()) {
      MapReader r(kv.second, top.file(), "the argument '" + a.name.text + "'", top.diags(),
                  graph_keys::kArgument);
      a.default_value = r.scalar("default");
      a.description = r.scalar("description");
    }
    out.push_back(a);
  }
  return out;
}

TopicDecl read_topic(const YAML::Node& n, const std::string& file, Diagnostics& diags) {
  TopicDecl t;
  MapReader r(n, file, "a topic", diags, graph_keys::kTopic);
  t.mark = r.mark();
  t.name = r.scalar("name");
  t.type = r.scalar("type");
  t.capacity = r.scalar("capacity");
  t.slot_size = r.scalar("slot_size");
  t.delivery = r.scalar("delivery");
  t.reliability = r.scalar("reliability");
  t.if_cond = r.scalar("if");
  t.unless_cond = r.scalar("unless");
  return t;
}

ContainerDecl read_container(const YAML::Node& n, const std::string& file, Diagnostics& diags) {
  ContainerDecl c;
  MapReader r(n, file, "a container", diags, graph_keys::kContainer);
  if (!r.is_map()) return c;
  read_process(r, c);
  c.name = r.scalar("name");
  c.ns = r.scalar("namespace");
  c.threads = r.scalar("threads");
  c.busy_poll = r.scalar("busy_poll");
  return c;
}

}  // namespace

GraphFile parse_dmxp_graph(const YAML::Node& root, const std::string& path, Diagnostics& diags) {
  GraphFile g;
  g.path = path;
  MapReader top(root, path, "a graph file", diags, graph_keys::kGraph);
  if (!top.is_map()) return g;
  g.args = read_args(top);
  g.env = read_env(top);
  for (const auto& t : top.sequence("topics")) g.topics.push_back(read_topic(t, path, diags));
  for (const auto& c : top.sequence("containers"))
    g.containers.push_back(read_container(c, path, diags));
  g.items = read_items(top.sequence("nodes"), path, diags);
  if (YAML::Node l = top.get("lifecycle")) {
    MapReader lr(l, path, "the lifecycle settings", diags, graph_keys::kLifecycle);
    if (lr.is_map()) g.lifecycle = {lr.mark(), true, lr.scalar("autostart"), lr.scalar("timeout")};
  }
  return g;
}

}  // namespace dmxp::launch
