// launch_graph.hpp - the graph after expansion (args bound, substitutions done, includes and
// groups flattened, conditions applied) and resolution (executables, libraries, parameter
// files and message types found). Validation and the supervisor read only this.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "diagnostics.hpp"
#include "dmxp/dmxp.h"

namespace dmxp::launch {

using StringPairs = std::vector<std::pair<std::string, std::string>>;

// How the supervisor treats one process.
// The value of an env entry that removes the variable (ROS 2's unset_env): a value no
// variable can have, since the environment cannot carry a NUL byte.
inline const std::string kUnsetEnvValue(1, '\0');

struct ProcessPolicy {
  bool respawn = false;
  double respawn_delay = 1.0;      // seconds before the first restart
  double respawn_backoff = 2.0;    // the delay is multiplied by this after each restart
  double respawn_max_delay = 30.0;
  int respawn_max = -1;            // restarts allowed; -1 unlimited
  bool required = false;           // its exit shuts the graph down
  double stop_timeout = 5.0;       // SIGINT, then this long, then SIGTERM
  double kill_timeout = 2.0;       // SIGTERM, then this long, then SIGKILL
  bool log_file = false;           // output to <log dir>/<name>.log instead of the screen
};

struct ProcessCommon {
  Mark mark;
  // Applied over the launcher's environment, in order; a value kUnsetEnvValue removes the
  // variable (unset_env).
  StringPairs env;
  std::vector<std::string> args;
  std::string cwd;                 // empty: the launcher's
  ProcessPolicy policy;
  // launch-prefix: a command the program runs under ("gdb -ex run --args", "taskset -c 0"),
  // its first word resolved like an exec (resolve.cpp); empty: none.
  std::vector<std::string> launch_prefix;
  Mark prefix_mark;
};

struct LaunchNode : ProcessCommon {
  std::string name, ns, full_name;
  std::string exec, pkg;           // as written
  std::string exec_path;           // resolved program (executables)
  Mark exec_mark;                  // where exec (or the component) was written
  std::string container, library, class_name;  // components
  StringPairs params;              // name, YAML value text
  std::vector<std::string> param_files;        // absolute paths
  StringPairs remaps;              // node rules first, then the enclosing groups'
  std::string ready_topic;         // resolved; empty: no readiness check
  double ready_timeout = 10.0;
  bool lifecycle = false;          // managed: the launcher drives its lifecycle
  bool plain = false;              // a ROS 2 `executable`: started without ROS arguments
  bool is_component() const { return !container.empty(); }
};

struct LaunchContainer : ProcessCommon {
  std::string name, ns, full_name;
  unsigned threads = 1;
  bool busy_poll = false;
  std::string exec_path;           // dmxp-container
};

struct LaunchTopic {
  Mark mark;
  std::string name;                // resolved
  std::string type;                // "sensor_msgs/LaserScan"; empty: untyped
  uint32_t capacity = 0;           // 0: whatever the first endpoint picks
  uint32_t slot_size = 0;
  dmxp_mode mode = DMXP_MODE_BROADCAST;
  dmxp_backpressure backpressure = DMXP_RELIABLE;
  std::string descriptor_path;     // the type's layout descriptor (resolve.cpp)
  std::string descriptor;          // its bytes
  uint64_t fingerprint = 0;
};

// How the launcher drives the managed nodes (lifecycle: true): with autostart, once every
// process started, it configures them all, then activates them all, in start order; when it
// stops, it deactivates, cleans up and shuts them down (reverse order) before the processes.
struct LifecycleSettings {
  bool autostart = true;
  double timeout = 10.0;           // seconds for each service call (a transition's callback included)
};

struct LaunchGraph {
  LifecycleSettings lifecycle;
  std::vector<LaunchNode> nodes;   // start order
  std::vector<LaunchContainer> containers;
  std::vector<LaunchTopic> topics;
};

}  // namespace dmxp::launch
