// parameter.hpp - a parameter value: one of the ROS 2 parameter types, with its YAML text
// form (what the command line `-p name:=value`, parameter files and the parameter service
// carry).
//
//   ParameterValue v = ParameterValue::from_yaml("[1, 2, 3]").value();  // integer_array
//   v.get<std::vector<int64_t>>()
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "dmxp/dmxp.hpp"

namespace dmxp::rt {

enum class ParameterType : uint8_t {
  NotSet, Bool, Integer, Double, String, BoolArray, IntegerArray, DoubleArray, StringArray
};
// "bool", "integer", "double", "string", "bool_array", ...; "not_set".
const char* to_string(ParameterType t);

class ParameterValue {
 public:
  using Storage = std::variant<std::monostate, bool, int64_t, double, std::string,
                               std::vector<bool>, std::vector<int64_t>, std::vector<double>,
                               std::vector<std::string>>;

  ParameterValue() = default;
  ParameterValue(bool v) : v_(v) {}
  template <class I>
    requires(std::is_integral_v<I> && !std::is_same_v<I, bool>)
  ParameterValue(I v) : v_(int64_t(v)) {}
  ParameterValue(float v) : v_(double(v)) {}
  ParameterValue(double v) : v_(v) {}
  ParameterValue(const char* v) : v_(std::string(v)) {}
  ParameterValue(std::string v) : v_(std::move(v)) {}
  ParameterValue(std::string_view v) : v_(std::string(v)) {}
  ParameterValue(std::vector<bool> v) : v_(std::move(v)) {}
  ParameterValue(std::vector<int64_t> v) : v_(std::move(v)) {}
  ParameterValue(std::vector<int> v) : v_(std::vector<int64_t>(v.begin(), v.end())) {}
  ParameterValue(std::vector<double> v) : v_(std::move(v)) {}
  ParameterValue(std::vector<std::string> v) : v_(std::move(v)) {}

  ParameterType type() const { return ParameterType(v_.index()); }
  bool is_set() const { return type() != ParameterType::NotSet; }

  // The value as T. Integers read as double too (a YAML "3" for a double parameter).
  // DMXP_ERR_INCOMPATIBLE when the types differ.
  template <class T>
  Result<T> as() const;
  // The same, throwing dmxp::Error (for setup code).
  template <class T>
  T get() const { return as<T>().value(); }

  // YAML flow text: true, 3, 2.5, "text" (quoted only when needed), [1, 2].
  std::string to_yaml() const;
  // Parses YAML scalars and flow sequences; the type follows the text (3 is integer, 3.0
  // double, [] an empty string_array). DMXP_ERR_INVALID_ARGUMENT naming the text.
  static Result<ParameterValue> from_yaml(std::string_view text);

  const Storage& storage() const { return v_; }
  friend bool operator==(const ParameterValue& a, const ParameterValue& b) { return a.v_ == b.v_; }

 private:
  Storage v_;
};

struct Parameter {
  std::string name;
  ParameterValue value;
};

struct ParameterDescriptor {
  std::string description;
  bool read_only = false;       // only the declaration (and its overrides) may set it
  bool dynamic_typing = false;  // a set may change its type
};

struct SetParametersResult {
  bool successful = true;
  std::string reason;
};

// Validation callback: sees the proposed parameters before they are applied; a result with
// successful = false rejects all of them, with its reason.
using ParameterValidator = std::function<SetParametersResult(const std::vector<Parameter>&)>;

// ---- implementation of as<T> ----
namespace detail {
template <class T>
struct ParamTypeOf;
template <> struct ParamTypeOf<bool> { static constexpr ParameterType value = ParameterType::Bool; };
template <> struct ParamTypeOf<int64_t> { static constexpr ParameterType value = ParameterType::Integer; };
template <> struct ParamTypeOf<double> { static constexpr ParameterType value = ParameterType::Double; };
template <> struct ParamTypeOf<std::string> { static constexpr ParameterType value = ParameterType::String; };
template <> struct ParamTypeOf<std::vector<bool>> { static constexpr ParameterType value = ParameterType::BoolArray; };
template <> struct ParamTypeOf<std::vector<int64_t>> { static constexpr ParameterType value = ParameterType::IntegerArray; };
template <> struct ParamTypeOf<std::vector<double>> { static constexpr ParameterType value = ParameterType::DoubleArray; };
template <> struct ParamTypeOf<std::vector<std::string>> { static constexpr ParameterType value = ParameterType::StringArray; };
Error parameter_type_error(ParameterType want, ParameterType have);
}  // namespace detail

template <class T>
Result<T> ParameterValue::as() const {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, int64_t>) {
    Result<int64_t> r = as<int64_t>();
    if (!r) return r.error();
    return T(r.value());
  } else if constexpr (std::is_same_v<T, float>) {
    Result<double> r = as<double>();
    if (!r) return r.error();
    return float(r.value());
  } else {
    constexpr ParameterType want = detail::ParamTypeOf<T>::value;
    if constexpr (want == ParameterType::Double) {
      if (type() == ParameterType::Integer) return double(std::get<int64_t>(v_));
    }
    if constexpr (want == ParameterType::DoubleArray) {
      if (type() == ParameterType::IntegerArray) {
        const auto& ints = std::get<std::vector<int64_t>>(v_);
        return std::vector<double>(ints.begin(), ints.end());
      }
    }
    if (type() != want) return detail::parameter_type_error(want, type());
    return std::get<T>(v_);
  }
}

}  // namespace dmxp::rt
