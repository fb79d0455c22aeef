#include "help.hpp"

#include <map>

namespace dmxp::cli {
namespace {

const char* kTool =
    "usage: dmxp [--domain D] [--json] <group> <verb> [args]   (each verb takes --help)\n"
    "\n"
    "  topic list [-t] | info <topic> | type <topic> | find <type>\n"
    "  topic echo <topic> [--json|--csv] [--field F] [--once] [-n N] [--no-arr] [--max-array N]\n"
    "             [--filter EXPR] [--from-key K]\n"
    "  topic hz <topic> | bw <topic> | delay <topic>   [--window N] [-n N] [--duration S]\n"
    "  topic pub <topic> <type> '<yaml>' [-r RATE] [--once] [-n N] [--best-effort] [--depth N]\n"
    "  node list | info <node>\n"
    "  param list <node> | get <node> <name> | set <node> <name> <yaml value>\n"
    "  lifecycle nodes | get [<node>] | list <node> [-a] | set <node> <transition>\n"
    "  component list [<container>] | load <container> <library> <class> | unload <container> <id>... | types <library>...\n"
    "  action list [-t] | info <action> | send_goal <action> <type> '<yaml>' [--feedback]\n"
    "  tf echo <target_frame> <source_frame> [--rate HZ] [--count N] [--timeout S] | tree\n"
    "  channel list | info <name|id> | rm <name|id>... | gc [--parked]\n"
    "  doctor\n"
    "  record [-o FILE] [-a | topics...] [-n N] [--duration S] [--profile P] ...\n"
    "  play FILE [--rate R] [--loop] [--delay S] [--topics T...]\n"
    "  bag info FILE\n"
    "  pkg create <name> --cpp|--python [--node NAME] [--msg]\n"
    "\n"
    "  --domain D   domain to work in (default: $DMXP_DOMAIN, else 'default')\n"
    "  --json       machine-readable output for listing verbs\n"
    "Exit status: 0 success, 1 failure (one line on stderr), 2 usage error.\n";

const std::map<std::string, const char*>& table() {
  static const std::map<std::string, const char*> t = {
      {"", kTool},
      {"topic",
       "usage: dmxp topic <list|info|type|find|echo|hz|bw|delay|pub> ...  (dmxp topic <verb> --help)\n"},
      {"topic list",
       "usage: dmxp [--json] topic list [-t]\n"
       "  Topics of the domain: topic channels and topics the graph registry names.\n"
       "  -t   with their types\n"},
      {"topic info",
       "usage: dmxp [--json] topic info <topic>\n"
       "  Type and fingerprint, delivery mode and QoS, ring capacity and slot size, publishers\n"
       "  and subscriptions with their nodes and pids, and every consumer's lag and losses.\n"},
      {"topic type", "usage: dmxp topic type <topic>\n  Prints the topic's message type.\n"},
      {"topic find", "usage: dmxp [--json] topic find <type>\n  Topics whose type is <type> (e.g. std_msgs/Int32).\n"},
      {"topic echo",
       "usage: dmxp topic echo <topic> [options]\n"
       "  Prints messages decoded with the layout descriptor stored in the channel: YAML\n"
       "  documents separated by '---'. A passive observer: it never slows or blocks a\n"
       "  publisher, even on a reliable channel, and says when it could not keep up.\n"
       "  --json           one JSON object per line\n"
       "  --csv            a header row, then one row per message\n"
       "  --field F        only this field (e.g. header.stamp, ranges[2])\n"
       "  --once | -n N    stop after 1 | N messages\n"
       "  --no-arr         print arrays as '<array of N>'\n"
       "  --max-array N    print at most N items of each array\n"
       "  --filter EXPR    only messages where EXPR holds: data > 3 && header.frame_id == 'map'\n"
       "  --from-key K     start at the first message the ring still holds with key >= K\n"
       "                   (--from-key 1: everything retained)\n"
       "  --timeout S      give up after S seconds without a message (exit 1)\n"},
      {"topic hz",
       "usage: dmxp topic hz <topic> [--window N] [-n N] [--duration S]\n"
       "  Rate from the commit stamps in slot headers (no payload is read), with min/max/std\n"
       "  of the period over the last N messages (default 10000), printed every second.\n"
       "  -n N: stop after N messages; --duration S: after S seconds.\n"},
      {"topic bw",
       "usage: dmxp topic bw <topic> [--window N] [-n N] [--duration S]\n"
       "  Bandwidth from message sizes and commit stamps in slot headers (no payload is read).\n"},
      {"topic delay",
       "usage: dmxp topic delay <topic> [--window N] [-n N] [--duration S]\n"
       "  Delay from the message's header.stamp (or, without a header, its commit stamp) to\n"
       "  when the observer read it.\n"},
      {"topic pub",
       "usage: dmxp topic pub <topic> <type> '<yaml>' [-r RATE] [--once] [-n N]\n"
       "                      [--best-effort] [--depth N]\n"
       "  Publishes a message given in YAML (fields left out are zero). The type's layout comes\n"
       "  from the topic's channel, else from the installed .msg packages. Default: 1 Hz until\n"
       "  interrupted.\n"},
      {"node", "usage: dmxp [--json] node <list|info> ...\n"},
      {"node list", "usage: dmxp [--json] node list\n  Live nodes of the domain with their pids.\n"},
      {"node info",
       "usage: dmxp [--json] node info <node>\n  A node's publishers, subscriptions, services and clients.\n"},
      {"param",
       "usage: dmxp param list <node> | get <node> <name> | set <node> <name> <yaml value>\n"
       "  Through the node's parameter service (--timeout S, default 2).\n"},
      {"param list", "usage: dmxp [--json] param list <node>\n"},
      {"param get", "usage: dmxp [--json] param get <node> <name>\n"},
      {"param set", "usage: dmxp param set <node> <name> <yaml value>\n"},
      {"channel",
       "usage: dmxp [--json] channel list | info <name|id> | rm <name|id>... | gc [--parked]\n"
       "  channel list                 channels of the domain (name, mode, capacity, users)\n"
       "  channel info <name|id>       one channel: geometry, counters, producers, consumers\n"
       "  channel rm <name|id>...      remove channel segments (attached processes keep theirs)\n"
       "  channel gc [--parked]        remove channels no live process uses (--parked: also\n"
       "                               those holding only parked named cursors)\n"},
      {"doctor",
       "usage: dmxp [--json] doctor\n"
       "  Checks the segment directory ($DMXP_SHM_DIR, else /dev/shm: size, free space,\n"
       "  permissions), stale segments of dead processes, the clock source and the CPU\n"
       "  frequency governor. Exit 1 when a check fails.\n"},
      {"record",
       "usage: dmxp record [-o FILE] [-a | topics...] [-n N] [--duration S] [--profile ros2|native]\n"
       "                   [--compression zstd|lz4|none] [--chunk-size BYTES] [--queue-size MIB]\n"
       "  Records to MCAP in the domain's key order across topics, with publish (commit) and log\n"
       "  (read) times, until interrupted (Ctrl-C), N messages, or S seconds. -a: every topic,\n"
       "  including ones that appear later. --profile ros2 (default): typed topics as CDR with\n"
       "  ros2msg schemas, which Foxglove, the mcap tools and rosbags decode; native: the slot\n"
       "  bytes as published (schema: the layout descriptor, encoding x-dmxp). Untyped topics\n"
       "  are recorded as bytes in both. Messages go in chunks of BYTES (default 4194304)\n"
       "  compressed with C (default zstd), with an index for tools that seek. Each message is\n"
       "  copied out of shared memory and checked after the copy: one a producer rewrote\n"
       "  meanwhile is dropped, never written. A writer thread writes behind a queue of MIB\n"
       "  (default 256); when the disk falls behind, the topic holding the most queued bytes\n"
       "  loses its oldest messages first. The recorder is a reliable subscriber (reliable topics\n"
       "  lose nothing while the queue has room). Drops are printed per topic with their reason\n"
       "  at the end and kept in the file (bag info). Default file: dmxp_<date>_<time>.mcap.\n"},
      {"play",
       "usage: dmxp play FILE [--rate R] [--loop] [--delay S] [--topics T...]\n"
       "  Republishes a recording (either profile: CDR is decoded into the layout) in its order,\n"
       "  keeping the gaps between log times (scaled by 1/R; --rate 0: as fast as possible). A\n"
       "  damaged file plays up to the damage, then says where it stopped (exit 1). --delay S:\n"
       "  create the publishers, wait S seconds (for subscribers to attach), then play.\n"},
      {"lifecycle",
       "usage: dmxp [--json] lifecycle nodes | get [<node>] | list <node> [-a] | set <node> <transition>\n"
       "  Managed (lifecycle) nodes through their lifecycle services, as 'ros2 lifecycle'.\n"
       "  --timeout S   for each service call (default 5; set waits for the node's callback)\n"},
      {"lifecycle nodes", "usage: dmxp [--json] lifecycle nodes\n  The managed nodes of the domain.\n"},
      {"lifecycle get",
       "usage: dmxp [--json] lifecycle get [<node>]\n"
       "  The node's lifecycle state ('inactive [2]'); without a node, every managed node's.\n"},
      {"lifecycle list",
       "usage: dmxp [--json] lifecycle list <node> [-a|--all]\n"
       "  The transitions leaving the node's state: label [id], start and goal state.\n"
       "  -a: the whole transition graph.\n"},
      {"lifecycle set",
       "usage: dmxp lifecycle set <node> <transition>\n"
       "  Asks the node for a transition leaving its state, by label (configure, cleanup,\n"
       "  activate, deactivate, shutdown) or id. Prints 'Transitioning successful', or exits 1\n"
       "  when the node refused it or its callback did not return SUCCESS.\n"},
      {"component",
       "usage: dmxp [--json] component list [<container>] | load <container> <library> <class> [options]\n"
       "       | unload <container> <id>... | types <library>...\n"
       "  Components of running containers (dmxp-container) through their composition services, as\n"
       "  'ros2 component'. <library> is a component library's name or path (docs/nodes.md).\n"
       "  --timeout S   for each service call (default 10; load waits for the constructor)\n"},
      {"component list",
       "usage: dmxp [--json] component list [<container>]\n"
       "  Each container and its components ('  <id>  <node>'); with a container, its components only.\n"},
      {"component load",
       "usage: dmxp component load <container> <library> <class> [-n name] [--node-namespace ns]\n"
       "       [-r from:=to]... [-p name:=value]...\n"
       "  Loads a component into a running container; prints its id and node name.\n"},
      {"component unload",
       "usage: dmxp component unload <container> <id>...\n"
       "  Unloads components by id: their nodes, topics and services leave the graph.\n"},
      {"component types",
       "usage: dmxp component types <library>...\n  The component classes each library registers.\n"},
      {"bag", "usage: dmxp [--json] bag info FILE\n"},
      {"pkg", "usage: dmxp pkg create <name> --cpp|--python [--node NAME] [--msg]  (dmxp pkg create --help)\n"},
      {"pkg create",
       "usage: dmxp pkg create <name> --cpp|--python [--node NAME] [--msg]\n"
       "  Writes a new package in ./<name>, ready to build and run: for --cpp a CMake project\n"
       "  (find_package(dmxp COMPONENTS rt)), package.xml and src/<node>.cpp; for --python a\n"
       "  pyproject.toml and <name>/<node>.py with a console entry point. Its node subscribes to\n"
       "  'points' (geometry_msgs/Point), multiplies each point by its parameter 'gain' and\n"
       "  publishes the result on 'measurements'. A graph.yaml runs it with dmxp-launch; the\n"
       "  README says how to build, run and feed it.\n"
       "  <name>       a ROS package name: lowercase letters, digits and single '_', starting\n"
       "               with a letter (REP 144)\n"
       "  --node NAME  the node's name (default <name>_node)\n"
       "  --msg        also a message type of the package's own, msg/Measurement.msg (using\n"
       "               std_msgs and geometry_msgs), which the node publishes instead of\n"
       "               geometry_msgs/PointStamped\n"
       "  An existing ./<name> is never overwritten (exit 1).\n"},
      {"action", "usage: dmxp action <list|info|send_goal> ...  (dmxp action <verb> --help)\n"},
      {"action list",
       "usage: dmxp [--json] action list [-t]\n"
       "  Actions of the domain: those with a server or a client (their send_goal services in\n"
       "  the graph registry). -t: with their types.\n"},
      {"action info",
       "usage: dmxp [--json] action info <action>\n"
       "  The action's type, and the nodes that serve it and that are its clients.\n"},
      {"action send_goal",
       "usage: dmxp action send_goal <action> <type> '<yaml>' [--feedback] [--timeout S]\n"
       "  Sends one goal (YAML, the fields of <type>'s goal; fields left out are zero) to the\n"
       "  action's server and prints its answer, with --feedback each feedback, then the result\n"
       "  and the final status. The types come from the server's channels; <type> must be the\n"
       "  one it serves (pkg/action/Type or pkg/Type). --timeout S: how long to wait for a\n"
       "  server and its answer (default 5). Ctrl-C asks the server to cancel the goal. Exit\n"
       "  status 0 when the goal SUCCEEDED, 1 when it was rejected, canceled or aborted.\n"},
      {"tf", "usage: dmxp tf <echo|tree> ...  (dmxp tf <verb> --help)\n"},
      {"tf echo",
       "usage: dmxp [--json] tf echo <target_frame> <source_frame> [--rate HZ] [--count N] [--timeout S]\n"
       "  The transform mapping points of <source_frame> into <target_frame> at the latest time\n"
       "  both have, from /tf and /tf_static, as tf2_echo prints it: translation, quaternion\n"
       "  (xyzw) and roll-pitch-yaw. --rate HZ: lookups per second (default 1); --count N: exit\n"
       "  after N transforms; until then each failed lookup prints 'Waiting for transform ...'\n"
       "  with tf2's error on stderr. --timeout S: exit 1 with the last error when no transform\n"
       "  came in S seconds (default: wait until Ctrl-C).\n"},
      {"tf tree",
       "usage: dmxp [--json] tf tree [--duration S]\n"
       "  Listens to /tf and /tf_static for S seconds (default 2) and prints the frames as a\n"
       "  tree: each frame under its parent, static or dynamic, a dynamic frame's rate and newest\n"
       "  stamp, and the process that sent it. Exit 1 when no transform came.\n"},
      {"bag info",
       "usage: dmxp [--json] bag info FILE\n"
       "  Duration, times, chunks by compression, and per topic: type, message count and what the\n"
       "  recorder dropped, and why. Reads the whole file, checking every CRC.\n"},
  };
  return t;
}

}  // namespace

const char* help_text(const std::string& command) {
  auto it = table().find(command);
  return it == table().end() ? nullptr : it->second;
}

}  // namespace dmxp::cli
