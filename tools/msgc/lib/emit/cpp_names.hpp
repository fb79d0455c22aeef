// cpp_names.hpp - how model types and values are spelled in generated C++ (shared by the
// C++ emitter and its Eigen part).
#pragma once

#include <string>

#include "../model.hpp"

namespace dmxp::msgc::cpp {

std::string header_path(const model::Message& m);    // "geometry_msgs/msg/Pose.hpp"
std::string qualified_name(const model::Message& m); // "::geometry_msgs::msg::Pose"
// The service struct's header, from either part of the service: "std_srvs/srv/Trigger.hpp"
// ("pkg/action/Fibonacci_SendGoal.hpp" for an action's services).
std::string service_header_path(const model::Message& part);
// The action struct's header, from any type of the action: "pkg/action/Fibonacci.hpp".
std::string action_header_path(const model::Message& part);
std::string element_type(const model::Element& e);  // "double", "::dmxp::msg::BoundedString<64>"
std::string field_type(const model::Field& f);       // with std::array / BoundedSequence
std::string literal(const model::Value& v, const model::Element& e);

}  // namespace dmxp::msgc::cpp
