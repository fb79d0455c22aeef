// graph.hpp - the graph registry: which nodes live in a domain, and their publishers,
// subscriptions, service servers and clients with types and QoS. It is one shared-memory
// segment per domain, "dmxp.<domain>.graph" in $DMXP_SHM_DIR or /dev/shm (layout in
// src/graph/graph_layout.hpp), that every node registers in and any process (the `dmxp` CLI,
// tests, monitors) reads. Like a channel, an existing registry is used only when it is a
// regular file owned by this process's effective uid and not writable by every user (unless
// the domain's key segment, ours, is): a squatter's registry is refused.
//
// Entries carry the owner's pid and process start time: entries of processes that died
// (SIGKILL included) are detected and removed by whoever reads or registers next. Each node
// has a heartbeat its executor refreshes every second; a stale heartbeat means a live process
// that stopped spinning.
//
// Thread safety: every function is thread-safe; readers never block writers.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dmxp/dmxp.hpp"
#include "dmxp/rt/qos.hpp"

namespace dmxp::rt {

enum class EndpointKind : uint8_t { Publisher = 1, Subscription = 2, ServiceServer = 3, ServiceClient = 4 };
const char* to_string(EndpointKind k);

struct GraphNode {
  std::string ns;
  std::string name;
  std::string full_name;
  pid_t pid = 0;
  uint64_t start_ns = 0;      // CLOCK_REALTIME when the node registered
  uint64_t heartbeat_ns = 0;  // CLOCK_REALTIME of the last heartbeat
  uint32_t slot = 0;          // its entry in the registry (for tools)
};

struct GraphEndpoint {
  EndpointKind kind = EndpointKind::Publisher;
  std::string name;       // resolved topic or service name
  std::string type_name;  // "sensor_msgs/LaserScan"
  uint64_t type_fingerprint = 0;
  QoS qos;
  std::string node;       // full name of the owning node
  pid_t pid = 0;
  uint32_t slot = 0;
  uint32_t incarnation = 0;  // with slot, identifies this registration
  int64_t asserted_ns = 0;   // CLOCK_MONOTONIC of the last manual liveliness assertion
};

struct GraphSnapshot {
  uint64_t generation = 0;  // changes whenever an entry is added or removed
  std::vector<GraphNode> nodes;
  std::vector<GraphEndpoint> endpoints;

  std::vector<GraphEndpoint> endpoints_of(std::string_view name, EndpointKind kind) const;
  const GraphNode* node(std::string_view full_name) const;
};

class GraphRegistry {
 public:
  // A process maps each domain's registry once; these share that mapping. Creates the
  // segment when it does not exist. DMXP_ERR_CORRUPT / _INCOMPATIBLE for a bad segment,
  // DMXP_ERR_PERMISSION (another user's, or world-writable), DMXP_ERR_INVALID_ARGUMENT (bad
  // domain or DMXP_SHM_DIR), DMXP_ERR_SYSTEM.
  static Result<std::shared_ptr<GraphRegistry>> open(const std::string& domain);
  // Whether the domain has a registry segment (tools read only existing ones).
  static bool exists(const std::string& domain);
  // Unlinks the domain's registry segment (for tests and `dmxp` cleanup); mappings stay valid.
  static Status remove(const std::string& domain);
  // "dmxp.<domain>.graph", "" for an invalid domain.
  static std::string segment_name(const std::string& domain);

  struct Handle {
    uint32_t slot = UINT32_MAX;
    uint32_t incarnation = 0;
    bool valid() const { return slot != UINT32_MAX; }
  };

  // DMXP_ERR_RESOURCE when the table is full.
  Result<Handle> add_node(const std::string& ns, const std::string& name);
  Result<Handle> add_endpoint(Handle node, EndpointKind kind, const std::string& name,
                              const std::string& type_name, uint64_t fingerprint, const QoS& qos);
  void remove_endpoint(Handle endpoint);
  // Removes the node and every endpoint it still has.
  void remove_node(Handle node);
  void heartbeat(Handle node);
  // A manual-liveliness publisher asserts it is alive (a relaxed store in its entry).
  void assert_liveliness(Handle endpoint);

  // Removes entries of dead processes, then copies the live ones.
  GraphSnapshot snapshot();
  uint64_t generation() const;
  // Entries of dead processes removed; returns how many.
  uint32_t collect_dead();

  const std::string& domain() const;
  ~GraphRegistry();
  struct Impl;
  explicit GraphRegistry(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace dmxp::rt
