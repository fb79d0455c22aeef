#include "parameter_bridge.hpp"

#include <set>
#include <stdexcept>

#include "dmxp/rt/graph.hpp"

namespace dmxp::foxglove {

using nlohmann::json;
using dmxp::rt::ParameterType;
using dmxp::rt::ParameterValue;

namespace {

constexpr const char* kServiceSuffix = "/_parameters";

// "/robot/planner.goal_x" -> ("/robot/planner", "goal_x").
bool split_name(const std::string& full, std::string* node, std::string* name) {
  size_t dot = full.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == full.size() || full[0] != '/') return false;
  *node = full.substr(0, dot);
  *name = full.substr(dot + 1);
  return true;
}

bool integral(const json& v) { return v.is_number_integer() || v.is_number_unsigned(); }

}  // namespace

json parameter_json(const std::string& name, const ParameterValue& v) {
  json p{{"name", name}};
  std::visit([&](const auto& x) {
    using T = std::decay_t<decltype(x)>;
    if constexpr (std::is_same_v<T, std::monostate>) {
      p["value"] = nullptr;
    } else {
      p["value"] = x;
      if constexpr (std::is_same_v<T, double>) p["type"] = "float64";
      if constexpr (std::is_same_v<T, std::vector<double>>) p["type"] = "float64_array";
    }
  }, v.storage());
  return p;
}

ParameterValue parameter_from_json(const json& p, const std::string& declared) {
  if (!p.is_object() || !p.contains("name") || !p["name"].is_string() || !p.contains("value"))
    throw std::runtime_error("a parameter needs \"name\" (a string) and \"value\"");
  const json& v = p["value"];
  std::string hint = p.contains("type") && p["type"].is_string() ? p["type"].get<std::string>() : "";
  std::string name = p["name"].get<std::string>();
  auto bad = [&](const std::string& want) {
    return std::runtime_error("parameter '" + name + "' is " + want + "; got " + v.dump());
  };
  bool want_double = declared == "double" || hint == "float64";
  bool want_double_array = declared == "double_array" || hint == "float64_array";
  if (v.is_boolean()) {
    if (!declared.empty() && declared != "bool") throw bad("a " + declared);
    return v.get<bool>();
  }
  if (v.is_number()) {
    if (want_double || !integral(v)) {
      if (!declared.empty() && declared != "double") throw bad("a " + declared);
      return v.get<double>();
    }
    if (!declared.empty() && declared != "integer") throw bad("a " + declared);
    return v.get<int64_t>();
  }
  if (v.is_string()) {
    if (!declared.empty() && declared != "string") throw bad("a " + declared);
    return v.get<std::string>();
  }
  if (v.is_array()) {
    bool all_bool = true, all_int = true, all_num = true, all_str = true;
    for (const json& e : v) {
      all_bool &= e.is_boolean();
      all_int &= integral(e);
      all_num &= e.is_number();
      all_str &= e.is_string();
    }
    std::string type = declared;
    if (type.empty()) {
      type = v.empty() ? "string_array"
             : all_bool ? "bool_array"
             : (all_num && (want_double_array || !all_int)) ? "double_array"
             : all_int  ? "integer_array"
             : all_str  ? "string_array"
                        : "";
    }
    if (type == "bool_array" && all_bool) return v.get<std::vector<bool>>();
    if (type == "integer_array" && all_int) return v.get<std::vector<int64_t>>();
    if (type == "double_array" && all_num) return v.get<std::vector<double>>();
    if (type == "string_array" && all_str) return v.get<std::vector<std::string>>();
    throw bad(type.empty() ? "an array of one type" : "a " + type);
  }
  throw bad(declared.empty() ? "a bool, number, string or array" : "a " + declared);
}

ParameterBridge::ParameterBridge(dmxp::rt::Node& node, std::chrono::nanoseconds timeout)
    : node_(node), timeout_(timeout), thread_([this] { run(); }) {}

ParameterBridge::~ParameterBridge() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    jobs_.clear();
  }
  cv_.notify_all();
  thread_.join();
}

void ParameterBridge::get(std::vector<std::string> names, Done done) {
  std::lock_guard lock(mu_);
  jobs_.push_back([this, names = std::move(names), done = std::move(done)] {
    ParameterReply r;
    get_now(names, r);
    done(std::move(r));
  });
  cv_.notify_one();
}

void ParameterBridge::set(json parameters, Done done) {
  std::lock_guard lock(mu_);
  jobs_.push_back([this, parameters = std::move(parameters), done = std::move(done)] {
    ParameterReply r;
    set_now(parameters, r);
    done(std::move(r));
  });
  cv_.notify_one();
}

void ParameterBridge::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
      if (stop_) break;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
  clients_.clear();
}

dmxp::rt::ParameterClient& ParameterBridge::client(const std::string& node) {
  auto& c = clients_[node];
  if (!c) c = std::make_unique<dmxp::rt::ParameterClient>(node_, node);
  return *c;
}

std::vector<std::string> ParameterBridge::nodes_with_parameters() {
  std::set<std::string> nodes;
  auto graph = dmxp::rt::GraphRegistry::open(node_.domain());
  if (!graph) return {};
  const std::string suffix = kServiceSuffix;
  for (const auto& ep : graph.value()->snapshot().endpoints)
    if (ep.kind == dmxp::rt::EndpointKind::ServiceServer && ep.name.size() > suffix.size() &&
        ep.name.compare(ep.name.size() - suffix.size(), suffix.size(), suffix) == 0)
      nodes.insert(ep.name.substr(0, ep.name.size() - suffix.size()));
  return {nodes.begin(), nodes.end()};
}

void ParameterBridge::get_now(const std::vector<std::string>& names, ParameterReply& reply) {
  if (names.empty()) {
    for (const std::string& node : nodes_with_parameters()) {
      auto list = client(node).list(timeout_);
      if (!list) {
        reply.errors.push_back("parameters of " + node + ": " + list.error().what());
        continue;
      }
      for (const auto& p : list.value()) reply.parameters.push_back(parameter_json(node + "." + p.name, p.value));
    }
    return;
  }
  for (const std::string& full : names) {
    std::string node, name;
    if (!split_name(full, &node, &name)) {
      reply.errors.push_back("parameter '" + full + "': expected /node/name.parameter");
      continue;
    }
    auto v = client(node).get(name, timeout_);
    if (!v) {
      reply.errors.push_back("parameter '" + full + "': " + v.error().what());
      continue;
    }
    reply.parameters.push_back(parameter_json(full, v.value()));
  }
}

void ParameterBridge::set_now(const json& parameters, ParameterReply& reply) {
  if (!parameters.is_array()) {
    reply.errors.push_back("setParameters: \"parameters\" must be an array");
    return;
  }
  for (const json& p : parameters) {
    std::string full = p.is_object() && p.contains("name") && p["name"].is_string() ? p["name"].get<std::string>() : "";
    std::string node, name;
    if (!split_name(full, &node, &name)) {
      reply.errors.push_back("setParameters: parameter '" + full + "': expected /node/name.parameter");
      continue;
    }
    dmxp::rt::ParameterClient& c = client(node);
    std::string declared;
    if (auto list = c.list(timeout_))
      for (const auto& rp : list.value())
        if (rp.name == name) declared = rp.type;
    try {
      ParameterValue v = parameter_from_json(p, declared);
      if (auto s = c.set(name, v, timeout_); !s) {
        reply.errors.push_back("setParameters: parameter '" + full + "': " + s.error().what());
        continue;
      }
    } catch (const std::exception& e) {
      reply.errors.push_back(std::string("setParameters: ") + e.what());
      continue;
    }
    auto now = c.get(name, timeout_);
    if (now) reply.parameters.push_back(parameter_json(full, now.value()));
    else reply.errors.push_back("parameter '" + full + "': " + now.error().what());
  }
}

}  // namespace dmxp::foxglove
