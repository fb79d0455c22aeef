// type_hash.hpp - a type's identity as ROS 2 sees it: its type description (REP-2011: the
// type and every type it references, field by field with ROS 2's FieldType ids, capacities
// and string bounds) and the RIHS01 hash of it (REP-2016), computed exactly as ROS 2's own
// generator does (rosidl_generator_type_description, calculate_type_hash): default values
// removed, referenced types sorted by name, then Python's json.dumps with separators ', '
// and ': ', ASCII escaping, keys in the order below, and SHA-256 of that text:
//
//   {"type_description": {"type_name": "std_msgs/msg/String", "fields": [{"name": "data",
//    "type": {"type_id": 17, "capacity": 0, "string_capacity": 0, "nested_type_name": ""}}]},
//    "referenced_type_descriptions": []}
//
// DMXP's capacities for unbounded types do not appear: `float32[] # @capacity 360` is ROS 2's
// float32[] (capacity 0), a plain `string` is ROS 2's string; only sizes written in the type
// (T[N], T[<=N], string<=N) do. A message without fields gets ROS 2's one uint8 member
// structure_needs_at_least_one_member. A bridge announces the hash so ROS 2 peers match.
#pragma once

#include <string>

#include "model.hpp"

namespace dmxp::msgc {

// "pkg/msg/Type" (a service part keeps its "pkg/srv/S_Request").
std::string ros2_type_name(const model::Message& m);
// The JSON text that is hashed (for tests and for reading).
std::string ros2_hashed_description(const model::Message& m);
// "RIHS01_" and the SHA-256 of ros2_hashed_description(m) in hex.
std::string ros2_type_hash(const model::Message& m);

// A service, from its two parts: ROS 2 describes it as request_message, response_message and
// a synthesized <S>_Event (service_msgs/msg/ServiceEventInfo info, request and response as
// sequences of at most one), so those types are part of its description too.
std::string ros2_service_type_name(const model::Message& request);  // "pkg/srv/S"
std::string ros2_service_hashed_description(const model::Message& request, const model::Message& response);
std::string ros2_service_type_hash(const model::Message& request, const model::Message& response);

}  // namespace dmxp::msgc
