#include "expand.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "dmxp/rt/names.hpp"
#include "parse.hpp"
#include "split.hpp"
#include "substitute.hpp"
#include "value_conversion.hpp"
#include "yaml_reader.hpp"

namespace fs = std::filesystem;

namespace dmxp::launch {
namespace {

// What a group or include hands down to what it contains.
struct Scope {
  std::string ns = "/";
  StringPairs remaps;
  StringPairs env;
  StringPairs params;  // set_parameter: for every node after it (before the node's own)
};

std::string join_namespace(const std::string& outer, const std::string& inner) {
  if (inner.empty()) return outer;
  if (inner[0] == '/') return inner;
  return outer == "/" ? "/" + inner : outer + "/" + inner;
}

class Expander {
 public:
  explicit Expander(Diagnostics& diags) : diags_(diags) {}

  // `configurations`: for a file a ROS 2 launch file includes, the includer's launch
  // configurations (arguments and let values): the file starts with them and what it sets
  // stays set after it, and so do its changes to `scope` (ROS 2's IncludeLaunchDescription
  // is not scoped; a group around it is). Null: the file sees only `given` (the top file,
  // and files a DMXP graph file includes) and changes nothing outside.
  void file(const std::string& path, const std::vector<std::pair<Scalar, std::string>>& given,
            const Mark& included_at, Scope& scope, std::map<std::string, std::string>* configurations);
  LaunchGraph take() { return std::move(out_); }

 private:
  // One file's bound arguments and directory.
  struct FileContext {
    std::map<std::string, std::string> args;
    SubstitutionContext subst;
    std::string dir;
    bool ros2 = false;
    FileContext() = default;
    // A copy (a scoped group's) substitutes from its own arguments.
    FileContext(const FileContext& o) : args(o.args), subst(o.subst), dir(o.dir), ros2(o.ros2) { subst.args = &args; }
    FileContext& operator=(const FileContext&) = delete;
  };

  std::optional<std::string> text(const Scalar& s, const FileContext& f) {
    return s.set ? substitute(s, f.subst, diags_) : std::optional<std::string>(std::string());
  }
  Converter conv(const FileContext& f) {
    return Converter{diags_, [this, &f](const Scalar& s) { return text(s, f); }};
  }
  bool enabled(const Scalar& if_c, const Scalar& unless_c, const FileContext& f) {
    Converter c = conv(f);
    return c.boolean(if_c, "if", true) && !c.boolean(unless_c, "unless", false);
  }
  std::string namespace_of(const Scalar& s, const Scope& scope, const FileContext& f) {
    std::string ns = join_namespace(scope.ns, text(s, f).value_or(""));
    if (auto ok = dmxp::rt::validate_namespace(ns); !ok) diags_.error(s.mark, ok.error().what());
    return ns;
  }
  StringPairs pairs(const std::vector<EnvDecl>& in, const FileContext& f) {
    StringPairs out;
    for (const auto& e : in) out.emplace_back(text(e.name, f).value_or(""), text(e.value, f).value_or(""));
    return out;
  }
  StringPairs remaps(const std::vector<RemapDecl>& in, const FileContext& f) {
    StringPairs out;
    for (const auto& r : in) out.emplace_back(text(r.from, f).value_or(""), text(r.to, f).value_or(""));
    return out;
  }
  std::string path_in(const Scalar& s, const FileContext& f) {
    std::string p = text(s, f).value_or("");
    return p.empty() || p[0] == '/' ? p : (fs::path(f.dir) / p).lexically_normal().string();
  }

  void bind_args(const GraphFile& g, const std::vector<std::pair<Scalar, std::string>>& given,
                 FileContext& f, bool inherited);
  void items(const std::vector<Item>& list, Scope& scope, FileContext& f);
  void group(const GroupDecl& g, Scope& scope, FileContext& f);
  void scope_action(const ScopeDecl& d, Scope& scope, FileContext& f);
  void node(const NodeDecl& d, const Scope& scope, const FileContext& f);
  void process(const ProcessDecl& d, const Scope& scope, const FileContext& f, ProcessCommon& p);
  std::string param_value(const YAML::Node& v, const Mark& at, const FileContext& f);
  void container(const ContainerDecl& d, const Scope& scope, const FileContext& f);
  void topic(const TopicDecl& d, const Scope& scope, const FileContext& f);
  void include(const IncludeDecl& d, Scope& scope, FileContext& f);
  void lifecycle(const LifecycleDecl& d, const FileContext& f);

  Diagnostics& diags_;
  LaunchGraph out_;
  std::vector<std::string> stack_;  // canonical paths of the files being expanded
};

void Expander::file(const std::string& path, const std::vector<std::pair<Scalar, std::string>>& given,
                    const Mark& included_at, Scope& outer, std::map<std::string, std::string>* configurations) {
  std::error_code ec;
  std::string canon = fs::weakly_canonical(path, ec).string();
  for (size_t i = 0; i < stack_.size(); ++i) {
    if (stack_[i] != canon) continue;
    std::string chain;
    for (size_t j = i; j < stack_.size(); ++j) chain += stack_[j] + " -> ";
    diags_.error(included_at, "include cycle: " + chain + canon);
    return;
  }
  std::optional<GraphFile> g = parse_graph_file(path, diags_);
  if (!g) return;
  stack_.push_back(canon);
  FileContext f;
  f.dir = fs::path(canon).parent_path().string();
  f.subst = {&f.args, f.dir};
  f.ros2 = g->ros2;
  if (configurations) f.args = *configurations;
  bind_args(*g, given, f, configurations != nullptr);
  Scope own = outer;
  Scope& scope = configurations ? outer : own;
  auto env = pairs(g->env, f);
  scope.env.insert(scope.env.end(), env.begin(), env.end());
  if (g->lifecycle.set) lifecycle(g->lifecycle, f);
  for (const auto& t : g->topics) topic(t, scope, f);
  for (const auto& c : g->containers) container(c, scope, f);
  items(g->items, scope, f);
  if (configurations) *configurations = f.args;
  stack_.pop_back();
}

void Expander::bind_args(const GraphFile& g, const std::vector<std::pair<Scalar, std::string>>& given,
                         FileContext& f, bool inherited) {
  std::string declared;
  for (const auto& a : g.args) declared += (declared.empty() ? "" : ", ") + a.name.text;
  for (const auto& [name, value] : given) {
    bool known = false;
    for (const auto& a : g.args) known = known || a.name.text == name.text;
    // ROS 2 sets an include's args as launch configurations whether the file declares them
    // or not (a file it includes may use them).
    if (inherited) f.args[name.text] = value;
    else if (!known)
      diags_.error(name.mark, "argument '" + name.text + "' is not declared by " + g.path +
                                  " (declared: " + (declared.empty() ? "none" : declared) + ")");
  }
  for (const auto& a : g.args) {
    auto it = std::find_if(given.begin(), given.end(),
                           [&](const auto& p) { return p.first.text == a.name.text; });
    if (it != given.end()) {
      f.args[a.name.text] = it->second;
    } else if (inherited && a.default_value.set && f.args.count(a.name.text)) {
      // ROS 2's DeclareLaunchArgument: a value the includer set (arg or let) wins over the
      // default; a required argument must still be passed by the include.
    } else if (a.default_value.set) {
      // Defaults may use earlier arguments and the environment.
      f.args[a.name.text] = text(a.default_value, f).value_or("");
    } else {
      diags_.error(a.name.mark, "argument '" + a.name.text + "' has no default and was not given; "
                                "pass " + a.name.text + ":=value (command line or include args)");
      f.args[a.name.text] = "";  // declared: later uses are not reported again
    }
  }
}

void Expander::items(const std::vector<Item>& list, Scope& scope, FileContext& f) {
  for (const auto& item : list) {
    if (auto* n = std::get_if<NodeDecl>(&item)) node(*n, scope, f);
    else if (auto* inc = std::get_if<IncludeDecl>(&item)) include(*inc, scope, f);
    else if (auto* c = std::get_if<ContainerDecl>(&item)) container(*c, scope, f);
    else if (auto* a = std::get_if<ScopeDecl>(&item)) scope_action(*a, scope, f);
    else group(*std::get<std::shared_ptr<GroupDecl>>(item), scope, f);
  }
}

void Expander::group(const GroupDecl& g, Scope& scope, FileContext& f) {
  if (!enabled(g.if_cond, g.unless_cond, f)) return;
  // A scoped group (ROS 2's default, and every DMXP group) keeps what its entries change to
  // itself; an unscoped one changes the scope it is in.
  bool scoped = conv(f).boolean(g.scoped, "scoped", true);
  Scope copy = scope;
  FileContext fcopy = f;
  Scope& inner = scoped ? copy : scope;
  FileContext& finner = scoped ? fcopy : f;
  if (!conv(f).boolean(g.forwarding, "forwarding", true)) {
    // ROS 2's ResetLaunchConfigurations: the kept values are taken first, then everything
    // the launch configurations hold is dropped (launch_ros keeps the namespace, remappings
    // and global parameters there too).
    std::map<std::string, std::string> kept;
    for (const auto& [name, value] : g.keeps) kept[text(name, f).value_or("")] = text(value, f).value_or("");
    finner.args = std::move(kept);
    inner.ns = "/";
    inner.remaps.clear();
    inner.params.clear();
  }
  if (g.ns.set) inner.ns = namespace_of(g.ns, scope, f);
  // Inner rules are tried first: the closest scope wins.
  StringPairs r = remaps(g.remaps, f);
  inner.remaps.insert(inner.remaps.begin(), r.begin(), r.end());
  auto env = pairs(g.env, f);
  inner.env.insert(inner.env.end(), env.begin(), env.end());
  items(g.items, inner, finner);
}

void Expander::scope_action(const ScopeDecl& d, Scope& scope, FileContext& f) {
  using K = ScopeDecl::Kind;
  switch (d.kind) {
    case K::PushNamespace:
      scope.ns = namespace_of(d.value, scope, f);
      break;
    case K::SetRemap:
      scope.remaps.insert(scope.remaps.begin(), {text(d.name, f).value_or(""), text(d.value, f).value_or("")});
      break;
    case K::SetEnv:
      scope.env.emplace_back(text(d.name, f).value_or(""), text(d.value, f).value_or(""));
      break;
    case K::UnsetEnv:
      // ROS 2's UnsetEnvironmentVariable: gone for the processes started after it, even when
      // the launcher's own environment has it.
      scope.env.emplace_back(text(d.name, f).value_or(""), kUnsetEnvValue);
      break;
    case K::Let:
      // The value is taken now: later entries see it, earlier ones saw the old one.
      f.args[text(d.name, f).value_or("")] = text(d.value, f).value_or("");
      break;
    case K::SetParameter:
      if (d.param_value) scope.params.emplace_back(text(d.name, f).value_or(""), param_value(d.param_value, d.name.mark, f));
      break;
  }
}

void Expander::process(const ProcessDecl& d, const Scope& scope, const FileContext& f,
                       ProcessCommon& p) {
  Converter c = conv(f);
  p.mark = d.mark;
  if (d.launch_prefix.set) {
    std::string why;
    if (auto words = split_shell_words(text(d.launch_prefix, f).value_or(""), &why)) p.launch_prefix = *words;
    else diags_.error(d.launch_prefix.mark, "launch-prefix: " + why);
    p.prefix_mark = d.launch_prefix.mark;
  }
  p.env = scope.env;
  auto env = pairs(d.env, f);
  p.env.insert(p.env.end(), env.begin(), env.end());
  for (const auto& a : d.args) p.args.push_back(text(a, f).value_or(""));
  p.cwd = path_in(d.cwd, f);
  ProcessPolicy& pol = p.policy;
  pol.respawn = c.boolean(d.respawn, "respawn", false);
  pol.respawn_delay = c.seconds(d.respawn_delay, "delay", pol.respawn_delay);
  pol.respawn_backoff = c.number(d.respawn_backoff, "backoff", pol.respawn_backoff, 1.0);
  pol.respawn_max_delay = c.seconds(d.respawn_max_delay, "max_delay", pol.respawn_max_delay);
  pol.respawn_max = int(c.integer(d.respawn_max, "max", pol.respawn_max, -1));
  pol.required = c.boolean(d.required, "required", false);
  pol.stop_timeout = c.seconds(d.stop_timeout, "stop_timeout", pol.stop_timeout);
  pol.kill_timeout = c.seconds(d.kill_timeout, "kill_timeout", pol.kill_timeout);
  pol.log_file = c.choice(d.output, "output", {"screen", "log"}, "screen") == "log";
}

std::string Expander::param_value(const YAML::Node& v, const Mark& at, const FileContext& f) {
  std::string file = at.file;
  if (v.IsScalar()) {
    // Values built by a reader (XML attributes) have no YAML mark: they sit at `at`.
    Mark m = mark_of(v, file);
    Scalar s{v.Scalar(), m.line > 0 ? m : at, true};
    std::string t = text(s, f).value_or("");
    // A quoted value stays a string for the node's YAML parser (DMXP format only).
    return v.Tag() == "!" && !f.ros2 ? "'" + t + "'" : t;
  }
  if (v.IsSequence()) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + param_value(v[i], at, f);
    return out + "]";
  }
  diags_.error(at, "a parameter value must be a scalar or a sequence of scalars");
  return "";
}

void Expander::node(const NodeDecl& d, const Scope& scope, const FileContext& f) {
  if (!enabled(d.if_cond, d.unless_cond, f)) return;
  LaunchNode n;
  process(d, scope, f, n);
  std::optional<std::string> name = text(d.name, f);
  n.name = name.value_or("");
  if (!d.name.set)
    diags_.error(d.mark, "a node needs 'name'");
  else if (!name)
    ;  // the substitution already reported why it has no value; "empty name" would repeat it
  else if (auto ok = dmxp::rt::validate_node_name(n.name); !ok)
    diags_.error(d.name.mark, ok.error().what());
  n.ns = namespace_of(d.ns, scope, f);
  n.full_name = dmxp::rt::full_node_name(n.ns, n.name);
  n.exec = text(d.exec, f).value_or("");
  n.exec_mark = d.exec.set ? d.exec.mark : d.library.set ? d.library.mark : d.mark;
  n.pkg = text(d.pkg, f).value_or("");
  n.container = text(d.container, f).value_or("");
  n.library = text(d.library, f).value_or("");
  n.class_name = text(d.class_name, f).value_or("");
  n.plain = d.plain;
  bool component = d.container.set || d.library.set || d.class_name.set;
  if (component == d.exec.set)
    diags_.error(d.mark, "a node needs either 'exec' (a program) or 'component' (container, "
                         "library and class), not " + std::string(component ? "both" : "neither"));
  // A ROS 2 composable node names its package instead of its library (resolve.cpp).
  if (component && (!d.container.set || !(d.library.set || d.pkg.set) || !d.class_name.set))
    diags_.error(d.mark, "a component needs 'container', 'library' and 'class'");
  // A component shares its container's process: process settings belong to the container.
  if (component && (d.respawn.set || d.required.set || !d.args.empty() || d.cwd.set || !d.env.empty() ||
                    d.stop_timeout.set || d.kill_timeout.set || d.output.set || d.launch_prefix.set))
    diags_.error(d.mark, "respawn, required, args, cwd, env, stop_timeout, kill_timeout, output and "
                         "launch_prefix of a component belong to its container '" + n.container + "'; set them there");
  if (d.exec.set && !n.exec.empty() && n.exec.find('/') != std::string::npos && n.pkg.empty())
    n.exec = path_in(d.exec, f);
  n.params = scope.params;  // set_parameter's first: the node's own come later and win
  for (const auto& p : d.params) n.params.emplace_back(text(p.name, f).value_or(""), param_value(p.value, p.name.mark, f));
  for (const auto& pf : d.param_files) n.param_files.push_back(path_in(pf, f));
  n.remaps = remaps(d.remaps, f);
  n.remaps.insert(n.remaps.end(), scope.remaps.begin(), scope.remaps.end());
  n.lifecycle = conv(f).boolean(d.lifecycle, "lifecycle", false);
  if (d.ready_topic.set) {
    n.ready_topic = text(d.ready_topic, f).value_or("");
    n.ready_timeout = conv(f).seconds(d.ready_timeout, "timeout", n.ready_timeout);
  }
  out_.nodes.push_back(std::move(n));
}

void Expander::container(const ContainerDecl& d, const Scope& scope, const FileContext& f) {
  if (!enabled(d.if_cond, d.unless_cond, f)) return;
  LaunchContainer c;
  process(d, scope, f, c);
  std::optional<std::string> name = text(d.name, f);
  c.name = name.value_or("");
  if (!d.name.set)
    diags_.error(d.mark, "a container needs 'name'");
  else if (!name)
    ;  // the substitution already reported why it has no value; "empty name" would repeat it
  else if (auto ok = dmxp::rt::validate_node_name(c.name); !ok)
    diags_.error(d.name.mark, ok.error().what());
  c.ns = namespace_of(d.ns, scope, f);
  c.full_name = dmxp::rt::full_node_name(c.ns, c.name);
  c.threads = unsigned(conv(f).integer(d.threads, "threads", 1, 1));
  c.busy_poll = conv(f).boolean(d.busy_poll, "busy_poll", false);
  out_.containers.push_back(std::move(c));
}

void Expander::topic(const TopicDecl& d, const Scope& scope, const FileContext& f) {
  if (!enabled(d.if_cond, d.unless_cond, f)) return;
  Converter c = conv(f);
  LaunchTopic t;
  t.mark = d.mark;
  std::string name = text(d.name, f).value_or("");
  if (!d.name.set) diags_.error(d.mark, "a topic needs 'name'");
  auto resolved = dmxp::rt::resolve_name(name, scope.ns, "");
  if (d.name.set && !resolved) diags_.error(d.name.mark, resolved.error().what());
  t.name = resolved ? resolved.value() : name;
  t.type = text(d.type, f).value_or("");
  t.capacity = uint32_t(c.integer(d.capacity, "capacity", 0, 2));
  if (t.capacity & (t.capacity - 1))
    diags_.error(d.capacity.mark, "'capacity' must be a power of two, got " + std::to_string(t.capacity));
  t.slot_size = uint32_t(c.integer(d.slot_size, "slot_size", 0, 1));
  t.mode = c.choice(d.delivery, "delivery", {"broadcast", "queue"}, "broadcast") == "queue"
               ? DMXP_MODE_QUEUE : DMXP_MODE_BROADCAST;
  t.backpressure = c.choice(d.reliability, "reliability", {"reliable", "best_effort"}, "reliable") ==
                           "best_effort" ? DMXP_KEEP_LAST : DMXP_RELIABLE;
  out_.topics.push_back(std::move(t));
}

void Expander::include(const IncludeDecl& d, Scope& scope, FileContext& f) {
  if (!enabled(d.if_cond, d.unless_cond, f)) return;
  if (!d.file.set) {
    diags_.error(d.mark, "an include needs 'file'");
    return;
  }
  std::vector<std::pair<Scalar, std::string>> given;
  for (const auto& [name, value] : d.args) given.emplace_back(name, text(value, f).value_or(""));
  if (f.ros2) {
    // ROS 2: the included file runs in the includer's context, as if written in its place.
    file(path_in(d.file, f), given, d.file.mark, scope, &f.args);
    return;
  }
  Scope inner = scope;
  if (d.ns.set) inner.ns = namespace_of(d.ns, scope, f);
  file(path_in(d.file, f), given, d.file.mark, inner, nullptr);
}

void Expander::lifecycle(const LifecycleDecl& d, const FileContext& f) {
  // One setting for the whole graph: an included file setting it too would be ambiguous.
  if (stack_.size() > 1) {
    diags_.error(d.mark, "the 'lifecycle' settings apply to the whole graph: write them in the top-level file " +
                             stack_.front());
    return;
  }
  Converter c = conv(f);
  out_.lifecycle.autostart = c.boolean(d.autostart, "autostart", out_.lifecycle.autostart);
  out_.lifecycle.timeout = c.seconds(d.timeout, "timeout", out_.lifecycle.timeout);
}

}  // namespace

LaunchGraph expand_graph(const std::string& path, const std::map<std::string, std::string>& args,
                         Diagnostics& diags) {
  Expander e(diags);
  std::vector<std::pair<Scalar, std::string>> given;
  for (const auto& [k, v] : args) given.emplace_back(Scalar{k, {"<command line>", 0, 0}, true}, v);
  Scope top;
  e.file(path, given, {"<command line>", 0, 0}, top, nullptr);
  return e.take();
}

}  // namespace dmxp::launch
