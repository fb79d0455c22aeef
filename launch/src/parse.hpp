// parse.hpp - stage 1: a graph file to a GraphFile. The format is told by the top level: a
// `launch:` sequence is a ROS 2 YAML launch file (parse_ros2.cpp), a file ending in .xml or
// starting with '<' a ROS 2 XML launch file (parse_ros2.cpp, xml_reader.cpp), anything else the DMXP
// graph format (parse_graph.cpp, documented in launch/README.md, schema in
// launch/schema/graph.schema.json). Unknown keys and wrongly shaped values are errors.
#pragma once

#include <optional>
#include <string>

#include "diagnostics.hpp"
#include "graph_file.hpp"

namespace dmxp::launch {

// Reads and parses `path`; nullopt (with diagnostics) when it cannot be read or is not YAML.
// A file that parses with errors still returns what it could read; check diags.
std::optional<GraphFile> parse_graph_file(const std::string& path, Diagnostics& diags);

// The two formats, for an already loaded document.
GraphFile parse_dmxp_graph(const YAML::Node& root, const std::string& path, Diagnostics& diags);
GraphFile parse_ros2_launch(const YAML::Node& root, const std::string& path, Diagnostics& diags);
// nullopt when `text` is not well-formed XML (the syntax error reported).
std::optional<GraphFile> parse_ros2_xml_launch(const std::string& text, const std::string& path,
                                               Diagnostics& diags);

}  // namespace dmxp::launch
