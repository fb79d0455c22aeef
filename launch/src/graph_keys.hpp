// graph_keys.hpp - the keys each mapping of the DMXP graph format may have. parse_graph.cpp
// reads every mapping against one of these lists (any other key is an error), and each list
// names the object of launch/schema/graph.schema.json that describes the same mapping (a JSON
// pointer to an object with "properties"). tests/launch/schema_keys_test.cpp checks both
// ways that the parser and the schema name the same keys, so a key added to one side only
// fails the build's tests.
#pragma once

#include <span>
#include <string_view>

namespace dmxp::launch::graph_keys {

inline constexpr const char* kGraph[] = {"args", "env", "topics", "containers", "nodes", "lifecycle"};
inline constexpr const char* kArgument[] = {"default", "description"};
inline constexpr const char* kTopic[] = {"name",     "type",        "capacity", "slot_size",
                                         "delivery", "reliability", "if",       "unless"};

// What nodes and containers share: both are processes.
#define DMXP_PROCESS_KEYS                                                                      \
  "env", "args", "cwd", "respawn", "required", "stop_timeout", "kill_timeout", "output", "if", \
      "unless"
inline constexpr const char* kContainer[] = {"name", "namespace", "threads", "busy_poll",
                                             DMXP_PROCESS_KEYS};
inline constexpr const char* kNode[] = {"name",        "namespace",   "exec",  "component", "parameters",
                                        "param_files", "remap",       "ready", "lifecycle", DMXP_PROCESS_KEYS};
#undef DMXP_PROCESS_KEYS
inline constexpr const char* kRespawn[] = {"delay", "backoff", "max_delay", "max"};
inline constexpr const char* kComponent[] = {"container", "library", "class"};
inline constexpr const char* kReady[] = {"topic", "timeout"};
inline constexpr const char* kLifecycle[] = {"autostart", "timeout"};  // the graph's lifecycle settings

// An entry of a node list is a node, or a one-key mapping holding a group or an include.
inline constexpr const char* kGroupItem[] = {"group"};
inline constexpr const char* kGroup[] = {"namespace", "remap", "env", "if", "unless", "nodes"};
inline constexpr const char* kIncludeItem[] = {"include"};
inline constexpr const char* kInclude[] = {"file", "args", "namespace", "if", "unless"};

struct Mapping {
  std::string_view schema;  // JSON pointer into graph.schema.json
  std::span<const char* const> keys;
};

inline constexpr Mapping kAll[] = {
    {"", kGraph},
    {"/properties/args/additionalProperties/oneOf/2", kArgument},
    {"/$defs/topic", kTopic},
    {"/$defs/container", kContainer},
    {"/$defs/node", kNode},
    {"/$defs/respawn/oneOf/1", kRespawn},
    {"/$defs/node/properties/component", kComponent},
    {"/$defs/node/properties/ready", kReady},
    {"/properties/lifecycle", kLifecycle},
    {"/$defs/group", kGroupItem},
    {"/$defs/group/properties/group", kGroup},
    {"/$defs/include", kIncludeItem},
    {"/$defs/include/properties/include", kInclude},
};

}  // namespace dmxp::launch::graph_keys
