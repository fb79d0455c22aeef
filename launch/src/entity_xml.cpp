// The XML frontend of launch_entity.hpp: `<node pkg="p"><param name="a" value="1"/></node>`.
#include "launch_entity.hpp"
#include "split.hpp"
#include "xml_reader.hpp"

namespace dmxp::launch {
namespace {

class XmlEntity : public Entity {
 public:
  XmlEntity(std::shared_ptr<const XmlElement> root, const XmlElement& e, Diagnostics& diags)
      : root_(std::move(root)), e_(e), diags_(diags) {}

  std::string type() const override { return entity_name(e_.tag); }
  Mark mark() const override { return e_.mark; }

  void allow(std::initializer_list<const char*> attributes,
             std::initializer_list<const char*> children) const override {
    auto listed = [](std::initializer_list<const char*> names) {
      std::string list;
      for (const char* n : names) list += (list.empty() ? "" : ", ") + std::string(n);
      return list.empty() ? std::string("none") : list;
    };
    for (const auto& a : e_.attributes) {
      bool known = false;
      for (const char* n : attributes) known = known || entity_name(a.name) == n;
      if (!known)
        diags_.error(a.name_mark, "unknown attribute '" + a.name + "' in <" + e_.tag + ">, expected one of: " +
                                      listed(attributes));
    }
    for (const auto& c : e_.children) {
      bool known = false;
      for (const char* n : children) known = known || entity_name(c.tag) == n;
      if (!known)
        diags_.error(c.mark, "unexpected <" + c.tag + "> in <" + e_.tag + ">, expected " +
                                 (children.size() ? "one of: " + listed(children) : std::string("no children")));
    }
  }

  void allow_body(std::initializer_list<const char*> attributes) const override {
    for (const auto& a : e_.attributes) {
      bool known = false;
      for (const char* n : attributes) known = known || entity_name(a.name) == n;
      if (known) continue;
      std::string list;
      for (const char* n : attributes) list += (list.empty() ? "" : ", ") + std::string(n);
      diags_.error(a.name_mark, "unknown attribute '" + a.name + "' in <" + e_.tag + ">, expected " +
                                    (list.empty() ? std::string("none") : "one of: " + list));
    }
  }

  Scalar attr(const char* name) const override {
    const XmlAttribute* a = find(name);
    if (!a) return {};
    return {a->value, a->value_mark, true};
  }

  YAML::Node value(const char* name) const override {
    const XmlAttribute* a = find(name);
    if (!a) return YAML::Node(YAML::NodeType::Undefined);
    const XmlAttribute* sep = find("value_sep");
    if (!sep) return YAML::Node(a->value);
    // ROS 2: value-sep splits the text into a list (an empty separator is an error there too).
    if (sep->value.size() != 1) {
      diags_.error(sep->value_mark, "'value-sep' must be one character, got '" + sep->value + "'");
      return YAML::Node(a->value);
    }
    YAML::Node list(YAML::NodeType::Sequence);
    for (auto& item : split(a->value, sep->value[0])) list.push_back(item);
    return list;
  }

  std::vector<EntityPtr> children(const char* name) const override {
    std::vector<EntityPtr> out;
    for (const auto& c : e_.children)
      if (entity_name(c.tag) == name) out.push_back(std::make_unique<XmlEntity>(root_, c, diags_));
    return out;
  }

  std::vector<EntityPtr> body() const override {
    std::vector<EntityPtr> out;
    for (const auto& c : e_.children) out.push_back(std::make_unique<XmlEntity>(root_, c, diags_));
    return out;
  }

 private:
  const XmlAttribute* find(const char* name) const {
    for (const auto& a : e_.attributes)
      if (entity_name(a.name) == name) return &a;
    return nullptr;
  }

  std::shared_ptr<const XmlElement> root_;  // owns e_
  const XmlElement& e_;
  Diagnostics& diags_;
};

}  // namespace

EntityPtr xml_launch_root(std::shared_ptr<const XmlElement> root, Diagnostics& diags) {
  const XmlElement& e = *root;
  return std::make_unique<XmlEntity>(std::move(root), e, diags);
}

}  // namespace dmxp::launch
