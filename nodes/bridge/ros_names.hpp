// ros_names.hpp - how ROS 2 names things on DDS, and the bridge's topic patterns.
//
//   topic   "/robot/odom"          <-> DDS topic "rt/robot/odom"
//   type    "nav_msgs/Odometry"    ->  DDS type  "nav_msgs::msg::dds_::Odometry_"
//           "nav_msgs/msg/Odometry" (ROS 2 spelling) maps to the same DDS type
//   USER_DATA of an endpoint: "typehash=RIHS01_<64 hex>;" (REP-2016)
//
// Pure functions: no DDS, no DMXP; unit-tested in tests/bridge/ros_names_test.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dmxp_bridge {

// "/a/b" -> "rt/a/b". The input must be an absolute ROS name.
std::string dds_topic_name(std::string_view ros_topic);
// "rt/a/b" -> "/a/b"; nullopt for DDS topics that are not ROS topics (no "rt/" prefix:
// services "rq/"/"rr/", "ros_discovery_info", other DDS applications' topics).
std::optional<std::string> ros_topic_name(std::string_view dds_topic);

// "pkg/T" or "pkg/msg/T" -> "pkg::msg::dds_::T_"; nullopt for anything else.
std::optional<std::string> dds_type_name(std::string_view type);
// "pkg::msg::dds_::T_" -> "pkg/msg/T" (the ROS 2 spelling); nullopt for non-ROS types.
std::optional<std::string> ros_type_name(std::string_view dds_type);
// "pkg/msg/T" or "pkg/T" -> "pkg/T" (DMXP's spelling: the channel's type name).
std::string dmxp_type_name(std::string_view type);

// "typehash=<hash>;" ("" for an empty hash: the key is then left out). Nothing else may go
// into an endpoint's USER_DATA: rmw_fastrtps (Jazzy) reports the hash of an endpoint whose
// USER_DATA holds any other key as INVALID (checked against rclpy 7.1.6).
std::string type_hash_user_data(std::string_view rihs01_hash);
// The value of "typehash=" in an endpoint's USER_DATA ("key=value;" pairs), "" if absent.
std::string type_hash_from_user_data(std::string_view user_data);

// Topic patterns (the bridge's allow lists): '*' matches any run of characters except '/',
// '**' any run including '/', '?' one character except '/'; everything else literally.
//   "/robot/*" matches "/robot/odom", not "/robot/arm/joints"; "/robot/**" matches both.
bool glob_match(std::string_view pattern, std::string_view name);
bool matches_any(const std::vector<std::string>& patterns, std::string_view name);

}  // namespace dmxp_bridge
