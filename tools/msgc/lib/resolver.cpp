#include "resolver.hpp"

#include <algorithm>

#include "capacities.hpp"
#include "layout.hpp"
#include "schema.hpp"
#include "values.hpp"

namespace dmxp::msgc {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

}  // namespace

const model::Message* Resolver::resolve(const Loader::Entry& e) {
  const ast::MessageDecl& d = e.decl;
  std::string key = d.full_name();
  if (auto it = done_.find(key); it != done_.end()) return it->second.get();
  if (failed_.count(key)) return nullptr;
  stack_.push_back(key);
  auto m = std::make_unique<model::Message>();
  m->package = d.package;
  m->name = d.name;
  m->folder = d.folder;
  m->service = d.service;
  m->action = d.action;
  m->doc = d.doc;
  m->path = d.source->path();
  bool ok = true;
  for (const ast::ConstantDecl& c : d.constants) {
    model::Constant mc;
    if (constant(c, e, mc)) m->constants.push_back(std::move(mc));
    else ok = false;
  }
  for (const ast::FieldDecl& f : d.fields) {
    model::Field mf;
    if (field(f, e, mf)) m->fields.push_back(std::move(mf));
    else ok = false;
  }
  stack_.pop_back();
  // A file with syntax errors is resolved too (the lines that parsed), so one run reports its
  // other errors as well; it never yields a type.
  ok = ok && e.ok;
  if (ok) ok = lay_out(d, *m);
  if (!ok) {
    failed_.insert(key);
    return nullptr;
  }
  for (const model::Field& f : m->fields)
    if (f.elem.kind == model::ElemKind::Message &&
        std::find(m->uses.begin(), m->uses.end(), f.elem.message) == m->uses.end())
      m->uses.push_back(f.elem.message);
  compute_schema(*m);
  return (done_[key] = std::move(m)).get();
}

void Resolver::link_service_parts(const model::Message* request, const model::Message* response) {
  for (const model::Message* part : {request, response}) {
    model::Message& m = *done_.at(part->full_name());
    m.service_request = request;
    m.service_response = response;
  }
}

const model::Message* Resolver::nested(const std::string& package, const std::string& name,
                                       const ast::TypeSpec& t, const Loader::Entry& user) {
  std::string key = package + "/" + name;
  auto cycle = std::find(stack_.begin(), stack_.end(), key);
  if (cycle != stack_.end()) {
    std::string chain;
    for (auto it = cycle; it != stack_.end(); ++it) chain += *it + " -> ";
    diags_.error(t.base_loc, "recursive type: " + chain + key +
                                 ", expected no cycle (a fixed-layout message cannot contain itself)");
    return nullptr;
  }
  const Loader::Entry* e = loader_.find(package, name);
  // Only an action's own derived types hold its goal, result and feedback.
  if (e && e->decl.folder != "msg" &&
      !(e->decl.folder == "action" && user.decl.folder == "action" &&
        e->decl.package == user.decl.package && e->decl.action == user.decl.action))
    e = nullptr;
  if (!e) {
    if (std::string file = loader_.find_interface_file(package, name); !file.empty()) {
      bool action = file.ends_with(".action");
      diags_.error(t.base_loc, "'" + package + "/" + name + "' is " +
                                   (action ? "an action type (" : "a service type (") + file +
                                   "), expected a message type: a field cannot hold " +
                                   (action ? "an action or one of its types"
                                           : "a service or its request/response"));
      return nullptr;
    }
    std::vector<std::string> roots = loader_.roots();
    diags_.error(t.base_loc,
                 "unknown type '" + (t.package.empty() ? t.name : t.package + "/" + t.name) +
                     "', expected a primitive (bool byte char int8..int64 uint8..uint64 float32 "
                     "float64 string time duration) or a message type; looked for " + package +
                     "/msg/" + name + ".msg under: " + join(roots));
    return nullptr;
  }
  return resolve(*e);  // its own errors, if any, are reported in its file
}

std::optional<model::Element> Resolver::element(const ast::TypeSpec& t, const Loader::Entry& e) {
  model::Element el;
  if (t.package.empty()) {
    if (const PrimInfo* p = find_primitive(t.name)) {
      el.kind = model::ElemKind::Primitive;
      el.prim = p->prim;
      el.size = el.align = p->size;
      return el;
    }
    if (t.name == "string") {
      el.kind = model::ElemKind::String;
      return el;  // capacity, size and align: capacities()
    }
  }
  std::string package = t.package.empty() ? e.decl.package : t.package;
  std::string name = t.name;
  if (t.package.empty() && (name == "time" || name == "duration")) {  // ROS 1 built-ins
    package = "builtin_interfaces";
    name = name == "time" ? "Time" : "Duration";
  } else if (t.package.empty() && name == "Header" && !loader_.find(package, name)) {
    package = "std_msgs";  // ROS 1: a bare Header is std_msgs/Header
  }
  const model::Message* m = nested(package, name, t, e);
  if (!m) return std::nullopt;
  el.kind = model::ElemKind::Message;
  el.message = m;
  el.size = m->size;
  el.align = m->align;
  return el;
}

bool Resolver::field(const ast::FieldDecl& d, const Loader::Entry& e, model::Field& out) {
  out.name = d.name;
  out.doc = d.doc;
  out.loc = d.type.loc;
  auto el = element(d.type, e);
  if (!el) return false;
  out.elem = *el;
  if (!capacities(d, e, out)) return false;
  return defaults(d, out);
}

bool Resolver::capacities(const ast::FieldDecl& d, const Loader::Entry& e, model::Field& f) {
  const PackageConfig& cfg = loader_.config_of(e);
  if (!cfg.ok) return false;  // its errors are reported already
  CapacitySources sources{cfg, e.root + "/" + e.decl.package + "/" + kPackageConfigName, defaults_};
  if (!assign_capacities(d, sources, f, diags_)) return false;
  auto shape = field_shape(f.elem, f.array, f.count, &f.data_offset);
  if (!shape) {
    diags_.error(d.type.loc, "field '" + d.name + "' is too large: " + std::to_string(f.count) + " x " +
                                 std::to_string(f.elem.size) + " bytes exceed the 1 GiB message "
                                 "limit, expected a smaller capacity");
    return false;
  }
  f.size = shape->size;
  f.align = shape->align;
  return true;
}

bool Resolver::defaults(const ast::FieldDecl& d, model::Field& f) {
  if (!d.default_value) return true;
  const ast::Value& v = *d.default_value;
  if (f.elem.kind == model::ElemKind::Message) {
    diags_.error(v.loc, "default value for message field '" + d.name +
                            "', expected none (defaults apply to primitives and strings)");
    return false;
  }
  if (f.array == model::ArrayKind::None && v.is_list) {
    diags_.error(v.loc, "a list as default of '" + d.name + "', expected a single value");
    return false;
  }
  if (f.array != model::ArrayKind::None && !v.is_list) {
    diags_.error(v.loc, "a single value as default of array '" + d.name +
                            "', expected a list such as [1, 2, 3]");
    return false;
  }
  if (f.array == model::ArrayKind::Fixed && v.items.size() != f.count) {
    diags_.error(v.loc, std::to_string(v.items.size()) + " default values for '" + d.name +
                            "', expected exactly " + std::to_string(f.count) + " (its size)");
    return false;
  }
  if (f.array == model::ArrayKind::Bounded && v.items.size() > f.count) {
    diags_.error(v.loc, std::to_string(v.items.size()) + " default values for '" + d.name +
                            "', expected at most " + std::to_string(f.count) + " (its capacity)");
    return false;
  }
  bool ok = true;
  for (const ast::Literal& lit : v.items) {
    auto val = evaluate(lit, f.elem, diags_);
    if (val) f.default_values.push_back(std::move(*val));
    else ok = false;
  }
  f.has_default = ok;
  return ok;
}

bool Resolver::constant(const ast::ConstantDecl& d, const Loader::Entry&, model::Constant& out) {
  out.name = d.name;
  out.doc = d.doc;
  const ast::TypeSpec& t = d.type;
  const PrimInfo* p = t.package.empty() ? find_primitive(t.name) : nullptr;
  bool is_string = t.package.empty() && t.name == "string";
  if ((!p && !is_string) || t.array != ast::ArraySuffix::None) {
    diags_.error(t.loc, "constant '" + d.name + "' of type '" + type_text(t) +
                            "', expected a constant of a primitive type or string (no arrays, "
                            "no messages)");
    return false;
  }
  if (is_string) {
    out.elem.kind = model::ElemKind::String;
    out.elem.string_capacity = t.string_bound ? uint32_t(std::min<uint64_t>(*t.string_bound, kMaxCapacity))
                                              : uint32_t(kMaxCapacity);
  } else {
    out.elem.kind = model::ElemKind::Primitive;
    out.elem.prim = p->prim;
  }
  auto v = evaluate(d.value.items.front(), out.elem, diags_);
  if (!v) return false;
  out.value = std::move(*v);
  return true;
}

bool Resolver::lay_out(const ast::MessageDecl& d, model::Message& m) {
  if (place_fields(m)) return true;
  // Find the first field that ends past the limit, to point at it.
  SourceLoc where = d.fields.empty() ? SourceLoc{d.source, 1, 1, 1} : d.fields.back().type.loc;
  for (size_t i = 0; i < m.fields.size(); ++i)
    if (m.fields[i].offset + m.fields[i].size > kMaxMessageSize) {
      where = d.fields[i].type.loc;
      break;
    }
  diags_.error(where, "message " + m.full_name() + " outgrows the 1 GiB message limit here, "
                      "expected smaller capacities");
  return false;
}

}  // namespace dmxp::msgc
