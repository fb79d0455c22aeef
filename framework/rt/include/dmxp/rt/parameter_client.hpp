// parameter_client.hpp - reading and changing another node's parameters, in any process,
// through its "<node>/_parameters" service (what `dmxp param get/set/list` will use).
//
//   dmxp::rt::ParameterClient pc(my_node, "/robot/lidar");
//   dmxp::Result<dmxp::rt::ParameterValue> rate = pc.get("rate_hz", 500ms);
//   pc.set("rate_hz", 20.0, 500ms);
//
// Errors: those of Client::call (DMXP_ERR_NOT_FOUND when the node does not run or serves no
// parameters, DMXP_ERR_TIMEOUT), DMXP_ERR_NOT_FOUND for an undeclared parameter, and
// DMXP_ERR_INVALID_ARGUMENT with the node's reason when a set is refused.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "dmxp/rt/node.hpp"
#include "dmxp/rt/parameters.hpp"

namespace dmxp::rt {

struct RemoteParameter {
  std::string name;
  std::string type;   // "double", "string_array", ...
  ParameterValue value;
  std::string description;
  bool read_only = false;
};

class ParameterClient {
 public:
  // node: the caller's node (its domain is used); target: the other node's full name.
  ParameterClient(Node& node, const std::string& target_full_name);
  ~ParameterClient();

  Result<ParameterValue> get(const std::string& name, std::chrono::nanoseconds timeout);
  Status set(const std::string& name, const ParameterValue& value, std::chrono::nanoseconds timeout);
  Result<std::vector<RemoteParameter>> list(std::chrono::nanoseconds timeout);
  bool wait_for_service(std::chrono::nanoseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dmxp::rt
