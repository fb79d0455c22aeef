// The YAML frontend of launch_entity.hpp: `- node: {pkg: p, param: [{name: a, value: 1}]}`.
#include "launch_entity.hpp"
#include "yaml_reader.hpp"

namespace dmxp::launch {
namespace {

class YamlEntity : public Entity {
 public:
  YamlEntity(std::string type, YAML::Node node, Mark mark, const std::string& file, Diagnostics& diags)
      : type_(entity_name(std::move(type))), node_(std::move(node)), mark_(std::move(mark)), file_(file), diags_(diags) {}

  std::string type() const override { return type_; }
  Mark mark() const override { return mark_; }

  void allow(std::initializer_list<const char*> attributes,
             std::initializer_list<const char*> children) const override {
    if (!node_.IsMap()) {
      // A group body may be a plain sequence; everything else is a mapping.
      if (!(type_ == "group" && node_.IsSequence()))
        diags_.error(mark_, entity_what(type_) + " must be a mapping, got " + shape_of(node_));
      return;
    }
    for (const auto& kv : node_) {
      std::string k = entity_name(kv.first.Scalar());
      bool known = false;
      for (const char* a : attributes) known = known || k == a;
      for (const char* c : children) known = known || k == c;
      if (known) continue;
      std::string list;
      for (const char* a : attributes) list += (list.empty() ? "" : ", ") + std::string(a);
      for (const char* c : children) list += (list.empty() ? "" : ", ") + std::string(c);
      diags_.error(mark_of(kv.first, file_), "unknown key '" + kv.first.Scalar() + "' in " + entity_what(type_) +
                                                 ", expected one of: " + list);
    }
  }

  void allow_body(std::initializer_list<const char*> attributes) const override {
    if (!node_.IsMap()) return;  // a plain sequence of entities
    std::vector<const char*> keys(attributes);
    keys.push_back("children");
    for (const auto& kv : node_) {
      std::string k = entity_name(kv.first.Scalar());
      bool known = false;
      for (const char* a : keys) known = known || k == a;
      if (known) continue;
      std::string list;
      for (const char* a : keys) list += (list.empty() ? "" : ", ") + std::string(a);
      diags_.error(mark_of(kv.first, file_), "unknown key '" + kv.first.Scalar() + "' in " + entity_what(type_) +
                                                 ", expected one of: " + list);
    }
  }

  Scalar attr(const char* name) const override {
    YAML::Node v = get(name);
    if (!v) return {};
    if (!v.IsScalar()) {
      diags_.error(mark_of(v, file_), std::string("'") + name + "' of " + entity_what(type_) +
                                          " must be a scalar, got " + shape_of(v));
      return {};
    }
    return scalar_of(v, file_);
  }

  YAML::Node value(const char* name) const override { return get(name); }

  std::vector<EntityPtr> children(const char* name) const override {
    std::vector<EntityPtr> out;
    YAML::Node v = get(name);
    if (!v) return out;
    if (v.IsMap()) {  // one entry written without the sequence
      out.push_back(std::make_unique<YamlEntity>(name, v, mark_of(v, file_), file_, diags_));
      return out;
    }
    if (!v.IsSequence()) {
      diags_.error(mark_of(v, file_), std::string("'") + name + "' of " + entity_what(type_) +
                                          " must be a sequence, got " + shape_of(v));
      return out;
    }
    for (const auto& e : v) out.push_back(std::make_unique<YamlEntity>(name, e, mark_of(e, file_), file_, diags_));
    return out;
  }

  std::vector<EntityPtr> body() const override {
    std::vector<EntityPtr> out;
    YAML::Node seq = node_.IsMap() ? get("children") : node_;
    if (!seq) return out;
    if (!seq.IsSequence()) {
      diags_.error(mark_of(seq, file_), entity_what(type_) + " must hold a sequence of entities, got " + shape_of(seq));
      return out;
    }
    for (const auto& e : seq) {
      if (!e.IsMap() || e.size() != 1) {
        diags_.error(mark_of(e, file_), "a launch entity must be a one-key mapping such as '- node: {...}', got " +
                                            std::string(e.IsMap() ? "a mapping with " + std::to_string(e.size()) + " keys"
                                                                  : shape_of(e)));
        continue;
      }
      const auto kv = *e.begin();
      out.push_back(std::make_unique<YamlEntity>(kv.first.Scalar(), kv.second, mark_of(kv.first, file_), file_, diags_));
    }
    return out;
  }

 private:
  YAML::Node get(const char* name) const {
    if (!node_.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    for (const auto& kv : node_)
      if (entity_name(kv.first.Scalar()) == name && kv.second.IsDefined() && !kv.second.IsNull()) return kv.second;
    return YAML::Node(YAML::NodeType::Undefined);
  }

  std::string type_;
  YAML::Node node_;
  Mark mark_;
  std::string file_;
  Diagnostics& diags_;
};

}  // namespace

std::string entity_name(std::string name) {
  for (char& c : name) c = c == '-' ? '_' : c;
  return name;
}

std::string entity_what(const std::string& type) {
  bool vowel = !type.empty() && std::string("aeiou").find(type[0]) != std::string::npos;
  return (vowel ? "an " : "a ") + type;
}

EntityPtr yaml_launch_root(const YAML::Node& launch, const std::string& file, Diagnostics& diags) {
  return std::make_unique<YamlEntity>("launch", launch, mark_of(launch, file), file, diags);
}

}  // namespace dmxp::launch
