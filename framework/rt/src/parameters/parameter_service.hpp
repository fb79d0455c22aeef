// parameter_service.hpp - the "~/_parameters" service of every node: GET, SET and LIST over
// dmxp_rt_msgs/ParameterRequest and ParameterResponse (values as YAML text).
#pragma once

#include <dmxp_rt_msgs/msg/ParameterRequest.hpp>
#include <dmxp_rt_msgs/msg/ParameterResponse.hpp>

#include "dmxp/rt/node.hpp"

namespace dmxp::rt::detail {

inline constexpr const char* kParameterService = "~/_parameters";
inline constexpr uint32_t kParameterPage = 16;  // entries per LIST response

Result<Service<dmxp_rt_msgs::msg::ParameterRequest, dmxp_rt_msgs::msg::ParameterResponse>>
start_parameter_service(Node& node);

// Fills a response entry; false when a text does not fit its field.
bool fill_entry(dmxp_rt_msgs::msg::ParameterEntry& e, const ParameterInfo& info);

}  // namespace dmxp::rt::detail
