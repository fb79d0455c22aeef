#include "dmxp/rt/parameters.hpp"

namespace dmxp::rt {

Status validate_parameter_name(const std::string& name) {
  // ROS 2 names: tokens separated by '.', each [A-Za-z_][A-Za-z0-9_]*.
  bool ok = !name.empty() && name.size() <= 128 && name.front() != '.' && name.back() != '.';
  bool token_start = true;
  for (char c : name) {
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (c == '.') { ok = ok && !token_start; token_start = true; continue; }
    ok = ok && (alpha || (digit && !token_start));
    token_start = false;
  }
  if (!ok)
    return Error(DMXP_ERR_INVALID_ARGUMENT, "parameter name '" + name + "' is invalid: "
                 "tokens of [A-Za-z_][A-Za-z0-9_]* separated by '.', at most 128 characters");
  return Unit{};
}

ParameterStore::ParameterStore(std::vector<ParameterOverride> overrides)
    : overrides_(std::move(overrides)) {}

Result<ParameterValue> ParameterStore::declare(const std::string& name,
                                               const ParameterValue& default_value,
                                               const ParameterDescriptor& descriptor) {
  if (Status s = validate_parameter_name(name); !s) return s.error();
  if (!default_value.is_set())
    return Error(DMXP_ERR_INVALID_ARGUMENT, "parameter '" + name + "' needs a default value");
  ParameterValue value = default_value;
  for (const ParameterOverride& o : overrides_) {
    if (o.name != name) continue;
    bool same_type = o.value.type() == default_value.type();
    // An integer given for a double parameter ("-p gain:=2") is the double 2.0.
    if (!same_type && default_value.type() == ParameterType::Double &&
        o.value.type() == ParameterType::Integer) {
      value = ParameterValue(o.value.get<double>());
      continue;
    }
    if (!same_type && default_value.type() == ParameterType::DoubleArray &&
        o.value.type() == ParameterType::IntegerArray) {
      value = ParameterValue(o.value.get<std::vector<double>>());
      continue;
    }
    // An empty array from YAML ("[]") reads as a string array: it fits every array type.
    if (!same_type && o.value.type() == ParameterType::StringArray &&
        o.value.get<std::vector<std::string>>().empty() && default_value.type() >= ParameterType::BoolArray) {
      std::visit([&](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (!std::is_same_v<V, std::monostate> && std::is_default_constructible_v<V>) value = ParameterValue(V{});
      }, default_value.storage());
      continue;
    }
    if (!same_type && !descriptor.dynamic_typing)
      return Error(DMXP_ERR_INCOMPATIBLE, "parameter '" + name + "' is declared " +
                                              to_string(default_value.type()) +
                                              " but its override '" + o.value.to_yaml() + "' is " +
                                              to_string(o.value.type()));
    value = o.value;
  }
  std::lock_guard lock(mu_);
  if (params_.count(name))
    return Error(DMXP_ERR_EXISTS, "parameter '" + name + "' is already declared");
  params_[name] = ParameterInfo{name, value, descriptor};
  return value;
}

bool ParameterStore::has(const std::string& name) const {
  std::lock_guard lock(mu_);
  return params_.count(name) != 0;
}

Result<ParameterValue> ParameterStore::get(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto it = params_.find(name);
  if (it == params_.end())
    return Error(DMXP_ERR_NOT_FOUND, "parameter '" + name + "' is not declared");
  return it->second.value;
}

std::optional<ParameterInfo> ParameterStore::describe(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto it = params_.find(name);
  if (it == params_.end()) return std::nullopt;
  return it->second;
}

std::vector<ParameterInfo> ParameterStore::list() const {
  std::lock_guard lock(mu_);
  std::vector<ParameterInfo> out;
  for (const auto& [name, info] : params_) out.push_back(info);
  return out;
}

SetParametersResult ParameterStore::set(const std::vector<Parameter>& parameters) {
  std::lock_guard set_lock(set_mu_);
  std::vector<Parameter> proposed = parameters;
  std::vector<std::pair<ValidatorId, ParameterValidator>> validators;
  {
    std::lock_guard lock(mu_);
    for (Parameter& p : proposed) {
      auto it = params_.find(p.name);
      if (it == params_.end()) return {false, "parameter '" + p.name + "' is not declared"};
      const ParameterInfo& info = it->second;
      if (info.descriptor.read_only) return {false, "parameter '" + p.name + "' is read-only"};
      ParameterType have = info.value.type(), want = p.value.type();
      if (have == ParameterType::Double && want == ParameterType::Integer)
        p.value = ParameterValue(p.value.get<double>());
      else if (have == ParameterType::DoubleArray && want == ParameterType::IntegerArray)
        p.value = ParameterValue(p.value.get<std::vector<double>>());
      else if (have != want && !info.descriptor.dynamic_typing)
        return {false, "parameter '" + p.name + "' is " + to_string(have) + ", not " +
                           to_string(want)};
    }
    validators.assign(validators_.begin(), validators_.end());
  }
  for (auto& [id, validate] : validators) {
    SetParametersResult r = validate(proposed);
    if (!r.successful) {
      if (r.reason.empty()) r.reason = "refused by the node's validation callback";
      return r;
    }
  }
  std::vector<std::function<void(const std::vector<Parameter>&)>> changed;
  {
    std::lock_guard lock(mu_);
    for (const Parameter& p : proposed) params_[p.name].value = p.value;
    for (auto& [id, cb] : on_changed_) changed.push_back(cb);
  }
  for (auto& cb : changed) cb(proposed);
  return {true, ""};
}

ParameterStore::ValidatorId ParameterStore::add_validator(ParameterValidator validator) {
  std::lock_guard lock(mu_);
  ValidatorId id = next_id_++;
  validators_[id] = std::move(validator);
  return id;
}

void ParameterStore::remove_validator(ValidatorId id) {
  std::lock_guard lock(mu_);
  validators_.erase(id);
  on_changed_.erase(id);
}

ParameterStore::ValidatorId ParameterStore::add_on_changed(
    std::function<void(const std::vector<Parameter>&)> callback) {
  std::lock_guard lock(mu_);
  ValidatorId id = next_id_++;
  on_changed_[id] = std::move(callback);
  return id;
}

}  // namespace dmxp::rt
