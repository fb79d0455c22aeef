#include "plan_builder.hpp"

#include <map>
#include <optional>

#include "dmxp/dmxp.h"
#include "dmxp/wire/json.hpp"

namespace dmxp::wire::detail {
namespace {

using json::Value;

constexpr uint64_t kMaxMessageSize = uint64_t(1) << 30;  // DMXP's largest slot

struct Primitive {
  uint8_t size;
  bool boolean;
};

// Every primitive dmxp-msgc has (tools/msgc/lib/primitives.cpp); char is one byte as in
// ROS 2 (its IDL maps .msg char to uint8).
std::optional<Primitive> primitive(const std::string& name) {
  static const std::map<std::string, Primitive, std::less<>> table = {
      {"bool", {1, true}},    {"byte", {1, false}},   {"char", {1, false}},
      {"int8", {1, false}},   {"uint8", {1, false}},  {"int16", {2, false}},
      {"uint16", {2, false}}, {"int32", {4, false}},  {"uint32", {4, false}},
      {"float32", {4, false}}, {"int64", {8, false}}, {"uint64", {8, false}},
      {"float64", {8, false}}};
  auto it = table.find(name);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

class Builder {
 public:
  explicit Builder(const Value& desc, Plan& plan) : desc_(desc), plan_(plan) {}

  void build() {
    if (desc_.kind != Value::Kind::Object) fail("", "the descriptor is not a JSON object");
    if (!desc_.has("format") || desc_["format"].kind != Value::Kind::String ||
        desc_["format"].s != "dmxp.msg.layout/1")
      fail("", "\"format\" is not \"dmxp.msg.layout/1\"");
    plan_.type_name = text(desc_, "type", "");
    if (text(desc_, "endian", "") != "little")
      fail("", "\"endian\" is \"" + desc_["endian"].s + "\", expected \"little\"");
    plan_.size = number(desc_, "size", "");
    if (plan_.size == 0 || plan_.size > kMaxMessageSize)
      fail("", "\"size\" " + std::to_string(plan_.size) + " is outside 1.." +
                   std::to_string(kMaxMessageSize) + " (DMXP's largest message)");
    plan_.ros_type_name = desc_.has("ros2_type_name") ? text(desc_, "ros2_type_name", "")
                                                      : ros_name(plan_.type_name);
    plan_.ros_type_hash = desc_.has("ros2_type_hash") ? text(desc_, "ros2_type_hash", "") : "";
    plan_.top.extent = plan_.size;
    fields(desc_, plan_.top, 0, "", 0);
  }

 private:
  // "pkg/Type" is ROS 2's "pkg/msg/Type"; service parts carry their folder already.
  static std::string ros_name(const std::string& dmxp_name) {
    size_t slash = dmxp_name.find('/');
    if (slash == std::string::npos || dmxp_name.find('/', slash + 1) != std::string::npos)
      return dmxp_name;
    return dmxp_name.substr(0, slash) + "/msg/" + dmxp_name.substr(slash + 1);
  }

  [[noreturn]] void fail(const std::string& path, const std::string& what,
                         int status = DMXP_ERR_INVALID_ARGUMENT) const {
    std::string type = plan_.type_name.empty() ? "" : " of " + plan_.type_name;
    throw PlanError(status, "layout descriptor" + type + ": " +
                                (path.empty() ? "" : "field '" + path + "': ") + what);
  }

  const Value& key(const Value& o, const char* k, const std::string& path) const {
    if (o.kind != Value::Kind::Object || !o.has(k)) fail(path, std::string("missing \"") + k + "\"");
    return o[k];
  }
  uint64_t number(const Value& o, const char* k, const std::string& path) const {
    const Value& v = key(o, k, path);
    if (v.kind == Value::Kind::UInt) return v.u;
    if (v.kind == Value::Kind::Int && v.i >= 0) return uint64_t(v.i);
    fail(path, std::string("\"") + k + "\" is not an unsigned integer");
  }
  const std::string& text(const Value& o, const char* k, const std::string& path) const {
    const Value& v = key(o, k, path);
    if (v.kind != Value::Kind::String) fail(path, std::string("\"") + k + "\" is not a string");
    return v.s;
  }
  // A capacity or count: CDR sizes are uint32, and a string's size counts its NUL too.
  uint32_t count32(const Value& o, const char* k, const std::string& path) const {
    uint64_t n = number(o, k, path);
    if (n >= UINT32_MAX) fail(path, std::string("\"") + k + "\" " + std::to_string(n) + " does not fit CDR's uint32 sizes");
    return uint32_t(n);
  }

  // Throws unless [at, at + n) lies within extent bytes.
  void inside(const std::string& path, uint64_t at, uint64_t n, uint64_t extent) const {
    if (at > extent || n > extent - at)
      fail(path, "bytes " + std::to_string(at) + ".." + std::to_string(at + n) +
                     " lie outside the " + std::to_string(extent) + "-byte message");
  }

  const Value& type_named(const std::string& name, const std::string& path) const {
    const Value& types = key(desc_, "types", "");
    if (types.kind != Value::Kind::Object || !types.has(name))
      fail(path, "type '" + name + "' is not in \"types\"");
    return types[name];
  }

  uint32_t name(const std::string& path, uint32_t first, uint32_t count, bool indexed) {
    plan_.names.push_back(NamePart{first, count, path, indexed});
    return uint32_t(plan_.names.size() - 1);
  }

  void add(Steps& steps, Step s, const std::string& path, uint32_t count, bool indexed) {
    if (++total_steps_ > kMaxSteps)
      fail(path, "the descriptor expands to more than " + std::to_string(kMaxSteps) + " steps");
    // Merge with the previous run when this one continues it byte for byte.
    if (s.kind == Step::Kind::Primitives && !s.boolean && !steps.list.empty()) {
      Step& prev = steps.list.back();
      if (prev.kind == Step::Kind::Primitives && !prev.boolean && prev.size == s.size &&
          prev.offset + uint64_t(prev.count) * prev.size == s.offset &&
          uint64_t(prev.count) + s.count < UINT32_MAX && prev.names_end == plan_.names.size()) {
        name(path, prev.count, count, indexed);
        prev.count += s.count;
        prev.names_end = uint32_t(plan_.names.size());
        return;
      }
    }
    s.names_begin = name(path, 0, count, indexed);
    s.names_end = s.names_begin + 1;
    steps.list.push_back(s);
  }

  // The steps of one element of an array or sequence: a primitive (none: the caller copies
  // them in bulk), a string, or a message (cached by type: one list however often used).
  const Steps* element(const Value& e, const std::string& path, int depth, uint8_t& prim_size,
                       bool& boolean, uint64_t& stride) {
    const std::string& kind = text(e, "kind", path);
    const std::string& type = text(e, "type", path);
    stride = number(e, "size", path);
    if (stride == 0) fail(path, "element \"size\" is 0");
    prim_size = 0;
    if (kind == "scalar") {
      auto p = primitive(type);
      if (!p) unsupported(path, type);
      if (stride != p->size)
        fail(path, "element size " + std::to_string(stride) + " is not the " +
                       std::to_string(p->size) + " bytes of " + type);
      prim_size = p->size;
      boolean = p->boolean;
      return nullptr;
    }
    auto steps = std::make_unique<Steps>();
    steps->extent = stride;
    if (kind == "string") {
      string(*steps, e, 0, "", path);
    } else if (kind == "nested") {
      if (auto it = element_types_.find(type); it != element_types_.end()) {
        if (it->second->extent > stride)
          fail(path, "element size " + std::to_string(stride) + " is smaller than " + type);
        return it->second;
      }
      steps->extent = number(type_named(type, path), "size", path);
      if (steps->extent > stride)
        fail(path, "element size " + std::to_string(stride) + " is smaller than " + type +
                       "'s " + std::to_string(steps->extent) + " bytes");
      fields(type_named(type, path), *steps, 0, "", depth + 1, path);
      element_types_[type] = steps.get();
    } else {
      fail(path, "element kind \"" + kind + "\", expected scalar, string or nested");
    }
    plan_.elements.push_back(std::move(steps));
    return plan_.elements.back().get();
  }

  [[noreturn]] void unsupported(const std::string& path, const std::string& type) const {
    fail(path, "type '" + type + "' has no CDR mapping here (supported: bool byte char int8 "
                                 "uint8 int16 uint16 int32 uint32 int64 uint64 float32 float64 "
                                 "string and messages)",
         DMXP_ERR_UNSUPPORTED);
  }

  // A string at base: its size word and bytes (offsets from the string field's holder).
  void string(Steps& steps, const Value& f, uint64_t base, const std::string& path,
              const std::string& where) {
    const std::string& p = path.empty() ? where : path;
    Step s;
    s.kind = Step::Kind::String;
    s.capacity = count32(f, "capacity", p);
    s.length_offset = base + number(f, "length_offset", p);
    s.offset = base + number(f, "data_offset", p);
    inside(p, s.length_offset, 4, steps.extent);
    inside(p, s.offset, s.capacity, steps.extent);
    add(steps, s, path, 1, false);
  }

  // The fields of a message type at base in steps; path names the fields for errors
  // (where: the array an element list belongs to, for errors about the list itself).
  void fields(const Value& type, Steps& steps, uint64_t base, const std::string& prefix, int depth,
              const std::string& where = "") {
    const std::string& here = prefix.empty() ? where : prefix;
    if (depth > kMaxNesting)
      fail(here, "types nest deeper than " + std::to_string(kMaxNesting) + " levels (a cycle?)");
    const Value& list = key(type, "fields", here);
    if (list.kind != Value::Kind::Array) fail(here, "\"fields\" is not an array");
    if (list.array.empty()) {  // ROS 2 gives an empty message one uint8 member
      Step s;
      s.kind = Step::Kind::EmptyStruct;
      inside(here, base, 0, steps.extent);
      add(steps, s, prefix.empty() ? "structure_needs_at_least_one_member"
                                   : prefix + ".structure_needs_at_least_one_member", 1, false);
      return;
    }
    for (const Value& f : list.array) {
      const std::string& fname = text(f, "name", here);
      std::string path = prefix.empty() ? fname : prefix + "." + fname;
      const std::string& kind = text(f, "kind", path);
      const std::string& tname = text(f, "type", path);
      if (kind == "scalar") {
        auto p = primitive(tname);
        if (!p) unsupported(path, tname);
        Step s;
        s.size = p->size;
        s.boolean = p->boolean;
        s.count = 1;
        s.offset = base + number(f, "offset", path);
        inside(path, s.offset, s.size, steps.extent);
        add(steps, s, path, 1, false);
      } else if (kind == "string") {
        string(steps, f, base, path, path);
      } else if (kind == "nested") {
        uint64_t at = base + number(f, "offset", path);
        inside(path, at, 0, steps.extent);
        fields(type_named(tname, path), steps, at, path, depth + 1);
      } else if (kind == "array" || kind == "bounded_array") {
        bool fixed = kind == "array";
        Step s;
        s.offset = base + number(f, "data_offset", path);
        uint32_t n = fixed ? count32(f, "count", path) : count32(f, "capacity", path);
        s.element = element(key(f, "element", path), path, depth, s.size, s.boolean, s.stride);
        inside(path, s.offset, 0, steps.extent);
        if (n > (steps.extent - s.offset) / s.stride)
          fail(path, std::to_string(n) + " elements of " + std::to_string(s.stride) + " bytes from byte " +
                         std::to_string(s.offset) + " lie outside the " + std::to_string(steps.extent) +
                         "-byte message");
        if (fixed) {
          s.kind = s.element ? Step::Kind::Array : Step::Kind::Primitives;
          s.count = n;
          if (n == 0) fail(path, "fixed array of 0 elements");
          add(steps, s, path, n, true);
        } else {
          s.kind = Step::Kind::Sequence;
          s.capacity = n;
          s.length_offset = base + number(f, "length_offset", path);
          inside(path, s.length_offset, 4, steps.extent);
          add(steps, s, path, n, true);
        }
      } else {
        fail(path, "kind \"" + kind + "\", expected scalar, string, nested, array or bounded_array");
      }
    }
  }

  const Value& desc_;
  Plan& plan_;
  size_t total_steps_ = 0;
  std::map<std::string, const Steps*> element_types_;
};

}  // namespace

std::unique_ptr<Plan> build_plan(std::string_view descriptor_json) {
  auto plan = std::make_unique<Plan>();
  Value desc;
  try {
    desc = json::parse(descriptor_json);
  } catch (const std::exception& e) {
    throw PlanError(DMXP_ERR_INVALID_ARGUMENT, std::string("layout descriptor: ") + e.what());
  }
  Builder(desc, *plan).build();
  return plan;
}

}  // namespace dmxp::wire::detail
