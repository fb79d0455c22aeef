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
  for (const auto& kv : root) {
    std::string node = kv.first.as<std::string>();
    if (node == "/**") node.clear();
    const YAML::Node params = kv.second["ros__parameters"];
    if (!kv.second.IsMap() || !params)
      return file_error(origin, kv.second.Mark(), "node '" + kv.first.as<std::string>() +
                                                      "': expected a 'ros__parameters' map");
    if (!params.IsMap())
      return file_error(origin, params.Mark(), "'ros__parameters' must be a map");
    if (Status s = flatten(params, "", node, origin, out); !s) return s.error();
  }
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
