// yaml_reader.hpp - reads one YAML mapping of a graph file against the keys it may have:
// unknown keys and values of the wrong shape become diagnostics with the file, line and
// column yaml-cpp marked, and what was expected. Shared by both file formats.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "graph_file.hpp"

namespace dmxp::launch {

Mark mark_of(const YAML::Node& n, const std::string& file);
// "a mapping", "a sequence", "a scalar", "nothing".
const char* shape_of(const YAML::Node& n);

class MapReader {
 public:
  // `what` names the mapping in messages ("a node", "the topic '/scan'"). Reports a node that
  // is not a mapping, and every key not in `keys`.
  MapReader(const YAML::Node& node, const std::string& file, std::string what, Diagnostics& diags,
            std::span<const char* const> keys);
  MapReader(const YAML::Node& node, const std::string& file, std::string what, Diagnostics& diags,
            std::initializer_list<const char*> keys)
      : MapReader(node, file, std::move(what), diags, std::span(keys.begin(), keys.size())) {}

  bool is_map() const { return is_map_; }
  Mark mark() const { return mark_of(node_, file_); }
  const std::string& file() const { return file_; }
  Diagnostics& diags() const { return diags_; }

  YAML::Node get(const char* key) const;
  // A scalar value (numbers and booleans as written); unset when absent or null.
  Scalar scalar(const char* key) const;
  // A sequence of scalars; a single scalar counts as a sequence of one.
  std::vector<Scalar> scalars(const char* key) const;
  // A mapping of scalars, in file order (env: NAME: value; remap: from: to).
  std::vector<std::pair<Scalar, Scalar>> scalar_map(const char* key) const;
  // A mapping or sequence, with an error naming `expected` otherwise; null when absent.
  YAML::Node mapping(const char* key) const;
  YAML::Node sequence(const char* key) const;

 private:
  void wrong_shape(const char* key, const YAML::Node& v, const char* expected) const;

  YAML::Node node_;
  std::string file_, what_;
  Diagnostics& diags_;
  bool is_map_ = false;
};

// A scalar node as a Scalar (its text and place).
Scalar scalar_of(const YAML::Node& n, const std::string& file);

}  // namespace dmxp::launch
