// ParameterValue <-> YAML text. yaml-cpp parses; the type follows the text, as with ROS 2's
// `-p name:=value`: 3 is an integer, 3.0 or 1e3 a double, true/false a bool, anything else a
// string, [a, b] an array of the elements' common type.
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdio>
#include <sstream>

#include "dmxp/rt/parameter.hpp"

namespace dmxp::rt {

const char* to_string(ParameterType t) {
  static constexpr const char* kNames[] = {"not_set", "bool", "integer", "double", "string",
                                           "bool_array", "integer_array", "double_array",
                                           "string_array"};
  return kNames[size_t(t)];
}

namespace detail {
Error parameter_type_error(ParameterType want, ParameterType have) {
  return Error(DMXP_ERR_INCOMPATIBLE, std::string("parameter is ") + to_string(have) +
                                          ", not " + to_string(want));
}
}  // namespace detail

namespace {

// A scalar as written by YAML 1.2's core schema (plus YAML 1.1's yes/no? no: ROS 2 reads
// those as strings too).
ParameterValue scalar_value(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return ParameterValue(s);  // quoted: always a string
  if (s == "true" || s == "True" || s == "TRUE") return ParameterValue(true);
  if (s == "false" || s == "False" || s == "FALSE") return ParameterValue(false);
  {
    std::istringstream in(s);
    long long i = 0;
    in >> std::noskipws >> i;
    if (!in.fail() && in.eof()) return ParameterValue(int64_t(i));
  }
  {
    std::istringstream in(s);
    double d = 0;
    in >> std::noskipws >> d;
    if (!in.fail() && in.eof()) return ParameterValue(d);
    if (s == ".inf" || s == ".Inf") return ParameterValue(HUGE_VAL);
    if (s == "-.inf" || s == "-.Inf") return ParameterValue(-HUGE_VAL);
    if (s == ".nan" || s == ".NaN") return ParameterValue(std::nan(""));
  }
  return ParameterValue(s);
}

Result<ParameterValue> sequence_value(const YAML::Node& n, std::string_view text) {
  std::vector<ParameterValue> items;
  for (const YAML::Node& e : n) {
    if (!e.IsScalar())
      return Error(DMXP_ERR_INVALID_ARGUMENT, "parameter value '" + std::string(text) +
                                                  "': arrays hold scalars only");
    items.push_back(scalar_value(e));
  }
  if (items.empty()) return ParameterValue(std::vector<std::string>{});
  auto all = [&](ParameterType t) {
    for (auto& i : items) if (i.type() != t) return false;
    return true;
  };
  auto numeric = [&] {
    for (auto& i : items)
      if (i.type() != ParameterType::Integer && i.type() != ParameterType::Double) return false;
    return true;
  };
  if (all(ParameterType::Bool)) {
    std::vector<bool> v;
    for (auto& i : items) v.push_back(i.get<bool>());
    return ParameterValue(std::move(v));
  }
  if (all(ParameterType::Integer)) {
    std::vector<int64_t> v;
    for (auto& i : items) v.push_back(i.get<int64_t>());
    return ParameterValue(std::move(v));
  }
  if (numeric()) {
    std::vector<double> v;
    for (auto& i : items) v.push_back(i.get<double>());
    return ParameterValue(std::move(v));
  }
  if (all(ParameterType::String)) {
    std::vector<std::string> v;
    for (auto& i : items) v.push_back(i.get<std::string>());
    return ParameterValue(std::move(v));
  }
  return Error(DMXP_ERR_INVALID_ARGUMENT, "parameter value '" + std::string(text) +
                                              "': array elements must all have one type");
}

std::string double_text(double d) {
  if (std::isnan(d)) return ".nan";
  if (std::isinf(d)) return d > 0 ? ".inf" : "-.inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  std::string s = buf;
  // Keep it a double when read back: "3" would come back as an integer.
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

std::string string_text(const std::string& s) {
  // Quote whenever reading the bare text back would give another type or fail.
  ParameterValue round;
  try {
    YAML::Node n = YAML::Load(s);
    if (n.IsScalar() && n.Scalar() == s) round = scalar_value(n);
  } catch (const YAML::Exception&) {
  }
  if (round.type() == ParameterType::String && !s.empty() && s.find_first_of("\"'\n") == std::string::npos)
    return s;
  YAML::Emitter out;
  out << YAML::DoubleQuoted << s;
  return out.c_str();
}

}  // namespace

Result<ParameterValue> ParameterValue::from_yaml(std::string_view text) {
  YAML::Node n;
  try {
    n = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return Error(DMXP_ERR_INVALID_ARGUMENT,
                 "parameter value '" + std::string(text) + "' is not valid YAML: " + e.msg);
  }
  if (n.IsNull()) return ParameterValue(std::string(text));  // "" or "~": the text itself
  if (n.IsScalar()) return scalar_value(n);
  if (n.IsSequence()) return sequence_value(n, text);
  return Error(DMXP_ERR_INVALID_ARGUMENT, "parameter value '" + std::string(text) +
                                              "': maps are not parameter values");
}

namespace {
struct YamlText {
  std::string operator()(std::monostate) const { return "~"; }
  std::string operator()(bool b) const { return b ? "true" : "false"; }
  std::string operator()(int64_t i) const { return std::to_string(i); }
  std::string operator()(double d) const { return double_text(d); }
  std::string operator()(const std::string& s) const { return string_text(s); }
  template <class T>
  std::string operator()(const std::vector<T>& v) const {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) out += ", ";
      out += (*this)(T(v[i]));
    }
    return out + "]";
  }
};
}  // namespace

std::string ParameterValue::to_yaml() const { return std::visit(YamlText{}, v_); }

}  // namespace dmxp::rt
