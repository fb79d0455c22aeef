#include "yaml_reader.hpp"

namespace dmxp::launch {

Mark mark_of(const YAML::Node& n, const std::string& file) {
  YAML::Mark m = n.Mark();
  if (m.is_null()) return {file, 0, 0};
  return {file, m.line + 1, m.column + 1};
}

const char* shape_of(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a sequence";
    case YAML::NodeType::Scalar: return "a scalar";
    default: return "nothing";
  }
}

Scalar scalar_of(const YAML::Node& n, const std::string& file) {
  return {n.Scalar(), mark_of(n, file), true};
}

MapReader::MapReader(const YAML::Node& node, const std::string& file, std::string what,
                     Diagnostics& diags, std::span<const char* const> keys)
    : node_(node), file_(file), what_(std::move(what)), diags_(diags) {
  if (!node.IsMap()) {
    diags_.error(mark(), what_ + " must be a mapping, got " + shape_of(node));
    return;
  }
  is_map_ = true;
  for (const auto& kv : node) {
    std::string k = kv.first.Scalar();
    bool known = false;
    for (const char* allowed : keys) known = known || k == allowed;
    if (known) continue;
    std::string list;
    for (const char* allowed : keys) list += (list.empty() ? "" : ", ") + std::string(allowed);
    diags_.error(mark_of(kv.first, file_),
                 "unknown key '" + k + "' in " + what_ + ", expected one of: " + list);
  }
}

// An absent or null value: a node that tests false (a default YAML::Node is a defined null).
static YAML::Node absent() { return YAML::Node(YAML::NodeType::Undefined); }

YAML::Node MapReader::get(const char* key) const {
  if (!is_map_) return absent();
  // operator[] on a const node never inserts.
  const YAML::Node& n = node_;
  YAML::Node v = n[key];
  return v.IsDefined() && !v.IsNull() ? v : absent();
}

void MapReader::wrong_shape(const char* key, const YAML::Node& v, const char* expected) const {
  diags_.error(mark_of(v, file_), std::string("'") + key + "' of " + what_ + " must be " + expected +
                                      ", got " + shape_of(v));
}

Scalar MapReader::scalar(const char* key) const {
  YAML::Node v = get(key);
  if (!v) return {};
  if (!v.IsScalar()) {
    wrong_shape(key, v, "a scalar");
    return {};
  }
  return scalar_of(v, file_);
}

std::vector<Scalar> MapReader::scalars(const char* key) const {
  std::vector<Scalar> out;
  YAML::Node v = get(key);
  if (!v) return out;
  if (v.IsScalar()) return {scalar_of(v, file_)};
  if (!v.IsSequence()) {
    wrong_shape(key, v, "a sequence of scalars");
    return out;
  }
  for (const auto& e : v) {
    if (e.IsScalar())
      out.push_back(scalar_of(e, file_));
    else
      wrong_shape(key, e, "a sequence of scalars");
  }
  return out;
}

std::vector<std::pair<Scalar, Scalar>> MapReader::scalar_map(const char* key) const {
  std::vector<std::pair<Scalar, Scalar>> out;
  YAML::Node v = mapping(key);
  for (const auto& kv : v) {
    if (!kv.second.IsScalar()) {
      wrong_shape(key, kv.second, "a mapping of scalars");
      continue;
    }
    out.emplace_back(scalar_of(kv.first, file_), scalar_of(kv.second, file_));
  }
  return out;
}

YAML::Node MapReader::mapping(const char* key) const {
  YAML::Node v = get(key);
  if (v && !v.IsMap()) {
    wrong_shape(key, v, "a mapping");
    return absent();
  }
  return v;
}

YAML::Node MapReader::sequence(const char* key) const {
  YAML::Node v = get(key);
  if (v && !v.IsSequence()) {
    wrong_shape(key, v, "a sequence");
    return absent();
  }
  return v;
}

}  // namespace dmxp::launch
