// launch/schema/graph.schema.json against the keys the parser accepts (launch/src/graph_keys.hpp),
// so the two cannot drift: at every mapping of the graph format, each key the parser accepts is
// a property in the schema and each property in the schema is a key the parser accepts; every
// object of the schema that lists properties is one of those mappings; and parse_graph.cpp
// reads its mappings against those lists, not against lists of its own.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>  // JSON is YAML 1.2: the schema is read with the launcher's reader

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "graph_keys.hpp"

namespace {

namespace keys = dmxp::launch::graph_keys;

std::string read_source(const std::string& relative) {
  std::ifstream in(std::string(LAUNCH_SOURCE_DIR) + "/" + relative);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const YAML::Node& schema() {
  static const YAML::Node s = YAML::Load(read_source("launch/schema/graph.schema.json"));
  return s;
}

// n[key] when n is a mapping that has key; an undefined node otherwise. (A missing key of a
// const node gives an invalid node, on which most calls throw.)
YAML::Node member(const YAML::Node& n, const char* key) {
  if (!n.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  YAML::Node v = n[key];
  return v.IsDefined() ? v : YAML::Node(YAML::NodeType::Undefined);
}

// The node a JSON pointer names ("" is the root, "/$defs/node/properties/ready"); an
// undefined node when it names nothing. (The schema's names need no ~ escapes.)
YAML::Node at(const YAML::Node& root, const std::string& pointer) {
  YAML::Node n = YAML::Clone(root);
  std::stringstream parts(pointer);
  std::string part;
  std::getline(parts, part, '/');  // before the first '/': empty
  while (std::getline(parts, part, '/')) {
    YAML::Node next = n.IsSequence() && std::stoul(part) < n.size() ? n[std::stoul(part)]
                                                                     : member(n, part.c_str());
    if (!next.IsDefined()) return next;
    n.reset(next);
  }
  return n;
}

// JSON pointers of every object under n (n included) that lists "properties".
void objects_with_properties(const YAML::Node& n, const std::string& pointer,
                             std::set<std::string>& out) {
  if (n.IsMap()) {
    if (member(n, "properties").IsMap()) out.insert(pointer);
    for (const auto& kv : n) objects_with_properties(kv.second, pointer + "/" + kv.first.Scalar(), out);
  } else if (n.IsSequence()) {
    for (size_t i = 0; i < n.size(); ++i) objects_with_properties(n[i], pointer + "/" + std::to_string(i), out);
  }
}

TEST(GraphSchemaKeys, EachMappingHasTheSameKeysInTheParserAndTheSchema) {
  for (const keys::Mapping& m : keys::kAll) {
    std::string where(m.schema);
    YAML::Node object = at(schema(), where);
    ASSERT_TRUE(member(object, "properties").IsMap())
        << "graph_keys.hpp names '" << where << "', which is no object with properties in the schema";
    std::set<std::string> parser(m.keys.begin(), m.keys.end()), in_schema;
    for (const auto& kv : member(object, "properties")) in_schema.insert(kv.first.Scalar());
    for (const std::string& k : parser)
      EXPECT_TRUE(in_schema.count(k)) << "the parser accepts '" << k << "' but the schema has no property '"
                                      << k << "' at " << where << "/properties";
    for (const std::string& k : in_schema)
      EXPECT_TRUE(parser.count(k)) << "the schema has the property '" << k << "' at " << where
                                   << "/properties but the parser does not accept it (graph_keys.hpp)";
    // Unknown keys are errors for the parser; the schema must say the same.
    YAML::Node additional = member(object, "additionalProperties");
    EXPECT_TRUE(additional.IsScalar() && !additional.as<bool>())
        << where << " must have \"additionalProperties\": false, as the parser rejects unknown keys";
  }
}

TEST(GraphSchemaKeys, EverySchemaMappingHasAParserList) {
  std::set<std::string> objects, listed;
  objects_with_properties(schema(), "", objects);
  for (const keys::Mapping& m : keys::kAll) listed.insert(std::string(m.schema));
  for (const std::string& o : objects)
    EXPECT_TRUE(listed.count(o)) << "the schema describes a mapping at '" << o
                                 << "' that no list of launch/src/graph_keys.hpp names";
  EXPECT_EQ(listed.size(), std::size(keys::kAll)) << "graph_keys.hpp names a schema object twice";
}

TEST(GraphSchemaKeys, TheParserReadsEveryMappingAgainstTheseLists) {
  std::string source = read_source("launch/src/parse_graph.cpp");
  ASSERT_FALSE(source.empty());
  // A MapReader given a braced list of its own would accept keys this test cannot see.
  std::smatch m;
  EXPECT_FALSE(std::regex_search(source, m, std::regex(R"(MapReader[^;]*\{\s*")")))
      << "parse_graph.cpp lists keys itself; put them in graph_keys.hpp: " << m.str();
}

}  // namespace
