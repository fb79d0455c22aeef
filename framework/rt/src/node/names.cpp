#include "dmxp/rt/names.hpp"

#include <vector>

namespace dmxp::rt {
namespace {

bool token_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool token_char(char c) { return token_start(c) || (c >= '0' && c <= '9'); }

Error invalid(std::string_view what, std::string_view name, std::string_view why) {
  return Error(DMXP_ERR_INVALID_ARGUMENT,
               std::string(what) + " '" + std::string(name) + "' is invalid: " + std::string(why));
}

// Checks "a/b/c" (no leading '/'): tokens of [A-Za-z_][A-Za-z0-9_]*.
std::string token_problem(std::string_view path) {
  if (path.empty()) return "empty name";
  size_t start = 0;
  for (;;) {
    size_t end = path.find('/', start);
    std::string_view tok = path.substr(start, end == std::string_view::npos ? path.npos : end - start);
    if (tok.empty()) return end == std::string_view::npos ? "it ends with '/'" : "it contains '//'";
    if (!token_start(tok[0]))
      return "token '" + std::string(tok) + "' must start with a letter or '_'";
    for (char c : tok)
      if (!token_char(c))
        return "token '" + std::string(tok) + "' has '" + std::string(1, c) +
               "'; names use [A-Za-z0-9_] between slashes";
    if (end == std::string_view::npos) return {};
    start = end + 1;
  }
}

}  // namespace

Status validate_node_name(std::string_view name) {
  if (name.empty()) return invalid("node name", name, "empty name");
  if (name.size() > 63) return invalid("node name", name, "longer than 63 characters");
  if (name.find('/') != std::string_view::npos)
    return invalid("node name", name, "a node name has no '/' (use a namespace)");
  if (std::string p = token_problem(name); !p.empty()) return invalid("node name", name, p);
  return Unit{};
}

Status validate_namespace(std::string_view ns) {
  if (ns.empty() || ns[0] != '/') return invalid("namespace", ns, "it must start with '/'");
  if (ns.size() > 127) return invalid("namespace", ns, "longer than 127 characters");
  if (ns == "/") return Unit{};
  if (std::string p = token_problem(ns.substr(1)); !p.empty()) return invalid("namespace", ns, p);
  return Unit{};
}

Status validate_name(std::string_view name) {
  if (name.empty()) return invalid("name", name, "empty name");
  std::string_view rest = name;
  if (rest[0] == '~') {
    if (rest.size() == 1) return Unit{};
    if (rest[1] != '/') return invalid("name", name, "'~' must be followed by '/'");
    rest.remove_prefix(2);
  } else if (rest[0] == '/') {
    rest.remove_prefix(1);
  }
  if (std::string p = token_problem(rest); !p.empty()) return invalid("name", name, p);
  return Unit{};
}

std::string full_node_name(std::string_view ns, std::string_view node) {
  std::string out(ns);
  if (out.empty() || out.back() != '/') out += '/';
  out += node;
  return out;
}

Result<std::string> resolve_name(std::string_view name, std::string_view ns,
                                 std::string_view node) {
  if (Status s = validate_name(name); !s) return s.error();
  if (name[0] == '/') return std::string(name);
  std::string base = name[0] == '~' ? full_node_name(ns, node) : std::string(ns);
  if (name[0] == '~') name.remove_prefix(name.size() == 1 ? 1 : 2);
  if (name.empty()) return base;
  if (base.back() != '/') base += '/';
  return base + std::string(name);
}

Result<std::string> resolve_and_remap(std::string_view name, std::string_view ns,
                                      std::string_view node, std::span<const RemapRule> rules) {
  Result<std::string> resolved = resolve_name(name, ns, node);
  if (!resolved) return resolved;
  for (const RemapRule& r : rules) {
    if (!r.node.empty() && r.node != node) continue;
    if (r.from == "__node" || r.from == "__ns") continue;
    Result<std::string> from = resolve_name(r.from, ns, node);
    if (!from || from.value() != resolved.value()) continue;
    return resolve_name(r.to, ns, node);
  }
  return resolved;
}

}  // namespace dmxp::rt
