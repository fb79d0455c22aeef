// component_wire.hpp - composition_interfaces' LoadNode request in the runtime's own types
// (what the container's load_node service hands to ComponentManager::load).
#pragma once

#include <composition_interfaces/srv/LoadNode_Request.hpp>
#include <rcl_interfaces/msg/Parameter.hpp>

#include "dmxp/rt/component_manager.hpp"

namespace dmxp::rt::detail {

// rcl_interfaces/ParameterValue -> ParameterValue. DMXP_ERR_INVALID_ARGUMENT naming the
// parameter for a type DMXP's parameters lack (byte arrays), no value, or an unknown type.
Result<Parameter> from_wire(const rcl_interfaces::msg::Parameter& p);

// rcl_interfaces/Log's levels (10 debug ... 50 fatal) as --log-level names; 0 is "" (the
// default). DMXP_ERR_INVALID_ARGUMENT for another number.
Result<std::string> log_level_name(uint8_t level);

// The whole request; errors as above, and for extra_arguments ROS 2's:
// "Extra component argument 'use_intra_process_comms' must be a boolean" (DMXP's components
// always share the process's memory, so its value changes nothing; unknown ones are ignored,
// as rclcpp_components does).
Result<ComponentRequest> from_wire(const composition_interfaces::srv::LoadNode_Request& rq);

}  // namespace dmxp::rt::detail
