#include "decode/yaml_encoder.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

namespace dmxp::cli {
namespace {

class Encoder {
 public:
  Encoder(const json::Value& desc, std::vector<uint8_t>& out) : desc_(desc), out_(out) {}

  void message(const json::Value& type, const std::string& type_name, const YAML::Node& node,
               uint64_t base, const std::string& where) {
    if (!node || node.IsNull()) return;
    if (!node.IsMap()) fail(node, where, "expected a mapping of the fields of " + type_name);
    for (const auto& kv : node) {
      std::string key = kv.first.as<std::string>();
      const json::Value* field = nullptr;
      for (const json::Value& f : type["fields"].array)
        if (f["name"].str() == key) field = &f;
      if (!field) {
        std::string names;
        for (const json::Value& f : type["fields"].array) names += (names.empty() ? "" : ", ") + f["name"].str();
        fail(kv.first, where, "field '" + key + "' is not in " + type_name + " (fields: " + names + ")");
      }
      this->field(*field, kv.second, base, where.empty() ? key : where + "." + key);
    }
  }

 private:
  [[noreturn]] void fail(const YAML::Node& n, const std::string& where, const std::string& what) {
    const YAML::Mark m = n.Mark();
    std::string at = m.is_null() ? "" : "line " + std::to_string(m.line + 1) + ", column " +
                                            std::to_string(m.column + 1) + ": ";
    std::string field = where.empty() ? "" : "field '" + where + "': ";
    throw std::runtime_error(at + (what.rfind("field '", 0) == 0 ? "" : field) + what);
  }

  void check(uint64_t at, uint64_t n) const {
    if (at > out_.size() || n > out_.size() - at)
      throw std::runtime_error("descriptor points outside the message");
  }

  template <class T>
  void store(uint64_t at, T v) {
    check(at, sizeof v);
    std::memcpy(out_.data() + at, &v, sizeof v);
  }

  template <class T>
  void integer(const YAML::Node& n, uint64_t at, const std::string& where, const std::string& type) {
    long double v = number(n, where, type);
    if (v != std::floor(v) || v < (long double)std::numeric_limits<T>::min() ||
        v > (long double)std::numeric_limits<T>::max())
      fail(n, where, n.Scalar() + " is not a " + type + " (" +
                         std::to_string((long long)std::numeric_limits<T>::min()) + " .. " +
                         std::to_string((unsigned long long)std::numeric_limits<T>::max()) + ")");
    store<T>(at, T(v));
  }

  long double number(const YAML::Node& n, const std::string& where, const std::string& type) {
    if (!n.IsScalar()) fail(n, where, "expected a " + type);
    const std::string& s = n.Scalar();
    if (s == ".nan" || s == "nan") return std::numeric_limits<long double>::quiet_NaN();
    if (s == ".inf" || s == "inf") return std::numeric_limits<long double>::infinity();
    if (s == "-.inf" || s == "-inf") return -std::numeric_limits<long double>::infinity();
    size_t used = 0;
    long double v = 0;
    try { v = std::stold(s, &used); } catch (const std::exception&) { used = 0; }
    if (s.empty() || used != s.size()) fail(n, where, "'" + s + "' is not a " + type);
    return v;
  }

  void scalar(const std::string& t, const YAML::Node& n, uint64_t at, const std::string& where) {
    if (t == "bool") {
      bool b = false;
      if (!n.IsScalar() || !YAML::convert<bool>::decode(n, b)) fail(n, where, "expected true or false");
      store<uint8_t>(at, b ? 1 : 0);
    }
    else if (t == "byte" || t == "char" || t == "uint8") integer<uint8_t>(n, at, where, t);
    else if (t == "uint16") integer<uint16_t>(n, at, where, t);
    else if (t == "uint32") integer<uint32_t>(n, at, where, t);
    else if (t == "uint64") integer<uint64_t>(n, at, where, t);
    else if (t == "int8") integer<int8_t>(n, at, where, t);
    else if (t == "int16") integer<int16_t>(n, at, where, t);
    else if (t == "int32") integer<int32_t>(n, at, where, t);
    else if (t == "int64") integer<int64_t>(n, at, where, t);
    else if (t == "float32") store<float>(at, float(number(n, where, t)));
    else if (t == "float64") store<double>(at, double(number(n, where, t)));
    else throw std::runtime_error("unknown scalar type " + t);
  }

  void text(const YAML::Node& n, uint64_t len_at, uint64_t data_at, uint64_t capacity,
            const std::string& where) {
    if (!n.IsScalar()) fail(n, where, "expected text");
    const std::string& s = n.Scalar();
    if (s.size() > capacity)
      fail(n, where, "text of " + std::to_string(s.size()) + " bytes is longer than its capacity " +
                         std::to_string(capacity));
    check(data_at, s.size());
    std::memcpy(out_.data() + data_at, s.data(), s.size());
    store<uint32_t>(len_at, uint32_t(s.size()));
  }

  void element(const json::Value& e, const YAML::Node& n, uint64_t at, const std::string& where) {
    const std::string& kind = e["kind"].str();
    if (kind == "scalar") scalar(e["type"].str(), n, at, where);
    else if (kind == "string")
      text(n, at + e["length_offset"].as_u64(), at + e["data_offset"].as_u64(), e["capacity"].as_u64(), where);
    else message(desc_["types"][e["type"].str()], e["type"].str(), n, at, where);
  }

  void field(const json::Value& f, const YAML::Node& n, uint64_t base, const std::string& where) {
    const std::string& kind = f["kind"].str();
    uint64_t at = base + f["offset"].as_u64();
    if (kind == "scalar") return scalar(f["type"].str(), n, at, where);
    if (kind == "string")
      return text(n, base + f["length_offset"].as_u64(), base + f["data_offset"].as_u64(),
                  f["capacity"].as_u64(), where);
    if (kind == "nested") return message(desc_["types"][f["type"].str()], f["type"].str(), n, at, where);
    if (!n.IsSequence()) fail(n, where, "expected a sequence ([a, b, ...])");
    bool fixed = kind == "array";
    uint64_t limit = fixed ? f["count"].as_u64() : f["capacity"].as_u64();
    if (n.size() > limit || (fixed && n.size() != limit))
      fail(n, where, std::to_string(n.size()) + " items given, the type " +
                         (fixed ? "has exactly " : "holds at most ") + std::to_string(limit));
    const json::Value& e = f["element"];
    uint64_t data = base + f["data_offset"].as_u64(), stride = e["size"].as_u64();
    for (size_t i = 0; i < n.size(); ++i)
      element(e, n[i], data + i * stride, where + "[" + std::to_string(i) + "]");
    if (!fixed) store<uint32_t>(base + f["length_offset"].as_u64(), uint32_t(n.size()));
  }

  const json::Value& desc_;
  std::vector<uint8_t>& out_;
};

}  // namespace

namespace {

YAML::Node load(std::string_view yaml_text) {
  try {
    return YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    throw std::runtime_error("line " + std::to_string(e.mark.line + 1) + ", column " +
                             std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
}

}  // namespace

std::vector<uint8_t> encode_yaml(const json::Value& descriptor, std::string_view yaml_text) {
  YAML::Node root = load(yaml_text);
  std::vector<uint8_t> out(descriptor["size"].as_u64(), 0);
  Encoder(descriptor, out).message(descriptor, descriptor["type"].str(), root, 0, "");
  return out;
}

std::vector<uint8_t> encode_yaml_into_field(const json::Value& descriptor, const std::string& field,
                                            std::string_view yaml_text) {
  const json::Value* f = nullptr;
  for (const json::Value& x : descriptor["fields"].array)
    if (x["name"].str() == field && x["kind"].str() == "nested") f = &x;
  if (!f) throw std::runtime_error(descriptor["type"].str() + " has no message field '" + field + "'");
  const std::string& type = (*f)["type"].str();
  YAML::Node root = load(yaml_text);
  std::vector<uint8_t> out(descriptor["size"].as_u64(), 0);
  Encoder(descriptor, out).message(descriptor["types"][type], type, root, (*f)["offset"].as_u64(), "");
  return out;
}

}  // namespace dmxp::cli
