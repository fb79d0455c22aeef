#include "capacities.hpp"

#include "layout.hpp"

namespace dmxp::msgc {
namespace {

// Reports for one field; ok() is false once anything was reported.
class FieldCheck {
 public:
  FieldCheck(const ast::FieldDecl& d, Diagnostics& diags) : d_(d), diags_(diags) {}
  bool ok() const { return ok_; }
  void error(const SourceLoc& loc, const std::string& what) {
    diags_.error(loc, what);
    ok_ = false;
  }
  void misplaced(const SourceLoc& loc, const std::string& annotation, const std::string& where) {
    error(loc, "'" + annotation + "' does not apply to '" + type_text(d_.type) + " " + d_.name +
                   "', expected it only on " + where);
  }
  // A capacity or size must be 1..limit.
  void range(uint64_t n, const std::string& what, uint64_t limit, const std::string& limit_text) {
    if (n == 0) error(d_.type.loc, what + " of field '" + d_.name + "' is 0, expected at least 1");
    else if (n > limit)
      error(d_.type.loc, what + " " + std::to_string(n) + " of field '" + d_.name + "' exceeds " +
                             limit_text + ", expected a smaller capacity");
  }
  const ast::FieldDecl& decl() const { return d_; }

 private:
  const ast::FieldDecl& d_;
  Diagnostics& diags_;
  bool ok_ = true;
};

// Bytes of each string: string<=N, else @capacity (plain string) or @string-capacity (arrays
// of strings), else the package's, else the command line's default.
void string_capacity(FieldCheck& c, const CapacitySources& src, model::Field& f) {
  const ast::TypeSpec& t = c.decl().type;
  const ast::Annotations& a = c.decl().annotations;
  const bool plain = t.array == ast::ArraySuffix::None;
  const auto& ann = plain ? a.capacity : a.string_capacity;
  const SourceLoc& ann_loc = plain ? a.capacity_loc : a.string_capacity_loc;
  const char* ann_name = plain ? "@capacity" : "@string-capacity";
  if (plain && a.string_capacity)
    c.misplaced(a.string_capacity_loc, "@string-capacity", "arrays of strings (a plain string takes @capacity)");
  if (t.string_bound && ann) c.misplaced(ann_loc, ann_name, "unbounded strings (this one is string<=N)");
  std::optional<uint64_t> cap = t.string_bound;
  if (!cap) cap = ann;
  if (!cap) cap = src.package.default_string_capacity;
  if (!cap) cap = src.command_line.string_capacity;
  if (!cap) {
    c.error(t.loc, "field '" + c.decl().name + "' of type '" + type_text(t) +
                       "' has no string capacity, expected '# " + ann_name +
                       " N' in its trailing comment, default_string_capacity in " +
                       src.package_config_path + ", or --default-string-capacity N");
    return;
  }
  c.range(*cap, "string capacity", kMaxMessageSize, "the 1 GiB message limit");
  if (!c.ok()) return;
  Shape s = *string_shape(*cap);
  f.elem.string_capacity = uint32_t(*cap);
  f.elem.string_bounded = t.string_bound.has_value();
  f.elem.size = s.size;
  f.elem.align = s.align;
  f.declared_unbounded = !t.string_bound && plain;
}

// Elements of the array: N of T[N] and T[<=N], else @capacity, the package's or the command
// line's default for T[].
void array_count(FieldCheck& c, const CapacitySources& src, model::Field& f) {
  const ast::TypeSpec& t = c.decl().type;
  const ast::Annotations& a = c.decl().annotations;
  const bool is_string = f.elem.kind == model::ElemKind::String;
  if (!is_string && a.string_capacity) c.misplaced(a.string_capacity_loc, "@string-capacity", "arrays of strings");
  uint64_t count = 0;
  switch (t.array) {
    case ast::ArraySuffix::None:
      f.array = model::ArrayKind::None;
      if (a.capacity && !is_string) c.misplaced(a.capacity_loc, "@capacity", "unbounded arrays (T[]) and strings");
      return;
    case ast::ArraySuffix::Fixed:
    case ast::ArraySuffix::Bounded:
      f.array = t.array == ast::ArraySuffix::Fixed ? model::ArrayKind::Fixed : model::ArrayKind::Bounded;
      count = t.array_size;
      if (a.capacity) c.misplaced(a.capacity_loc, "@capacity", "unbounded arrays (T[]); this one has its size");
      break;
    case ast::ArraySuffix::Unbounded: {
      f.array = model::ArrayKind::Bounded;
      f.declared_unbounded = true;
      std::optional<uint64_t> cap = a.capacity;
      if (!cap) cap = src.package.default_capacity;
      if (!cap) cap = src.command_line.capacity;
      if (!cap) {
        c.error(t.loc, "field '" + c.decl().name + "' of type '" + type_text(t) +
                           "' has no capacity, expected '# @capacity N' in its trailing comment, "
                           "default_capacity in " + src.package_config_path + ", or --default-capacity N");
        return;
      }
      count = *cap;
      break;
    }
  }
  c.range(count, t.array == ast::ArraySuffix::Fixed ? "array size" : "capacity", kMaxCapacity,
          std::to_string(kMaxCapacity));
  f.count = uint32_t(count);
}

// @shape RxC: only on fixed float arrays, with R*C elements.
void shape(FieldCheck& c, model::Field& f) {
  const ast::Annotations& a = c.decl().annotations;
  if (!a.shape) return;
  bool fits = f.array == model::ArrayKind::Fixed && f.elem.kind == model::ElemKind::Primitive &&
              is_float(f.elem.prim);
  uint64_t n = uint64_t(a.shape->first) * a.shape->second;
  if (!fits) {
    c.misplaced(a.shape_loc, "@shape", "fixed arrays of float32 or float64");
  } else if (n != f.count) {
    c.error(a.shape_loc, "'@shape " + std::to_string(a.shape->first) + "x" + std::to_string(a.shape->second) +
                             "' has " + std::to_string(n) + " elements, expected " +
                             std::to_string(f.count) + " (the array size)");
  } else {
    f.shape = a.shape;
  }
}

}  // namespace

std::string type_text(const ast::TypeSpec& t) {
  std::string s = t.package.empty() ? t.name : t.package + "/" + t.name;
  if (t.string_bound) s += "<=" + std::to_string(*t.string_bound);
  switch (t.array) {
    case ast::ArraySuffix::None: break;
    case ast::ArraySuffix::Fixed: s += "[" + std::to_string(t.array_size) + "]"; break;
    case ast::ArraySuffix::Bounded: s += "[<=" + std::to_string(t.array_size) + "]"; break;
    case ast::ArraySuffix::Unbounded: s += "[]"; break;
  }
  return s;
}

bool assign_capacities(const ast::FieldDecl& d, const CapacitySources& sources, model::Field& f,
                       Diagnostics& diags) {
  FieldCheck check(d, diags);
  if (f.elem.kind == model::ElemKind::String) string_capacity(check, sources, f);
  array_count(check, sources, f);
  if (check.ok()) shape(check, f);
  return check.ok();
}

}  // namespace dmxp::msgc
