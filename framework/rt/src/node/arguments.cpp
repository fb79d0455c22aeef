#include "dmxp/rt/arguments.hpp"

#include <algorithm>

#include "dmxp/rt/params_file.hpp"

namespace dmxp::rt {
namespace {

Error bad(const std::string& arg, const std::string& why) {
  return Error(DMXP_ERR_INVALID_ARGUMENT, "argument '" + arg + "': " + why);
}

// "[node:]lhs:=rhs" -> node, lhs, rhs. ':=' is the first occurrence; a ':' before it
// separates the node.
bool split_rule(const std::string& text, std::string& node, std::string& lhs, std::string& rhs) {
  size_t eq = text.find(":=");
  if (eq == std::string::npos || eq == 0) return false;
  lhs = text.substr(0, eq);
  rhs = text.substr(eq + 2);
  node.clear();
  if (size_t colon = lhs.find(':'); colon != std::string::npos) {
    node = lhs.substr(0, colon);
    lhs = lhs.substr(colon + 1);
  }
  return !lhs.empty();
}

bool valid_level(const std::string& l) {
  for (const char* k : {"trace", "debug", "info", "warn", "warning", "error", "critical", "off"})
    if (l == k) return true;
  return false;
}

Status parse_remap(const std::string& text, Arguments& out) {
  RemapRule r;
  if (!split_rule(text, r.node, r.from, r.to)) return bad(text, "expected [node:]from:=to");
  if (r.from == "__node") {
    if (Status s = validate_node_name(r.to); !s) return bad(text, s.error().what());
  } else if (r.from == "__ns") {
    if (Status s = validate_namespace(r.to); !s) return bad(text, s.error().what());
  } else {
    if (Status s = validate_name(r.from); !s) return bad(text, s.error().what());
    if (Status s = validate_name(r.to); !s) return bad(text, s.error().what());
  }
  out.remaps.push_back(std::move(r));
  return Unit{};
}

Status parse_param(const std::string& text, Arguments& out) {
  ParameterOverride p;
  std::string value;
  if (!split_rule(text, p.node, p.name, value)) return bad(text, "expected [node:]name:=value");
  Result<ParameterValue> v = ParameterValue::from_yaml(value);
  if (!v) return bad(text, v.error().what());
  p.value = std::move(v).value();
  out.parameters.push_back(std::move(p));
  return Unit{};
}

Status parse_log_level(const std::string& text, Arguments& out) {
  LogLevelRule r;
  if (size_t eq = text.find(":="); eq != std::string::npos) {
    r.node = text.substr(0, eq);
    r.level = text.substr(eq + 2);
  } else {
    r.level = text;
  }
  if (!valid_level(r.level))
    return bad(text, "log level must be trace, debug, info, warn, error, critical or off");
  out.log_levels.push_back(std::move(r));
  return Unit{};
}

}  // namespace

void Arguments::append(const Arguments& more) {
  remaps.insert(remaps.end(), more.remaps.begin(), more.remaps.end());
  parameters.insert(parameters.end(), more.parameters.begin(), more.parameters.end());
  log_levels.insert(log_levels.end(), more.log_levels.begin(), more.log_levels.end());
}

namespace {

// Name tokens of "/a/b/c" (or "a/b").
std::vector<std::string_view> tokens(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool tokens_match(const std::vector<std::string_view>& pattern, size_t p,
                  const std::vector<std::string_view>& name, size_t n) {
  if (p == pattern.size()) return n == name.size();
  if (pattern[p] == "**") {
    for (size_t k = n; k <= name.size(); ++k)
      if (tokens_match(pattern, p + 1, name, k)) return true;
    return false;
  }
  if (n == name.size()) return false;
  return (pattern[p] == "*" || pattern[p] == name[n]) && tokens_match(pattern, p + 1, name, n + 1);
}

}  // namespace

bool rule_applies(std::string_view target, std::string_view node_name, std::string_view full_name) {
  if (target.empty() || target == "/**" || target == node_name || target == full_name) return true;
  if (target.find('*') == std::string_view::npos) return false;
  return tokens_match(tokens(target), 0, tokens(full_name), 0);
}

std::vector<ParameterOverride> parameter_overrides_for(const std::vector<ParameterOverride>& all,
                                                       std::string_view node_name, std::string_view full_name) {
  auto key = [](const std::string& node) { return node == "/**" ? std::string() : node; };
  std::vector<std::string> keys;  // in order of first appearance
  for (const ParameterOverride& p : all)
    if (std::find(keys.begin(), keys.end(), key(p.node)) == keys.end()) keys.push_back(key(p.node));
  std::vector<ParameterOverride> out;
  for (const std::string& k : keys)
    for (const ParameterOverride& p : all)
      if (key(p.node) == k && rule_applies(p.node, node_name, full_name)) out.push_back(p);
  return out;
}

Result<Arguments> parse_arguments(std::span<const std::string> argv) {
  Arguments out;
  bool in_ros = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (!in_ros) {
      if (a == "--ros-args") in_ros = true;
      else out.unparsed.push_back(a);
      continue;
    }
    if (a == "--") { in_ros = false; continue; }
    if (a == "--ros-args") continue;
    auto value = [&](std::string& v) -> bool {
      if (i + 1 >= argv.size()) return false;
      v = argv[++i];
      return true;
    };
    std::string v;
    Status s = Unit{};
    if (a == "-r" || a == "--remap") {
      if (!value(v)) return bad(a, "needs [node:]from:=to");
      s = parse_remap(v, out);
    } else if (a == "-p" || a == "--param") {
      if (!value(v)) return bad(a, "needs [node:]name:=value");
      s = parse_param(v, out);
    } else if (a == "--params-file") {
      if (!value(v)) return bad(a, "needs a file");
      auto params = load_params_file(v);
      if (!params) return params.error();
      for (auto& p : params.value()) out.parameters.push_back(std::move(p));
    } else if (a == "--log-level") {
      if (!value(v)) return bad(a, "needs [node:=]level");
      s = parse_log_level(v, out);
    } else if (a.find(":=") != std::string::npos) {
      s = parse_remap(a, out);  // ROS 1 style bare remap inside --ros-args
    } else {
      return bad(a, "unknown runtime argument; expected -r, -p, --params-file, --log-level or --");
    }
    if (!s) return s.error();
  }
  return out;
}

Result<Arguments> parse_arguments(int argc, const char* const* argv) {
  std::vector<std::string> args;
  for (int i = 0; i < argc; ++i) args.emplace_back(argv[i]);
  return parse_arguments(args);
}

}  // namespace dmxp::rt
