// ROS 2 launch files, YAML (`launch:` at the top) and XML (<launch>), read through
// launch_entity.hpp so both formats follow one set of rules: arg, let, node, executable,
// include, group (scoped), push_ros_namespace, set_remap, set_env, unset_env, set_parameter,
// node_container with composable_node, load_composable_node; param (name/value, nested,
// value-sep, from), remap, env; launch-prefix on every process. `pkg`/`exec` and component
// plugins are found through the package search path (resolve.cpp); $(var x) reads an
// argument like $(arg x).
#include <cctype>
#include <fstream>
#include <sstream>
#include <thread>

#include "launch_entity.hpp"
#include "parse.hpp"
#include "split.hpp"
#include "xml_reader.hpp"
#include "yaml_reader.hpp"

namespace dmxp::launch {
namespace {

// ROS 2 names an unnamed node after its executable; here the name is what the launcher
// checks and reports, so it is made a valid node name.
Scalar name_after(const Scalar& exec) {
  Scalar name = exec;
  size_t slash = name.text.rfind('/');
  if (slash != std::string::npos) name.text = name.text.substr(slash + 1);
  for (char& c : name.text) c = std::isalnum((unsigned char)c) ? c : '_';
  return name;
}

struct Ros2Reader {
  Diagnostics& diags;

  // Parameters of a node or composable node; nested <param name="a"><param name="b" .../>
  // entries become "a.b".
  void read_params(const Entity& owner, NodeDecl& d, const std::string& prefix = "") {
    for (const auto& p : owner.children("param")) {
      p->allow({"name", "value", "value_sep", "from"}, {"param"});
      if (Scalar from = p->attr("from"); from.set) {
        if (!prefix.empty()) diags.error(from.mark, "a parameter file ('from') cannot be nested in a param");
        d.param_files.push_back(from);
        continue;
      }
      Scalar name = p->attr("name");
      if (!name.set) {
        diags.error(p->mark(), "a param needs 'name' and 'value', or 'from' (a parameter file)");
        continue;
      }
      if (!prefix.empty()) name.text = prefix + "." + name.text;
      auto nested = p->children("param");
      YAML::Node value = p->value("value");
      if (!nested.empty()) {
        if (value) diags.error(name.mark, "param '" + name.text + "' has both a 'value' and nested params");
        read_params(*p, d, name.text);
      } else if (!value) {
        diags.error(p->mark(), "param '" + name.text + "' needs a 'value'");
      } else {
        d.params.push_back({name, value});
      }
    }
  }

  std::vector<RemapDecl> read_remaps(const Entity& owner) {
    std::vector<RemapDecl> out;
    for (const auto& r : owner.children("remap")) {
      r->allow({"from", "to"}, {});
      out.push_back(required_pair(*r, "from", "to"));
    }
    return out;
  }

  std::vector<EnvDecl> read_env(const Entity& owner) {
    std::vector<EnvDecl> out;
    for (const auto& e : owner.children("env")) {
      e->allow({"name", "value"}, {});
      auto [name, value] = required_pair(*e, "name", "value");
      out.push_back({name, value});
    }
    return out;
  }

  RemapDecl required_pair(const Entity& e, const char* a, const char* b) {
    Scalar x = e.attr(a), y = e.attr(b);
    if (!x.set || !y.set)
      diags.error(e.mark(), entity_what(e.type()) + " needs '" + a + "' and '" + b + "'");
    return {x, y};
  }

  // What every process entity has.
  void read_process(const Entity& e, ProcessDecl& d) {
    d.mark = e.mark();
    d.env = read_env(e);
    d.respawn = e.attr("respawn");
    d.respawn_delay = e.attr("respawn_delay");
    d.output = e.attr("output");
    // ROS 2 output values: screen, log, both. "both" is screen here.
    if (d.output.text == "both") d.output.text = "screen";
    d.cwd = e.attr("cwd");
    d.launch_prefix = e.attr("launch_prefix");
    d.if_cond = e.attr("if");
    d.unless_cond = e.attr("unless");
  }

  NodeDecl read_node(const Entity& e) {
    e.allow({"pkg", "exec", "name", "namespace", "args", "respawn", "respawn_delay", "output", "cwd",
             "launch_prefix", "if", "unless"},
            {"param", "remap", "env"});
    NodeDecl d;
    read_process(e, d);
    d.pkg = e.attr("pkg");
    d.exec = e.attr("exec");
    d.name = e.attr("name");
    d.ns = e.attr("namespace");
    read_params(e, d);
    d.remaps = read_remaps(e);
    // ROS 2 takes `args` as one string, split on spaces.
    if (Scalar args = e.attr("args"); args.set)
      for (auto& word : split_words_keeping_substitutions(args.text)) d.args.push_back({word, args.mark, true});
    if (!d.name.set && d.exec.set) d.name = name_after(d.exec);
    return d;
  }

  // A plain program (ROS 2's ExecuteProcess): `cmd` is its command line.
  NodeDecl read_executable(const Entity& e) {
    e.allow({"cmd", "name", "respawn", "respawn_delay", "output", "cwd", "launch_prefix", "if", "unless"},
            {"env"});
    NodeDecl d;
    read_process(e, d);
    d.plain = true;
    Scalar cmd = e.attr("cmd");
    auto words = split_words_keeping_substitutions(cmd.text);
    if (!cmd.set || words.empty()) {
      diags.error(e.mark(), "an executable needs 'cmd' (the program and its arguments)");
      return d;
    }
    d.exec = {words[0], cmd.mark, true};
    for (size_t i = 1; i < words.size(); ++i) d.args.push_back({words[i], cmd.mark, true});
    d.name = e.attr("name");
    if (!d.name.set) d.name = name_after(d.exec);
    return d;
  }

  IncludeDecl read_include(const Entity& e) {
    e.allow({"file", "if", "unless"}, {"arg", "let"});
    IncludeDecl d;
    d.mark = e.mark();
    d.file = e.attr("file");
    // ROS 2 takes both as the included file's launch configurations, args first.
    for (const char* kind : {"arg", "let"})
      for (const auto& a : e.children(kind)) {
        a->allow({"name", "value"}, {});
        auto [name, value] = required_pair(*a, "name", "value");
        d.args.emplace_back(name, value);
      }
    d.if_cond = e.attr("if");
    d.unless_cond = e.attr("unless");
    return d;
  }

  // A composable node, loaded into `container` (a Scalar naming the container).
  NodeDecl read_composable(const Entity& e, const Scalar& container) {
    e.allow({"pkg", "plugin", "name", "namespace", "if", "unless"}, {"param", "remap", "extra_arg"});
    NodeDecl d;
    d.mark = e.mark();
    d.pkg = e.attr("pkg");
    d.class_name = e.attr("plugin");
    if (!d.pkg.set || !d.class_name.set)
      diags.error(e.mark(), "a composable_node needs 'pkg' and 'plugin' (the component's class)");
    d.container = container;
    d.name = e.attr("name");
    d.ns = e.attr("namespace");
    d.if_cond = e.attr("if");
    d.unless_cond = e.attr("unless");
    read_params(e, d);
    d.remaps = read_remaps(e);
    // Components of one container always share its memory here, so the one extra argument
    // ROS 2 defines (use_intra_process_comms) changes nothing; anything else is an error.
    for (const auto& x : e.children("extra_arg")) {
      x->allow({"name", "value"}, {});
      Scalar name = x->attr("name");
      if (name.text != "use_intra_process_comms")
        diags.error(name.set ? name.mark : x->mark(),
                    "unsupported extra_arg '" + name.text + "', expected use_intra_process_comms");
    }
    return d;
  }

  // node_container: a dmxp-container process; its composable_nodes are its components.
  void read_container(const Entity& e, std::vector<Item>& items) {
    e.allow({"pkg", "exec", "name", "namespace", "args", "respawn", "respawn_delay", "output", "cwd",
             "launch_prefix", "if", "unless"},
            {"composable_node", "param", "remap", "env"});
    ContainerDecl c;
    read_process(e, c);
    c.name = e.attr("name");
    c.ns = e.attr("namespace");
    if (!e.children("param").empty() || !e.children("remap").empty())
      diags.error(e.mark(), "params and remaps of a node_container belong to its composable_nodes");
    // ROS 2's containers are rclcpp_components' programs; each maps onto dmxp-container, the
    // multi-threaded one with a thread per core as component_container_mt has.
    Scalar pkg = e.attr("pkg"), exec = e.attr("exec");
    if (pkg.set && pkg.text != "rclcpp_components")
      diags.error(pkg.mark, "a node_container runs dmxp-container: 'pkg' must be rclcpp_components, got '" +
                                pkg.text + "'");
    if (exec.text == "component_container_mt")
      c.threads = {std::to_string(std::max(1u, std::thread::hardware_concurrency())), exec.mark, true};
    else if (exec.set && exec.text != "component_container" && exec.text != "component_container_isolated")
      diags.error(exec.mark, "a node_container runs dmxp-container: 'exec' must be component_container, "
                             "component_container_mt or component_container_isolated, got '" + exec.text + "'");
    if (Scalar args = e.attr("args"); args.set)
      for (auto& word : split_words_keeping_substitutions(args.text)) c.args.push_back({word, args.mark, true});
    if (!c.name.set) {
      diags.error(e.mark(), "a node_container needs 'name'");
      return;
    }
    Scalar target = c.name;
    items.emplace_back(std::move(c));
    for (const auto& n : e.children("composable_node")) items.emplace_back(read_composable(*n, target));
  }

  void read_load(const Entity& e, std::vector<Item>& items) {
    e.allow({"target", "if", "unless"}, {"composable_node"});
    Scalar target = e.attr("target");
    if (!target.set) {
      diags.error(e.mark(), "a load_composable_node needs 'target' (a node_container of this launch)");
      return;
    }
    // Conditions on the load apply to each of its nodes (which have none of their own then).
    Scalar if_c = e.attr("if"), unless_c = e.attr("unless");
    for (const auto& n : e.children("composable_node")) {
      NodeDecl d = read_composable(*n, target);
      if (if_c.set) d.if_cond = if_c;
      if (unless_c.set) d.unless_cond = unless_c;
      items.emplace_back(std::move(d));
    }
  }

  std::shared_ptr<GroupDecl> read_group(const Entity& e, GraphFile& g) {
    e.allow_body({"scoped", "forwarding", "keep", "if", "unless"});
    auto grp = std::make_shared<GroupDecl>();
    grp->mark = e.mark();
    grp->scoped = e.attr("scoped");
    grp->forwarding = e.attr("forwarding");
    for (const auto& k : e.children("keep")) {
      k->allow({"name", "value"}, {});
      auto [name, value] = required_pair(*k, "name", "value");
      grp->keeps.emplace_back(name, value);
    }
    grp->if_cond = e.attr("if");
    grp->unless_cond = e.attr("unless");
    read_entities(e, g, grp->items);
    return grp;
  }

  ScopeDecl scope_decl(const Entity& e, ScopeDecl::Kind kind, const char* a, const char* b) {
    // (a null name in the list would be compared as a string)
    if (b) e.allow({a, b}, {});
    else e.allow({a}, {});
    ScopeDecl s{kind, e.mark(), e.attr(a), b ? e.attr(b) : Scalar{}, {}};
    if (!s.name.set || (b && !s.value.set))
      diags.error(e.mark(), entity_what(e.type()) + " needs '" + a + (b ? std::string("' and '") + b : "") + "'");
    return s;
  }

  // The entities of a launch or group body. Args land in the file; everything else is an
  // entry of `items`, in order.
  void read_entities(const Entity& parent, GraphFile& g, std::vector<Item>& items) {
    using K = ScopeDecl::Kind;
    for (const auto& e : parent.body()) {
      std::string kind = e->type();
      if (kind == "keep" && parent.type() == "group") continue;  // read by read_group
      if (kind == "arg") {
        e->allow({"name", "default", "description"}, {});
        Scalar name = e->attr("name");
        if (!name.set) diags.error(e->mark(), "an arg needs 'name'");
        else g.args.push_back({name, e->attr("default"), e->attr("description")});
      } else if (kind == "node") {
        items.emplace_back(read_node(*e));
      } else if (kind == "executable") {
        items.emplace_back(read_executable(*e));
      } else if (kind == "include") {
        items.emplace_back(read_include(*e));
      } else if (kind == "group") {
        items.emplace_back(read_group(*e, g));
      } else if (kind == "node_container") {
        read_container(*e, items);
      } else if (kind == "load_composable_node") {
        read_load(*e, items);
      } else if (kind == "set_env") {
        items.emplace_back(scope_decl(*e, K::SetEnv, "name", "value"));
      } else if (kind == "unset_env") {
        items.emplace_back(scope_decl(*e, K::UnsetEnv, "name", nullptr));
      } else if (kind == "let") {
        items.emplace_back(scope_decl(*e, K::Let, "name", "value"));
      } else if (kind == "set_remap") {
        items.emplace_back(scope_decl(*e, K::SetRemap, "from", "to"));
      } else if (kind == "push_ros_namespace") {
        // Stored in `value` so that `name` stays unset for a namespace's error marks.
        ScopeDecl s = scope_decl(*e, K::PushNamespace, "namespace", nullptr);
        std::swap(s.name, s.value);
        items.emplace_back(std::move(s));
      } else if (kind == "set_parameter") {
        e->allow({"name", "value"}, {});
        ScopeDecl s{K::SetParameter, e->mark(), e->attr("name"), {}, e->value("value")};
        if (!s.name.set || !s.param_value) diags.error(e->mark(), "a set_parameter needs 'name' and 'value'");
        items.emplace_back(std::move(s));
      } else {
        diags.error(e->mark(), "unsupported launch entity '" + kind +
                                   "', expected one of: arg, let, node, executable, include, group, "
                                   "push_ros_namespace, set_remap, set_env, unset_env, set_parameter, node_container, "
                                   "load_composable_node");
      }
    }
  }
};

}  // namespace

GraphFile parse_ros2_launch(const YAML::Node& root, const std::string& path, Diagnostics& diags) {
  GraphFile g;
  g.path = path;
  g.ros2 = true;
  MapReader top(root, path, "a ROS 2 launch file", diags, {"launch"});
  Ros2Reader reader{diags};
  EntityPtr launch = yaml_launch_root(top.sequence("launch"), path, diags);
  reader.read_entities(*launch, g, g.items);
  return g;
}

std::optional<GraphFile> parse_ros2_xml_launch(const std::string& text, const std::string& path, Diagnostics& diags) {
  auto root = parse_xml(text, path, diags);
  if (!root) return std::nullopt;
  GraphFile g;
  g.path = path;
  g.ros2 = true;
  if (root->tag != "launch") {
    diags.error(root->mark, "the root element of an XML launch file must be <launch>, got <" + root->tag + ">");
    return g;
  }
  auto shared = std::make_shared<const XmlElement>(std::move(*root));
  EntityPtr launch = xml_launch_root(shared, diags);
  launch->allow_body({"version"});
  Ros2Reader reader{diags};
  reader.read_entities(*launch, g, g.items);
  return g;
}

}  // namespace dmxp::launch
