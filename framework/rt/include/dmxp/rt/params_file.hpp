// params_file.hpp - ROS 2 parameter files:
//
//   /robot/lidar:            # a full node name; "lidar:" is /lidar (ROS 2: the root
//                            # namespace); /** every node; * one token, ** any (/robot/*);
//                            # namespaces may be nesting levels (robot: {lidar: {...}})
//     ros__parameters:
//       rate_hz: 20.0
//       frame_id: laser
//       limits: {min: 0.1, max: 30.0}   # nested maps flatten to limits.min, limits.max
#pragma once

#include <string>
#include <vector>

#include "dmxp/rt/arguments.hpp"

namespace dmxp::rt {

// DMXP_ERR_INVALID_ARGUMENT naming the file (and line) on a read or format error.
Result<std::vector<ParameterOverride>> load_params_file(const std::string& path);
Result<std::vector<ParameterOverride>> parse_params_yaml(const std::string& text,
                                                         const std::string& origin);

}  // namespace dmxp::rt
