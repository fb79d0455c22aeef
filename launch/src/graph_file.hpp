// graph_file.hpp - a graph file as parsed: the first stage's output (parse_graph.cpp for the
// DMXP format, parse_ros2.cpp for ROS 2 YAML launch files; both produce this).
//
// Scalars keep their text and place: substitutions ($(arg x), $(env X d), $(dirname)) and
// conversions to numbers or booleans happen when the file is expanded (expand.cpp), so an
// error there still points at the file, line and column the value came from.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "diagnostics.hpp"

namespace dmxp::launch {

struct Scalar {
  std::string text;
  Mark mark;
  bool set = false;
};

struct ArgDecl {
  Scalar name, default_value, description;
};

struct RemapDecl {
  Scalar from, to;
};

// A parameter given inline: name (dotted for nested maps) and its YAML value, whose string
// scalars may hold substitutions.
struct ParamDecl {
  Scalar name;
  YAML::Node value;
};

struct EnvDecl {
  Scalar name, value;
};

// What both executables and container processes have.
struct ProcessDecl {
  Mark mark;
  std::vector<EnvDecl> env;
  std::vector<Scalar> args;     // extra command-line arguments
  Scalar cwd;
  Scalar respawn;               // bool
  Scalar respawn_delay;         // seconds before the first restart
  Scalar respawn_backoff;       // factor applied to the delay after each restart
  Scalar respawn_max_delay;     // the delay stops growing here
  Scalar respawn_max;           // restarts allowed (-1: unlimited)
  Scalar required;              // bool: its exit shuts the whole graph down
  Scalar stop_timeout;          // seconds after SIGINT before SIGTERM
  Scalar kill_timeout;          // seconds after SIGTERM before SIGKILL
  Scalar output;                // "screen" (default) or "log"
  Scalar launch_prefix;         // a command (split like a shell's) run with the program as its arguments
  Scalar if_cond, unless_cond;
};

struct NodeDecl : ProcessDecl {
  Scalar name, ns;
  Scalar exec;                  // a program (name on PATH or path); with pkg: the ROS 2 lookup
  Scalar pkg;                   // with a component: the package whose component index names `class_name`
  Scalar container, library, class_name;  // a component instead of an executable
  bool plain = false;           // a ROS 2 `executable`: a program that gets no ROS arguments
  std::vector<ParamDecl> params;
  std::vector<Scalar> param_files;
  std::vector<RemapDecl> remaps;
  Scalar ready_topic;           // start the next node once this node advertises it
  Scalar ready_timeout;         // seconds
  Scalar lifecycle;             // bool: a managed node the launcher configures and activates
};

struct ContainerDecl : ProcessDecl {
  Scalar name, ns;
  Scalar threads, busy_poll;
};

struct TopicDecl {
  Mark mark;
  Scalar name, type, capacity, slot_size, delivery, reliability;
  Scalar if_cond, unless_cond;
};

struct IncludeDecl {
  Mark mark;
  Scalar file, ns;
  std::vector<std::pair<Scalar, Scalar>> args;  // name, value
  Scalar if_cond, unless_cond;
};

// A ROS 2 launch action that changes the scope for the entries after it (in its group, or
// its file): push_ros_namespace, set_remap, set_env, unset_env, let (an argument's value)
// and set_parameter (a parameter of every node started after it).
struct ScopeDecl {
  enum class Kind { PushNamespace, SetRemap, SetEnv, UnsetEnv, Let, SetParameter };
  Kind kind;
  Mark mark;
  Scalar name, value;           // namespace: value; remap: name=from, value=to
  YAML::Node param_value;       // set_parameter
};

struct GroupDecl;
// One entry of a node list, in start order.
using Item = std::variant<NodeDecl, IncludeDecl, std::shared_ptr<GroupDecl>, ContainerDecl, ScopeDecl>;

struct GroupDecl {
  Mark mark;
  Scalar scoped;                // bool, default true: what ScopeDecls inside change ends with the group
  // bool, default true. false (ROS 2's GroupAction forwarding): the group starts with no
  // arguments, namespace, remappings or set_parameters but its `keeps` (name, value).
  Scalar forwarding;
  std::vector<std::pair<Scalar, Scalar>> keeps;
  Scalar ns;
  std::vector<RemapDecl> remaps;
  std::vector<EnvDecl> env;
  Scalar if_cond, unless_cond;
  std::vector<Item> items;
};

// The graph's `lifecycle:` mapping: how the launcher drives its managed nodes.
struct LifecycleDecl {
  Mark mark;
  bool set = false;
  Scalar autostart;             // bool: configure and activate them once every process started
  Scalar timeout;               // seconds for each lifecycle service call
};

struct GraphFile {
  std::string path;  // as opened
  // ROS 2 launch files infer parameter types from the text, quoted or not ("1.0" is a double
  // there); in DMXP graph files a quoted value is a string.
  bool ros2 = false;
  std::vector<ArgDecl> args;
  std::vector<EnvDecl> env;  // for every process of the file (and what it includes)
  std::vector<TopicDecl> topics;
  std::vector<ContainerDecl> containers;
  std::vector<Item> items;
  LifecycleDecl lifecycle;
};

}  // namespace dmxp::launch
