#include "field_probe.hpp"

#include <cstring>
#include <map>
#include <stdexcept>

#include "decode/value_path.hpp"

namespace dmxp::foxglove {
namespace {

using dmxp::wire::json::Value;

const std::map<std::string, size_t, std::less<>> kScalarSizes = {
    {"bool", 1},  {"byte", 1},   {"char", 1},   {"int8", 1},   {"uint8", 1},
    {"int16", 2}, {"uint16", 2}, {"int32", 4},  {"uint32", 4}, {"int64", 8},
    {"uint64", 8}, {"float32", 4}, {"float64", 8}};

template <class T>
double load(const unsigned char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return double(v);
}

double scalar_at(const std::string& type, const unsigned char* p) {
  if (type == "float64") return load<double>(p);
  if (type == "float32") return load<float>(p);
  if (type == "int8") return load<int8_t>(p);
  if (type == "int16") return load<int16_t>(p);
  if (type == "uint16") return load<uint16_t>(p);
  if (type == "int32") return load<int32_t>(p);
  if (type == "uint32") return load<uint32_t>(p);
  if (type == "int64") return load<int64_t>(p);
  if (type == "uint64") return load<uint64_t>(p);
  return load<uint8_t>(p);  // bool, byte, char, uint8
}

const Value& type_named(const Value& desc, const std::string& name) {
  if (name == desc["type"].str()) return desc;
  return desc["types"][name];
}

const Value* field_named(const Value& type, const std::string& name) {
  for (const Value& f : type["fields"].array)
    if (f["name"].str() == name) return &f;
  return nullptr;
}

}  // namespace

FieldProbe FieldProbe::locate(const Value& desc, std::string_view text) {
  dmxp::cli::ValuePath path = dmxp::cli::parse_value_path(text);
  FieldProbe p;
  p.path_ = path.text;
  const Value* type = &desc;
  std::string type_name = desc["type"].str();
  size_t base = 0;  // where the message holding the next field starts
  auto fail = [&](const std::string& why) -> FieldProbe {
    throw std::runtime_error("field '" + p.path_ + "' of " + desc["type"].str() + ": " + why);
  };
  for (size_t i = 0; i < path.steps.size(); ++i) {
    const auto* name = std::get_if<std::string>(&path.steps[i]);
    if (!name) return fail("an index must follow an array field");
    const Value* f = field_named(*type, *name);
    if (!f) return fail(type_name + " has no field '" + *name + "'");
    const std::string& kind = (*f)["kind"].str();
    const std::string& ftype = (*f)["type"].str();
    bool last = i + 1 == path.steps.size();
    const Value* elem = nullptr;
    if (kind == "array" || kind == "bounded_array") {
      if (last || !std::holds_alternative<size_t>(path.steps[i + 1]))
        return fail("'" + *name + "' is an array: give an index, e.g. " + *name + "[0]");
      uint64_t index = std::get<size_t>(path.steps[++i]);
      uint64_t limit = kind == "array" ? (*f)["count"].as_u64() : (*f)["capacity"].as_u64();
      if (index >= limit)
        return fail("index " + std::to_string(index) + " is past '" + *name + "' (" +
                    std::to_string(limit) + " elements at most)");
      elem = &(*f)["element"];
      if (kind == "bounded_array") p.checks_.push_back({base + (*f)["length_offset"].as_u64(), index});
      base += (*f)["data_offset"].as_u64() + index * (*elem)["size"].as_u64();
      last = i + 1 == path.steps.size();
    } else {
      base += (*f)["offset"].as_u64();
    }
    const std::string& ekind = elem ? (*elem)["kind"].str() : kind;
    if (ekind == "nested") {
      if (last) return fail("'" + *name + "' is a message (" + ftype + "): name one of its fields");
      type = &type_named(desc, ftype);
      type_name = ftype;
      continue;
    }
    if (ekind == "string") return fail("'" + *name + "' is a string, not a number");
    if (!last) return fail("'" + *name + "' is a " + ftype + ", it has no fields");
    auto size = kScalarSizes.find(ftype);
    if (size == kScalarSizes.end()) return fail("'" + *name + "' has the unknown type " + ftype);
    p.type_ = ftype;
    p.offset_ = base;
    p.end_ = base + size->second;
  }
  uint64_t message_size = desc["size"].as_u64();
  if (p.end_ > message_size) return fail("the descriptor puts it past the message's " + std::to_string(message_size) + " bytes");
  for (const SizeCheck& c : p.checks_)
    if (c.length_offset + 4 > message_size) return fail("a size word lies past the message");
  return p;
}

std::optional<double> FieldProbe::read(const void* message, size_t size) const {
  if (size < end_) return std::nullopt;
  auto* bytes = static_cast<const unsigned char*>(message);
  for (const SizeCheck& c : checks_) {
    uint32_t length;
    std::memcpy(&length, bytes + c.length_offset, sizeof length);
    if (c.index >= length) return std::nullopt;
  }
  return scalar_at(type_, bytes + offset_);
}

std::vector<std::string> FieldProbe::scalar_paths(const Value& desc, size_t limit) {
  std::vector<std::string> out;
  // Depth-first over nested messages, arrays left out (their paths need an index).
  auto walk = [&](auto&& self, const Value& type, const std::string& prefix, int depth) -> void {
    if (depth > 16) return;
    for (const Value& f : type["fields"].array) {
      if (out.size() >= limit) return;
      const std::string& kind = f["kind"].str();
      std::string path = prefix + f["name"].str();
      if (kind == "nested") self(self, type_named(desc, f["type"].str()), path + ".", depth + 1);
      else if (kind == "scalar") out.push_back(path);
    }
  };
  walk(walk, desc, "", 0);
  return out;
}

}  // namespace dmxp::foxglove
