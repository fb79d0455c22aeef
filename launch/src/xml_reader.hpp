// xml_reader.hpp - a small XML reader for ROS 2 XML launch files: elements, attributes,
// comments, the <?xml ...?> declaration, processing instructions and a DOCTYPE without an
// internal subset; character references and the five predefined entities in attribute
// values. Every element and attribute keeps its file, line and column (1-based, columns in
// bytes) so a later error can point at it. Text content other than whitespace is an error:
// launch entities carry their values in attributes.
//
// Why not a library: the launcher only needs this subset, and must report every syntax
// error as file:line:col with a caret, which libraries' error positions do not all give.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diagnostics.hpp"

namespace dmxp::launch {

struct XmlAttribute {
  std::string name, value;  // value with references replaced
  Mark name_mark;           // where the name starts
  Mark value_mark;          // the first character inside the quotes
};

struct XmlElement {
  std::string tag;
  Mark mark;                // the '<' of the start tag
  std::vector<XmlAttribute> attributes;  // in file order, names unique
  std::vector<XmlElement> children;      // in file order
  const XmlAttribute* attribute(const std::string& name) const;
};

// The document's root element; nullopt after reporting the first syntax error (with the
// place it was found) to `diags`. `file` names the marks.
std::optional<XmlElement> parse_xml(const std::string& text, const std::string& file, Diagnostics& diags);

}  // namespace dmxp::launch
