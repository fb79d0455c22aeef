// fuzz_types.hpp - the standard types the CDR fuzz target decodes into (selected by the
// input's first byte) and its seed generator encodes: strings, nested strings, sequences of
// primitives, strings and messages, fixed arrays, bools, an empty message. Kept to types of
// at most ~1 MB so that each execution stays fast.
#pragma once

#include <string_view>

#include <geometry_msgs/msg/PoseArray.hpp>
#include <geometry_msgs/msg/TransformStamped.hpp>
#include <nav_msgs/msg/Odometry.hpp>
#include <nav_msgs/msg/Path.hpp>
#include <sensor_msgs/msg/CameraInfo.hpp>
#include <sensor_msgs/msg/Imu.hpp>
#include <sensor_msgs/msg/JointState.hpp>
#include <sensor_msgs/msg/LaserScan.hpp>
#include <std_msgs/msg/Empty.hpp>
#include <std_msgs/msg/Float64MultiArray.hpp>
#include <std_msgs/msg/String.hpp>
#include <std_srvs/srv/SetBool_Response.hpp>

namespace cdr_fuzz {

inline constexpr std::string_view kDescriptors[] = {
    std_msgs::msg::String::kDescriptor,        nav_msgs::msg::Odometry::kDescriptor,
    sensor_msgs::msg::LaserScan::kDescriptor,  sensor_msgs::msg::JointState::kDescriptor,
    nav_msgs::msg::Path::kDescriptor,          sensor_msgs::msg::CameraInfo::kDescriptor,
    sensor_msgs::msg::Imu::kDescriptor,        geometry_msgs::msg::PoseArray::kDescriptor,
    geometry_msgs::msg::TransformStamped::kDescriptor, std_msgs::msg::Float64MultiArray::kDescriptor,
    std_msgs::msg::Empty::kDescriptor,         std_srvs::srv::SetBool_Response::kDescriptor,
};
inline constexpr size_t kTypes = sizeof(kDescriptors) / sizeof(kDescriptors[0]);

// First byte kTypes or above: the input is a descriptor, a NUL byte, then CDR.
inline constexpr unsigned char kHostileDescriptor = 0xff;

}  // namespace cdr_fuzz
