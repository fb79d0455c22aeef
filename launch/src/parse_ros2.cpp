// The common subset of ROS 2 YAML launch files: `launch:` with arg, node (pkg, exec, name,
// namespace, param, remap, args, env, respawn, respawn_delay, output, if, unless), include,
// group (with push_ros_namespace and set_remap), set_env. `pkg`/`exec` are found through the
// package search path (resolve.cpp); $(var x) reads an argument like $(arg x).
#include <cctype>

#include "parse.hpp"
#include "split.hpp"
#include "yaml_reader.hpp"

namespace dmxp::launch {
namespace {

struct Ros2Reader {
  const std::string& file;
  Diagnostics& diags;

  void read_params(const MapReader& r, NodeDecl& d) {
    for (const auto& p : r.sequence("param")) {
      MapReader pr(p, file, "a param", diags, {"name", "value", "from"});
      if (Scalar from = pr.scalar("from"); from.set) {
        d.param_files.push_back(from);
        continue;
      }
      Scalar name = pr.scalar("name");
      if (!name.set) {
        diags.error(pr.mark(), "a param needs 'name' and 'value', or 'from' (a parameter file)");
        continue;
      }
      d.params.push_back({name, pr.get("value")});
    }
  }

  std::vector<RemapDecl> read_remaps(const YAML::Node& seq) {
    std::vector<RemapDecl> out;
    for (const auto& m : seq) {
      MapReader mr(m, file, "a remap", diags, {"from", "to"});
      out.push_back({mr.scalar("from"), mr.scalar("to")});
    }
    return out;
  }

  std::vector<EnvDecl> read_env(const YAML::Node& seq) {
    std::vector<EnvDecl> out;
    for (const auto& e : seq) {
      MapReader er(e, file, "an env entry", diags, {"name", "value"});
      out.push_back({er.scalar("name"), er.scalar("value")});
    }
    return out;
  }

  NodeDecl read_node(const YAML::Node& n) {
    NodeDecl d;
    MapReader r(n, file, "a node", diags,
                {"pkg", "exec", "name", "namespace", "param", "remap", "args", "env", "respawn",
                 "respawn_delay", "output", "if", "unless", "cwd"});
    d.mark = r.mark();
    d.pkg = r.scalar("pkg");
    d.exec = r.scalar("exec");
    d.name = r.scalar("name");
    d.ns = r.scalar("namespace");
    read_params(r, d);
    d.remaps = read_remaps(r.sequence("remap"));
    // ROS 2 takes `args` as one string, split on spaces.
    if (Scalar args = r.scalar("args"); args.set)
      for (auto& word : split(args.text, ' ')) d.args.push_back({word, args.mark, true});
    d.env = read_env(r.sequence("env"));
    d.respawn = r.scalar("respawn");
    d.respawn_delay = r.scalar("respawn_delay");
    d.output = r.scalar("output");
    d.if_cond = r.scalar("if");
    d.unless_cond = r.scalar("unless");
    d.cwd = r.scalar("cwd");
    // ROS 2 names an unnamed node after its executable; here the name is what the launcher
    // checks and reports, so an unnamed node gets its executable's name.
    if (!d.name.set && d.exec.set) {
      d.name = d.exec;
      for (char& c : d.name.text) c = std::isalnum((unsigned char)c) ? c : '_';
    }
    // ROS 2 output values: screen, log, both. "both" is screen here.
    if (d.output.text == "both") d.output.text = "screen";
    return d;
  }

  IncludeDecl read_include(const YAML::Node& n) {
    IncludeDecl d;
    MapReader r(n, file, "an include", diags, {"file", "arg", "if", "unless"});
    d.mark = r.mark();
    d.file = r.scalar("file");
    for (const auto& a : r.sequence("arg")) {
      MapReader ar(a, file, "an include arg", diags, {"name", "value"});
      d.args.emplace_back(ar.scalar("name"), ar.scalar("value"));
    }
    d.if_cond = r.scalar("if");
    d.unless_cond = r.scalar("unless");
    return d;
  }

  // A group is a list of entities; a mapping form carries them under `children`.
  std::shared_ptr<GroupDecl> read_group(const YAML::Node& n, GraphFile& g) {
    auto grp = std::make_shared<GroupDecl>();
    grp->mark = mark_of(n, file);
    YAML::Node children = n;
    if (n.IsMap()) {
      MapReader r(n, file, "a group", diags, {"children", "scoped", "forwarding", "if", "unless"});
      grp->if_cond = r.scalar("if");
      grp->unless_cond = r.scalar("unless");
      children = r.sequence("children");
    } else if (!n.IsSequence()) {
      diags.error(grp->mark, std::string("a group must be a sequence of entities, got ") + shape_of(n));
      return grp;
    }
    read_entities(children, g, grp->items, grp.get());
    return grp;
  }

  // One `launch:` (or group) sequence. Args and environment settings land in the file;
  // push_ros_namespace and set_remap in the group they appear in.
  void read_entities(const YAML::Node& seq, GraphFile& g, std::vector<Item>& items, GroupDecl* group) {
    for (const auto& e : seq) {
      if (!e.IsMap() || e.size() != 1) {
        diags.error(mark_of(e, file), "a launch entity must be a one-key mapping (arg, node, include, "
                                      "group, push_ros_namespace, set_remap, set_env)");
        continue;
      }
      std::string kind = e.begin()->first.Scalar();
      YAML::Node body = e.begin()->second;
      for (char& c : kind) c = c == '-' ? '_' : c;
      if (kind == "arg") {
        MapReader r(body, file, "an arg", diags, {"name", "default", "description"});
        g.args.push_back({r.scalar("name"), r.scalar("default"), r.scalar("description")});
      } else if (kind == "node") {
        items.emplace_back(read_node(body));
      } else if (kind == "include") {
        items.emplace_back(read_include(body));
      } else if (kind == "group") {
        items.emplace_back(read_group(body, g));
      } else if (kind == "set_env") {
        auto env = read_env(YAML::Node(std::vector<YAML::Node>{body}));
        auto& target = group ? group->env : g.env;
        target.insert(target.end(), env.begin(), env.end());
      } else if ((kind == "push_ros_namespace" || kind == "set_remap") && group) {
        if (kind == "set_remap") {
          auto r = read_remaps(YAML::Node(std::vector<YAML::Node>{body}));
          group->remaps.insert(group->remaps.end(), r.begin(), r.end());
        } else {
          MapReader r(body, file, "push_ros_namespace", diags, {"namespace"});
          group->ns = r.scalar("namespace");
        }
      } else {
        diags.error(mark_of(e.begin()->first, file),
                    "unsupported launch entity '" + e.begin()->first.Scalar() +
                        "', expected one of: arg, node, include, group, set_env (and "
                        "push_ros_namespace, set_remap inside a group)");
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
  Ros2Reader reader{path, diags};
  reader.read_entities(top.sequence("launch"), g, g.items, nullptr);
  return g;
}

}  // namespace dmxp::launch
