#include "node/component_wire.hpp"

#include <rcl_interfaces/msg/ParameterType.hpp>

namespace dmxp::rt::detail {
namespace {

using rcl_interfaces::msg::ParameterType;

template <class Out, class Seq>
std::vector<Out> to_vector(const Seq& s) {
  std::vector<Out> out;
  for (const auto& v : s) out.push_back(Out(v));
  return out;
}

Error bad_parameter(const std::string& name, const std::string& why) {
  return Error(DMXP_ERR_INVALID_ARGUMENT, "parameter '" + name + "': " + why);
}

}  // namespace

Result<Parameter> from_wire(const rcl_interfaces::msg::Parameter& p) {
  const auto& v = p.value;
  Parameter out{p.name.str(), {}};
  switch (v.type) {
    case ParameterType::PARAMETER_BOOL: out.value = bool(v.bool_value); break;
    case ParameterType::PARAMETER_INTEGER: out.value = int64_t(v.integer_value); break;
    case ParameterType::PARAMETER_DOUBLE: out.value = double(v.double_value); break;
    case ParameterType::PARAMETER_STRING: out.value = v.string_value.str(); break;
    case ParameterType::PARAMETER_BOOL_ARRAY: out.value = to_vector<bool>(v.bool_array_value); break;
    case ParameterType::PARAMETER_INTEGER_ARRAY: out.value = to_vector<int64_t>(v.integer_array_value); break;
    case ParameterType::PARAMETER_DOUBLE_ARRAY: out.value = to_vector<double>(v.double_array_value); break;
    case ParameterType::PARAMETER_STRING_ARRAY:
      out.value = to_vector<std::string>(v.string_array_value);
      break;
    case ParameterType::PARAMETER_BYTE_ARRAY:
      return bad_parameter(out.name, "byte arrays are not a parameter type of DMXP");
    case ParameterType::PARAMETER_NOT_SET: return bad_parameter(out.name, "no value (type 0, not set)");
    default: return bad_parameter(out.name, "unknown type " + std::to_string(unsigned(v.type)));
  }
  return out;
}

Result<std::string> log_level_name(uint8_t level) {
  switch (level) {
    case 0: return std::string();
    case 10: return std::string("debug");
    case 20: return std::string("info");
    case 30: return std::string("warn");
    case 40: return std::string("error");
    case 50: return std::string("critical");  // rcl_interfaces/Log FATAL
  }
  return Error(DMXP_ERR_INVALID_ARGUMENT, "invalid log level " + std::to_string(unsigned(level)) +
                                              " (rcl_interfaces/Log: 10, 20, 30, 40, 50, or 0 for the default)");
}

Result<ComponentRequest> from_wire(const composition_interfaces::srv::LoadNode_Request& rq) {
  ComponentRequest out;
  out.library = rq.package_name.str();
  out.class_name = rq.plugin_name.str();
  out.node_name = rq.node_name.str();
  out.node_namespace = rq.node_namespace.str();
  Result<std::string> level = log_level_name(rq.log_level);
  if (!level) return level.error();
  out.log_level = level.value();
  for (const auto& r : rq.remap_rules) out.remap_rules.push_back(r.str());
  for (const auto& p : rq.parameters) {
    Result<Parameter> one = from_wire(p);
    if (!one) return one.error();
    out.parameters.push_back(std::move(one).value());
  }
  for (const auto& a : rq.extra_arguments)
    if (a.name == "use_intra_process_comms" && a.value.type != ParameterType::PARAMETER_BOOL)
      return Error(DMXP_ERR_INVALID_ARGUMENT, "Extra component argument 'use_intra_process_comms' must be a boolean");
  return out;
}

}  // namespace dmxp::rt::detail
