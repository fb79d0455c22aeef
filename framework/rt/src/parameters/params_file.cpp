#include "dmxp/rt/params_file.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace dmxp::rt {
namespace {

Error file_error(const std::string& origin, const YAML::Mark& mark, const std::string& why) {
  std::ostringstream text;  // file:line:col: error: what
  text << origin;
  if (!mark.is_null()) text << ':' << mark.line + 1 << ':' << mark.column + 1;
  text << ": error: " << why;
  return Error(DMXP_ERR_INVALID_ARGUMENT, text.str());
}

Status flatten(const YAML::Node& n, const std::string& prefix, const std::string& node,
               const std::string& origin, std::vector<ParameterOverride>& out) {
  if (n.IsMap()) {
    for (const auto& kv : n) {
      std::string key = kv.first.as<std::string>();
      if (Status s = flatten(kv.second, prefix.empty() ? key : prefix + "." + key, node, origin, out); !s)
        return s;
    }
    return Unit{};
  }
  YAML::Emitter text;
  text << YAML::Flow << n;
  Result<ParameterValue> v = ParameterValue::from_yaml(text.c_str());
  if (!v) return file_error(origin, n.Mark(), "parameter '" + prefix + "': " + v.error().what());
  out.push_back({node, prefix, std::move(v).value()});
  return Unit{};
}

// The node keys of a file, as ROS 2 reads them: "/robot/controller:", "controller:"
// (a node of the root namespace: "/controller"), "/**:" (every node: ""), wildcards
// ("/robot/*", "/**/controller"), and namespaces written as nesting levels
// ("robot: {controller: {ros__parameters: ...}}" is "/robot/controller").
Status read_node_keys(const YAML::Node& map, const std::string& outer, const std::string& origin,
                      std::vector<ParameterOverride>& out) {
  for (const auto& kv : map) {
    std::string written = kv.first.as<std::string>();
    std::string node = outer + (written.empty() || written[0] != '/' ? "/" : "") + written;
    if (!kv.second.IsMap())
      return file_error(origin, kv.second.Mark(), "node '" + written + "': expected a 'ros__parameters' map");
    const YAML::Node params = kv.second["ros__parameters"];
    if (!params) {
      // No parameters here: a namespace level holding node keys.
      if (kv.second.size() == 0)
        return file_error(origin, kv.second.Mark(), "node '" + written + "': expected a 'ros__parameters' map");
      if (Status s = read_node_keys(kv.second, node, origin, out); !s) return s;
      continue;
    }
    if (kv.second.size() != 1)
      return file_error(origin, kv.second.Mark(), "node '" + written + "': 'ros__parameters' must be its only key");
    if (!params.IsMap()) return file_error(origin, params.Mark(), "'ros__parameters' must be a map");
    if (Status s = flatten(params, "", node == "/**" ? "" : node, origin, out); !s) return s;
  }
  return Unit{};
}

}  // namespace

Result<std::vector<ParameterOverride>> parse_params_yaml(const std::string& text,
                                                         const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return file_error(origin, e.mark, e.msg);
  }
  std::vector<ParameterOverride> out;
  if (root.IsNull()) return out;
  if (!root.IsMap()) return file_error(origin, root.Mark(), "expected a map of node names");
  if (Status s = read_node_keys(root, "", origin, out); !s) return s.error();
  return out;
}

Result<std::vector<ParameterOverride>> load_params_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error(DMXP_ERR_INVALID_ARGUMENT, "parameter file '" + path + "' cannot be read");
  std::stringstream buf;
  buf << in.rdbuf();
  return parse_params_yaml(buf.str(), path);
}

}  // namespace dmxp::rt
