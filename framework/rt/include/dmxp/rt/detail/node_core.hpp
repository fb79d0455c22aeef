// detail/node_core.hpp - the state of a node that its entities share: names, resolution,
// parameters, logger, graph registration, and the entity list an executor reads.
// Node (node.hpp) is the user-facing class; entities keep the core alive, not the Node.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dmxp/rt/arguments.hpp"
#include "dmxp/rt/detail/entity.hpp"
#include "dmxp/rt/graph.hpp"
#include "dmxp/rt/parameters.hpp"

namespace spdlog { class logger; }

namespace dmxp::rt::detail {

// What a node tells the executor it was added to. Thread-safe.
class ExecutorHook {
 public:
  virtual ~ExecutorHook() = default;
  virtual void node_changed() = 0;
  // The node is going away: forget it, after its running callbacks finished.
  virtual void release_node(NodeCore* node) = 0;
};

class NodeCore {
 public:
  NodeCore(std::string name, std::string ns, std::string domain, Arguments args,
           std::vector<ParameterOverride> overrides);
  ~NodeCore();

  const std::string& name() const { return name_; }
  const std::string& ns() const { return ns_; }
  const std::string& full_name() const { return full_name_; }
  const std::string& domain() const { return domain_; }
  const Arguments& arguments() const { return args_; }
  spdlog::logger& logger() const { return *logger_; }
  const std::shared_ptr<spdlog::logger>& logger_ptr() const { return logger_; }
  ParameterStore& parameters() { return params_; }

  // Resolves a topic or service name with this node's namespace, name and remaps.
  Result<std::string> resolve(std::string_view name) const;

  // Graph registry (null when disabled or unavailable).
  GraphRegistry* graph() const { return graph_.get(); }
  GraphRegistry::Handle graph_handle() const { return graph_handle_; }
  void attach_graph(std::shared_ptr<GraphRegistry> graph);
  GraphRegistry::Handle register_endpoint(EndpointKind kind, const std::string& name,
                                          const std::string& type, uint64_t fingerprint,
                                          const QoS& qos);
  void unregister_endpoint(GraphRegistry::Handle h);

  // Entities and the executor.
  void add_entity(const std::shared_ptr<Entity>& e);
  void remove_entity(const Entity* e);
  std::vector<std::shared_ptr<Entity>> entities() const;
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  // Tells the executor to look again (entities or timers changed).
  void notify();
  // False when the node is already in another executor.
  bool set_executor(ExecutorHook* hook);
  void clear_executor(ExecutorHook* hook);
  bool has_executor() const;
  // Called by ~Node: leaves the executor (if any).
  void leave_executor();

 private:
  std::string name_, ns_, full_name_, domain_;
  Arguments args_;
  ParameterStore params_;
  std::shared_ptr<spdlog::logger> logger_;
  std::shared_ptr<GraphRegistry> graph_;
  GraphRegistry::Handle graph_handle_;
  mutable std::mutex mu_;
  std::vector<std::weak_ptr<Entity>> entities_;
  std::atomic<uint64_t> generation_{1};
  ExecutorHook* executor_ = nullptr;
};

}  // namespace dmxp::rt::detail
