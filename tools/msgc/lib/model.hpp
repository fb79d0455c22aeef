// model.hpp - a message type after resolution and layout: what every emitter reads.
// Names are resolved to primitives or other Messages, every capacity is known, and every
// field has its offset and size in the fixed layout (docs/messages.md, "Layout"):
//
//   - primitives: natural alignment (size = alignment), little-endian; bool is one byte 0/1
//   - string with capacity C:      uint32 size, C bytes              align 4
//   - T[N]:                        N elements back to back            align of T
//   - T[<=N] (and T[] given N):    uint32 size [+ 4 reserved when T is 8-aligned], N elements
//                                                                     align max(4, align of T)
//   - message: fields in order, each at the next multiple of its alignment; the size is
//     rounded up to the largest alignment (an empty message is one reserved byte)
// Every padding byte is explicit in generated code and zero when constructed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "primitives.hpp"
#include "source.hpp"

namespace dmxp::msgc::model {

struct Message;

enum class ElemKind { Primitive, String, Message };

// One element: a field's type without its array suffix.
struct Element {
  ElemKind kind = ElemKind::Primitive;
  Prim prim = Prim::UInt8;            // Primitive
  uint32_t string_capacity = 0;       // String: bytes
  bool string_bounded = false;        // String: written string<=N
  const Message* message = nullptr;   // Message
  uint64_t size = 0, align = 1;
};

enum class ArrayKind { None, Fixed, Bounded };

// A constant or default value after checking it against its type.
struct Value {
  enum class Kind { Bool, Int, UInt, Float, String } kind = Kind::Int;
  bool b = false;
  int64_t i = 0;
  uint64_t u = 0;
  double f = 0;
  std::string s;
};

struct Field {
  std::string name;
  std::string doc;
  Element elem;
  ArrayKind array = ArrayKind::None;
  uint32_t count = 0;               // Fixed: N; Bounded: capacity
  bool declared_unbounded = false;  // written T[] (or plain string): capacity came from
                                    // an annotation or a default
  uint64_t offset = 0, size = 0, align = 1;
  uint64_t data_offset = 0;         // from the field start: where element 0 (a string's first
                                    // byte) lies; the uint32 size, when any, is at 0
  bool has_default = false;
  std::vector<Value> default_values;  // one unless an array
  std::optional<std::pair<uint32_t, uint32_t>> shape;  // @shape of a fixed float array
  SourceLoc loc;
};

struct Constant {
  std::string name;
  std::string doc;
  Element elem;  // Primitive or String
  Value value;
};

struct Padding {
  uint64_t offset, size;  // a run of padding bytes before field `before` (fields.size(): tail)
  size_t before;
};

struct Message {
  std::string package, name;
  // The interface folder: "msg", or "srv" for the request and response of a .srv file, which
  // are ordinary messages <Service>_Request and <Service>_Response otherwise.
  std::string folder = "msg";
  // "action" for the types of a .action file: its goal, result and feedback, and the types
  // ROS 2 derives from them (action_types.hpp).
  std::string service;  // a service part: the service's name ("AddTwoInts", "Fibonacci_SendGoal")
  std::string action;   // a type of an action: the action's name ("Fibonacci"); "" otherwise
  // A service part: both parts of its service (set once both resolved), for what describes
  // the service as a whole (its ROS 2 type hash, type_hash.hpp).
  const Message* service_request = nullptr;
  const Message* service_response = nullptr;
  // "geometry_msgs/Pose"; a service part or an action's type as ROS 2 names it,
  // "std_srvs/srv/SetBool_Request", "example_interfaces/action/Fibonacci_Goal".
  std::string full_name() const {
    return folder == "msg" ? package + "/" + name : package + "/" + folder + "/" + name;
  }
  std::string doc;
  std::string path;  // the .msg file
  std::vector<Field> fields;
  std::vector<Constant> constants;
  std::vector<Padding> padding;
  uint64_t size = 0, align = 1;
  std::vector<const Message*> uses;  // message types of fields, each once, in field order
  std::string schema;                // normalized definition (schema.hpp)
  uint64_t fingerprint = 0;          // FNV-1a 64 of schema
};

// Every message type m uses, directly or not, each once, sorted by full name.
std::vector<const Message*> dependencies(const Message& m);

}  // namespace dmxp::msgc::model
