#include "parse.hpp"

#include <fstream>
#include <sstream>

#include "yaml_reader.hpp"

namespace dmxp::launch {

std::optional<GraphFile> parse_graph_file(const std::string& path, Diagnostics& diags) {
  std::ifstream in(path);
  if (!in) {
    diags.error({path, 0, 0}, "cannot read the graph file (does it exist?)");
    return std::nullopt;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  auto ends_with = [&](const char* tail) {
    std::string t(tail);
    return path.size() >= t.size() && path.compare(path.size() - t.size(), t.size(), t) == 0;
  };
  if (ends_with(".py")) {
    diags.error({path, 0, 0}, "Python launch files cannot be read; use the XML or YAML form of the file");
    return std::nullopt;
  }
  size_t first = text.find_first_not_of(" \t\r\n");
  if (ends_with(".xml") || (first != std::string::npos && text[first] == '<'))
    return parse_ros2_xml_launch(text, path, diags);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    diags.error({path, e.mark.line + 1, e.mark.column + 1}, "not valid YAML: " + e.msg);
    return std::nullopt;
  }
  if (root.IsMap() && root["launch"]) return parse_ros2_launch(root, path, diags);
  return parse_dmxp_graph(root, path, diags);
}

}  // namespace dmxp::launch
