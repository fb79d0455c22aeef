// launch_entity.hpp - one entity of a ROS 2 launch file, as ROS 2's launch frontend sees it:
// a type ("node", "param", ...), attributes, and nested entities. The YAML frontend
// (entity_yaml.cpp: a one-key mapping `node: {pkg: ..., param: [...]}`) and the XML frontend
// (entity_xml.cpp: an element `<node pkg="..."><param .../></node>`) both present their
// files this way, so parse_ros2.cpp reads both formats with one set of rules.
//
// Names: '-' and '_' are the same in entity types and attribute names (`launch-prefix` is
// `launch_prefix`, `push-ros-namespace` is `push_ros_namespace`), as ROS 2 accepts both.
// Every mistake is reported at its file:line:col.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "graph_file.hpp"

namespace dmxp::launch {

class Entity;
using EntityPtr = std::unique_ptr<Entity>;

class Entity {
 public:
  virtual ~Entity() = default;
  // The type with '-' read as '_' ("push_ros_namespace").
  virtual std::string type() const = 0;
  virtual Mark mark() const = 0;
  // Reports every attribute not in `attributes` and every nested entity not in `children`,
  // naming what is allowed. (In YAML both are keys of one mapping.)
  virtual void allow(std::initializer_list<const char*> attributes,
                     std::initializer_list<const char*> children) const = 0;
  // For a launch or group: reports every attribute not in `attributes` (the body's entities
  // are checked one by one as they are read).
  virtual void allow_body(std::initializer_list<const char*> attributes) const = 0;
  // A scalar attribute; unset when absent. A YAML value that is not a scalar is an error.
  virtual Scalar attr(const char* name) const = 0;
  // A parameter's value: in YAML the value as written (a scalar or a sequence of scalars); in
  // XML the attribute's text, or a sequence when `value-sep` splits it. Null when absent.
  virtual YAML::Node value(const char* name) const = 0;
  // The nested entities of one kind, in file order (YAML: the mappings in the sequence under
  // the key; XML: the child elements with that tag).
  virtual std::vector<EntityPtr> children(const char* name) const = 0;
  // The entities of a launch or group body, in file order (YAML: a sequence of one-key
  // mappings, or the `children:` of a mapping; XML: every child element).
  virtual std::vector<EntityPtr> body() const = 0;
};

// "a node", "an include": how messages name an entity of this type.
std::string entity_what(const std::string& type);
// '-' read as '_'.
std::string entity_name(std::string name);

// The `launch:` of a YAML launch file (an entity of type "launch").
EntityPtr yaml_launch_root(const YAML::Node& launch, const std::string& file, Diagnostics& diags);

struct XmlElement;
// The root element of an XML launch file; the entity keeps the tree alive.
EntityPtr xml_launch_root(std::shared_ptr<const XmlElement> root, Diagnostics& diags);

}  // namespace dmxp::launch
