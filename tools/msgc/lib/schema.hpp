// schema.hpp - the normalized definition of a message type, and its fingerprint.
//
// The schema text is what identifies a type on a channel: the type, then one line per
// constant and per field with every capacity written out, then the same for each message
// type it uses (directly or not), sorted by name. Comments, spacing, default values and how
// a capacity was given (annotation, package default, command line) do not appear, so they
// never change it; any field name, type, order, capacity or constant does. For
// geometry_msgs/PoseStamped:
//
//   dmxp.msg/1 geometry_msgs/PoseStamped
//   std_msgs/Header header
//   geometry_msgs/Pose pose
//   === builtin_interfaces/Time
//   int32 sec
//   uint32 nanosec
//   === geometry_msgs/Point
//   ...
//
// fingerprint = FNV-1a 64 of the schema text (dmxp/msg/fingerprint.hpp).
#pragma once

#include <string>

#include "model.hpp"

namespace dmxp::msgc {

// float64 | string<=C | pkg/Type
std::string element_text(const model::Element& e);
// element_text plus [N] or [<=N]
std::string declaration_text(const model::Field& f);
// Constants then fields of m, one line each, without the first line.
std::string schema_body(const model::Message& m);
// Sets m.schema and m.fingerprint (every type m uses must have its schema already).
void compute_schema(model::Message& m);

}  // namespace dmxp::msgc
