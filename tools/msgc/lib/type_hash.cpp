#include "type_hash.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include "sha256.hpp"

namespace dmxp::msgc {
namespace {

// type_description_interfaces/msg/FieldType: the element's id, plus 48 for T[N], 96 for
// T[<=N] and 144 for T[]. .msg char is uint8 and byte is octet in ROS 2's IDL.
enum : uint32_t { kNested = 1, kString = 17, kBoundedString = 21 };
enum : uint32_t { kArray = 48, kBoundedSequence = 96, kUnboundedSequence = 144 };

uint32_t primitive_id(Prim p) {
  switch (p) {
    case Prim::Int8: return 2;
    case Prim::UInt8: return 3;
    case Prim::Char: return 3;
    case Prim::Int16: return 4;
    case Prim::UInt16: return 5;
    case Prim::Int32: return 6;
    case Prim::UInt32: return 7;
    case Prim::Int64: return 8;
    case Prim::UInt64: return 9;
    case Prim::Float32: return 10;
    case Prim::Float64: return 11;
    case Prim::Bool: return 15;
    case Prim::Byte: return 16;
  }
  return 0;
}

struct FieldType {
  uint32_t type_id = 0;
  uint64_t capacity = 0, string_capacity = 0;
  std::string nested_type_name;
};

struct FieldDescription {
  std::string name;
  FieldType type;
};

// One type without the types it references (IndividualTypeDescription).
struct Individual {
  std::string type_name;
  std::vector<FieldDescription> fields;
  std::vector<std::string> references;  // nested type names, for the closure
};

FieldType field_type(const model::Field& f) {
  FieldType t;
  const model::Element& e = f.elem;
  switch (e.kind) {
    case model::ElemKind::Primitive: t.type_id = primitive_id(e.prim); break;
    case model::ElemKind::String:
      t.type_id = e.string_bounded ? kBoundedString : kString;
      if (e.string_bounded) t.string_capacity = e.string_capacity;
      break;
    case model::ElemKind::Message:
      t.type_id = kNested;
      t.nested_type_name = ros2_type_name(*e.message);
      break;
  }
  switch (f.array) {
    case model::ArrayKind::None: break;
    case model::ArrayKind::Fixed:
      t.type_id += kArray;
      t.capacity = f.count;
      break;
    case model::ArrayKind::Bounded:
      if (f.declared_unbounded) {
        t.type_id += kUnboundedSequence;  // T[]: DMXP's capacity is not part of the ROS type
      } else {
        t.type_id += kBoundedSequence;
        t.capacity = f.count;
      }
      break;
  }
  return t;
}

Individual individual(const model::Message& m) {
  Individual d;
  d.type_name = ros2_type_name(m);
  for (const model::Field& f : m.fields) {
    d.fields.push_back({f.name, field_type(f)});
    if (f.elem.kind == model::ElemKind::Message) d.references.push_back(ros2_type_name(*f.elem.message));
  }
  if (d.fields.empty()) d.fields.push_back({"structure_needs_at_least_one_member", {3, 0, 0, ""}});
  return d;
}

// Python's json.dumps(ensure_ascii=True) of a string.
std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || c >= 0x7f) {  // names are ASCII identifiers; escape anything else
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(c));
          out += buf;
        } else {
          out += char(c);
        }
    }
  }
  return out + "\"";
}

std::string json_individual(const Individual& d) {
  std::string s = "{\"type_name\": " + json_string(d.type_name) + ", \"fields\": [";
  for (size_t i = 0; i < d.fields.size(); ++i) {
    const FieldDescription& f = d.fields[i];
    s += (i ? ", " : "") + std::string("{\"name\": ") + json_string(f.name) +
         ", \"type\": {\"type_id\": " + std::to_string(f.type.type_id) +
         ", \"capacity\": " + std::to_string(f.type.capacity) +
         ", \"string_capacity\": " + std::to_string(f.type.string_capacity) +
         ", \"nested_type_name\": " + json_string(f.type.nested_type_name) + "}}";
  }
  return s + "]}";
}

// The top type and, sorted by name, every type it references directly or not.
std::string json_full(const std::string& top, const std::map<std::string, Individual>& all) {
  std::vector<std::string> todo = all.at(top).references, refs;
  while (!todo.empty()) {
    std::string t = todo.back();
    todo.pop_back();
    if (std::find(refs.begin(), refs.end(), t) != refs.end()) continue;
    refs.push_back(t);
    for (const std::string& r : all.at(t).references) todo.push_back(r);
  }
  std::sort(refs.begin(), refs.end());
  std::string s = "{\"type_description\": " + json_individual(all.at(top)) +
                  ", \"referenced_type_descriptions\": [";
  for (size_t i = 0; i < refs.size(); ++i) s += (i ? ", " : "") + json_individual(all.at(refs[i]));
  return s + "]}";
}

void add_with_dependencies(const model::Message& m, std::map<std::string, Individual>& all) {
  all.emplace(ros2_type_name(m), individual(m));
  for (const model::Message* d : model::dependencies(m)) all.emplace(ros2_type_name(*d), individual(*d));
}

FieldDescription nested_field(const std::string& name, const std::string& type, uint32_t sequence = 0,
                              uint64_t capacity = 0) {
  return {name, {kNested + sequence, capacity, 0, type}};
}

}  // namespace

std::string ros2_type_name(const model::Message& m) {
  return m.package + "/" + m.folder + "/" + m.name;
}

std::string ros2_hashed_description(const model::Message& m) {
  std::map<std::string, Individual> all;
  add_with_dependencies(m, all);
  return json_full(ros2_type_name(m), all);
}

std::string ros2_type_hash(const model::Message& m) {
  return "RIHS01_" + sha256_hex(ros2_hashed_description(m));
}

std::string ros2_service_type_name(const model::Message& request) {
  return request.package + "/srv/" + request.service;
}

std::string ros2_service_hashed_description(const model::Message& request, const model::Message& response) {
  std::map<std::string, Individual> all;
  add_with_dependencies(request, all);
  add_with_dependencies(response, all);
  std::string service = ros2_service_type_name(request);
  std::string req = ros2_type_name(request), resp = ros2_type_name(response);
  std::string event = service + "_Event", info = "service_msgs/msg/ServiceEventInfo";
  std::string time = "builtin_interfaces/msg/Time";
  all[service] = {service,
                  {nested_field("request_message", req), nested_field("response_message", resp),
                   nested_field("event_message", event)},
                  {req, resp, event}};
  all[event] = {event,
                {nested_field("info", info), nested_field("request", req, kBoundedSequence, 1),
                 nested_field("response", resp, kBoundedSequence, 1)},
                {info, req, resp}};
  // service_msgs/msg/ServiceEventInfo and builtin_interfaces/msg/Time as ROS 2 defines them.
  all[info] = {info,
               {{"event_type", {3, 0, 0, ""}},
                nested_field("stamp", time),
                {"client_gid", {3 + kArray, 16, 0, ""}},
                {"sequence_number", {8, 0, 0, ""}}},
               {time}};
  all.emplace(time, Individual{time, {{"sec", {6, 0, 0, ""}}, {"nanosec", {7, 0, 0, ""}}}, {}});
  return json_full(service, all);
}

std::string ros2_service_type_hash(const model::Message& request, const model::Message& response) {
  return "RIHS01_" + sha256_hex(ros2_service_hashed_description(request, response));
}

}  // namespace dmxp::msgc
