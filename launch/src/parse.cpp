#include "parse.hpp"

#include <fstream>

#include "yaml_reader.hpp"

namespace dmxp::launch {

std::optional<GraphFile> parse_graph_file(const std::string& path, Diagnostics& diags) {
  std::ifstream in(path);
  if (!in) {
    diags.error({path, 0, 0}, "cannot read the graph file (does it exist?)");
    return std::nullopt;
  }
  YAML::Node root;
  try {
    root = YAML::Load(in);
  } catch (const YAML::Exception& e) {
    diags.error({path, e.mark.line + 1, e.mark.column + 1}, "not valid YAML: " + e.msg);
    return std::nullopt;
  }
  if (root.IsMap() && root["launch"]) return parse_ros2_launch(root, path, diags);
  return parse_dmxp_graph(root, path, diags);
}

}  // namespace dmxp::launch
