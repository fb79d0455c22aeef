// parameters.hpp - a node's parameters: declared with a type and a default, overridden from
// the command line / launch file / parameter files at declaration, read and changed at
// runtime, with validation callbacks that can refuse a change.
//
// Thread safety: every member is thread-safe. Validation callbacks run without the store's
// lock held (they may read parameters) but one set at a time; a callback must not set
// parameters itself.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dmxp/rt/arguments.hpp"
#include "dmxp/rt/parameter.hpp"

namespace dmxp::rt {

struct ParameterInfo {
  std::string name;
  ParameterValue value;
  ParameterDescriptor descriptor;
};

class ParameterStore {
 public:
  // Overrides that apply to this node, in order (a later one wins).
  explicit ParameterStore(std::vector<ParameterOverride> overrides = {});

  // Declares name with a default; an override of the same name replaces the default.
  // Returns the effective value. DMXP_ERR_EXISTS when already declared,
  // DMXP_ERR_INVALID_ARGUMENT for an invalid name or an unset default,
  // DMXP_ERR_INCOMPATIBLE when the override has another type than the default.
  Result<ParameterValue> declare(const std::string& name, const ParameterValue& default_value,
                                 const ParameterDescriptor& descriptor = {});
  bool has(const std::string& name) const;
  // DMXP_ERR_NOT_FOUND when not declared.
  Result<ParameterValue> get(const std::string& name) const;
  std::optional<ParameterInfo> describe(const std::string& name) const;
  // Sorted by name.
  std::vector<ParameterInfo> list() const;

  // Sets atomically: all or none. Refused (successful = false, reason) when a parameter is
  // undeclared, read-only, of another type (without dynamic typing), or a validator says no.
  SetParametersResult set(const std::vector<Parameter>& parameters);
  SetParametersResult set(const Parameter& p) { return set(std::vector<Parameter>{p}); }

  using ValidatorId = uint64_t;
  ValidatorId add_validator(ParameterValidator validator);
  void remove_validator(ValidatorId id);
  // Called after a successful set, with the parameters that changed (for nodes that cache).
  ValidatorId add_on_changed(std::function<void(const std::vector<Parameter>&)> callback);

 private:
  mutable std::mutex mu_;
  std::mutex set_mu_;  // one set at a time, validators included
  std::vector<ParameterOverride> overrides_;
  std::map<std::string, ParameterInfo> params_;
  std::map<ValidatorId, ParameterValidator> validators_;
  std::map<ValidatorId, std::function<void(const std::vector<Parameter>&)>> on_changed_;
  ValidatorId next_id_ = 1;
};

Status validate_parameter_name(const std::string& name);

}  // namespace dmxp::rt
