// ast.hpp - a .msg file as written, before any name is resolved or any byte laid out.
// The parser (parser.hpp) builds it; the resolver (resolver.hpp) turns it into the model
// (model.hpp) that emitters read. Every node keeps its place for diagnostics.
//
//   # A point with a name.                       MessageDecl.doc
//   int32 MAX_LEN=16                             ConstantDecl {type int32, value 16}
//   geometry_msgs/Point p                        FieldDecl {type {package, name}}
//   string<=16[<=4] tags ["a", "b"]  # labels    FieldDecl {string_bound 16, Bounded 4,
//                                                           default list, doc "labels"}
//   uint8[] data  # @capacity 1024               FieldDecl {Unbounded, annotations.capacity}
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "source.hpp"
#include "tokenizer.hpp"

namespace dmxp::msgc::ast {

enum class ArraySuffix {
  None,       // T
  Fixed,      // T[N]
  Bounded,    // T[<=N]
  Unbounded,  // T[]   (its capacity comes from an annotation or a default)
};

struct TypeSpec {
  std::string package;                   // "" when written without one
  std::string name;                      // "int32", "string", "Point", "Header", "time"
  std::optional<uint64_t> string_bound;  // string<=N
  ArraySuffix array = ArraySuffix::None;
  uint64_t array_size = 0;               // N of T[N] and T[<=N]
  SourceLoc loc;                         // the whole type, suffixes included
  SourceLoc base_loc;                    // package/name only
};

// One literal of a constant or default value. String text is unescaped already.
struct Literal {
  Tok kind = Tok::Integer;  // Ident (true, false), Integer, Float or String
  std::string text;
  SourceLoc loc;
};

struct Value {
  bool is_list = false;           // [a, b, c]
  std::vector<Literal> items;     // one item unless is_list
  SourceLoc loc;
};

// Settings written in a field's trailing comment, after '@' (see docs/messages.md):
//   @capacity N          elements of T[] (bytes of a plain string)
//   @string-capacity N   bytes of each string of string[...] / string[]
//   @shape RxC           the Eigen matrix shape of a fixed float array
struct Annotations {
  std::optional<uint64_t> capacity;
  std::optional<uint64_t> string_capacity;
  std::optional<std::pair<uint32_t, uint32_t>> shape;
  SourceLoc capacity_loc, string_capacity_loc, shape_loc;
};

struct FieldDecl {
  TypeSpec type;
  std::string name;
  SourceLoc name_loc;
  std::optional<Value> default_value;
  Annotations annotations;
  std::string doc;  // comment lines right above and the trailing comment, '#' removed
};

struct ConstantDecl {
  TypeSpec type;
  std::string name;
  SourceLoc name_loc;
  Value value;
  std::string doc;
};

struct MessageDecl {
  std::string package;  // the folder above msg/ (srv/)
  std::string name;     // the file name without .msg; <Service>_Request/_Response for a .srv,
                        // <Action>_Goal, _Result, _Feedback, ... for a .action
  std::string folder = "msg";  // "srv": one part of a service (parser.hpp, parse_service);
                               // "action": one type of an action (parse_action, action_types.hpp)
  std::string service;         // a service part: the service's name (the .srv file name, or
                               // <Action>_SendGoal / <Action>_GetResult for an action's)
  std::string action;          // a type of an action: the action's name (the .action file name)
  std::shared_ptr<const SourceFile> source;
  std::string doc;      // the comment block at the top of the file
  std::vector<FieldDecl> fields;
  std::vector<ConstantDecl> constants;
  std::string full_name() const {  // as model::Message::full_name()
    return folder == "msg" ? package + "/" + name : package + "/" + folder + "/" + name;
  }
};

}  // namespace dmxp::msgc::ast
