#include "dmxp/rt/component_manager.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include <composition_interfaces/srv/ListNodes.hpp>
#include <composition_interfaces/srv/LoadNode.hpp>
#include <composition_interfaces/srv/UnloadNode.hpp>

#include "dmxp/rt/component.hpp"
#include "dmxp/rt/lifecycle.hpp"
#include "node/component_wire.hpp"

namespace dmxp::rt {
namespace {

namespace ci = composition_interfaces::srv;

constexpr const char* kLoadNode = "~/_container/load_node";
constexpr const char* kUnloadNode = "~/_container/unload_node";
constexpr const char* kListNodes = "~/_container/list_nodes";
// A LoadNode request is about 330 KB (its parameters are fixed-size): a few in flight suffice.
constexpr ServiceOptions kServiceOptions{4, 4, false};

struct Component {
  LoadedComponent info;
  std::shared_ptr<Node> node;
};

// "Failed to ... " as the rclcpp_components message starts, the detail after it.
Error load_error(const Error& e, const std::string& prefix = "") {
  return Error(e.status(), prefix + e.what());
}

// Bounded: an executor that stopped spinning never runs those handlers; the reply then goes anyway.
void wait_released(const std::weak_ptr<detail::NodeCore>& core) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (!core.expired() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

}  // namespace

struct ComponentManager::Impl {
  Executor& executor;
  // op_mu: one load or unload at a time (ids in request order, libraries loaded once).
  std::mutex op_mu;
  mutable std::mutex mu;  // components, next_id
  std::map<uint64_t, Component> components;
  uint64_t next_id = 1;

  // The services' work, run in order on `worker`, never on the executor's threads.
  std::mutex jobs_mu;
  std::condition_variable jobs_cv;
  std::deque<std::function<void()>> jobs;
  bool stopping = false;
  std::thread worker;

  std::shared_ptr<ServiceBase> load_service, unload_service;
  Service<ci::ListNodes_Request, ci::ListNodes_Response> list_service;

  explicit Impl(Executor& e) : executor(e) {
    worker = std::thread([this] { run_jobs(); });
  }

  void run_jobs() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(jobs_mu);
        jobs_cv.wait(lock, [&] { return stopping || !jobs.empty(); });
        if (jobs.empty()) return;  // stopping, nothing left
        job = std::move(jobs.front());
        jobs.pop_front();
      }
      job();
    }
  }

  std::weak_ptr<detail::NodeCore> core_of(uint64_t unique_id) const {
    std::lock_guard lock(mu);
    auto it = components.find(unique_id);
    return it == components.end() ? std::weak_ptr<detail::NodeCore>() : it->second.node->core();
  }

  void post(std::function<void()> job) {
    {
      std::lock_guard lock(jobs_mu);
      if (stopping) return;  // the container is going away: the caller times out
      jobs.push_back(std::move(job));
    }
    jobs_cv.notify_one();
  }

  void stop_worker() {
    {
      std::lock_guard lock(jobs_mu);
      stopping = true;
      jobs.clear();
    }
    jobs_cv.notify_one();
    if (worker.joinable()) worker.join();
  }
};

ComponentManager::ComponentManager(Executor& executor, const NodeOptions& options)
    : Node("ComponentManager", options), impl_(std::make_unique<Impl>(executor)) {
  Impl* impl = impl_.get();
  auto load_server = ServiceBase::create_deferred(
      core(), kLoadNode, service_types_of<ci::LoadNode_Request, ci::LoadNode_Response>(),
      [this, impl](const void* rq, const RequestId& id) {
        // Converted here: the worker keeps the small request, not the 330 KB slot.
        Result<ComponentRequest> request = detail::from_wire(*static_cast<const ci::LoadNode_Request*>(rq));
        impl->post([this, impl, request = std::move(request), id] {
          Result<LoadedComponent> done = request ? this->load(request.value()) : Result<LoadedComponent>(request.error());
          (void)impl->load_service->respond(id, [&](void* slot) {
            auto* rs = new (slot) ci::LoadNode_Response();
            rs->success = bool(done);
            if (done) {
              rs->full_node_name = done.value().full_node_name;
              rs->unique_id = done.value().unique_id;
            } else {
              std::string text = done.error().what();
              rs->error_message = text.substr(0, rs->error_message.capacity());
            }
          });
        });
      },
      kServiceOptions);
  if (!load_server) throw load_server.error();
  impl_->load_service = std::move(load_server).value();
  auto unload_server = ServiceBase::create_deferred(
      core(), kUnloadNode, service_types_of<ci::UnloadNode_Request, ci::UnloadNode_Response>(),
      [this, impl](const void* rq, const RequestId& id) {
        uint64_t unique_id = static_cast<const ci::UnloadNode_Request*>(rq)->unique_id;
        impl->post([this, impl, unique_id, id] {
          std::weak_ptr<detail::NodeCore> core = impl->core_of(unique_id);
          Status done = this->unload(unique_id);
          // The executor drops its last references to a removed node on its own threads (the
          // cancelled timers' handlers, a waiter's old wait set), just after remove_node: the
          // reply waits for them, so a caller that sees success sees the node gone from the graph.
          if (done) wait_released(core);
          (void)impl->unload_service->respond(id, [&](void* slot) {
            auto* rs = new (slot) ci::UnloadNode_Response();
            rs->success = bool(done);
            if (!done) rs->error_message = std::string(done.error().what()).substr(0, rs->error_message.capacity());
          });
        });
      },
      kServiceOptions);
  if (!unload_server) throw unload_server.error();
  impl_->unload_service = std::move(unload_server).value();
  // Listing never waits: it reads the table under its lock, on the executor.
  impl_->list_service = create_service<ci::ListNodes_Request, ci::ListNodes_Response>(
                            kListNodes,
                            [this](const ci::ListNodes_Request&, ci::ListNodes_Response& rs) {
                              for (const LoadedComponent& c : list()) {
                                if (rs.unique_ids.full()) break;  // the message's capacity
                                rs.full_node_names.push_back(std::string_view(c.full_node_name));
                                rs.unique_ids.push_back(c.unique_id);
                              }
                            },
                            kServiceOptions)
                            .value();
}

ComponentManager::~ComponentManager() {
  impl_->stop_worker();
  unload_all();
}

Result<LoadedComponent> ComponentManager::load(const ComponentRequest& rq) {
  std::lock_guard op(impl_->op_mu);
  Result<std::vector<std::string>> classes = component_classes_in(rq.library);
  if (!classes) return classes.error();
  const std::vector<std::string>& known = classes.value();
  if (std::find(known.begin(), known.end(), rq.class_name) == known.end())
    return Error(DMXP_ERR_NOT_FOUND, "Failed to find class with the requested plugin name '" + rq.class_name +
                                         "' in library '" + rq.library + "' (it registers: " + joined(known) + ")");
  std::vector<std::string> args{"--ros-args"};
  if (!rq.node_name.empty()) args.insert(args.end(), {"-r", "__node:=" + rq.node_name});
  if (!rq.node_namespace.empty()) args.insert(args.end(), {"-r", "__ns:=" + rq.node_namespace});
  for (const std::string& r : rq.remap_rules) args.insert(args.end(), {"-r", r});
  if (!rq.log_level.empty()) args.insert(args.end(), {"--log-level", rq.log_level});
  // Bad rules are the request's error, not the constructor's.
  if (auto parsed = parse_arguments(args); !parsed) return parsed.error();
  NodeOptions options;
  options.domain(domain()).arguments(args).parameter_overrides(rq.parameters).use_global_arguments(rq.use_global_arguments);
  Result<std::shared_ptr<Node>> node = create_component(rq.class_name, options);
  if (!node) return load_error(node.error(), "Component constructor threw an exception: ");
  const std::string& full_name = node.value()->get_fully_qualified_name();
  // DMXP's services are queues that every server of a name takes requests from: two nodes of
  // one name would answer each other's parameter calls, so the second is refused.
  if (GraphRegistry* g = node.value()->graph()) {
    GraphSnapshot snap = g->snapshot();
    auto same = std::count_if(snap.nodes.begin(), snap.nodes.end(),
                              [&](const GraphNode& n) { return n.full_name == full_name; });
    if (same > 1)
      return Error(DMXP_ERR_EXISTS, "a node named '" + full_name + "' already exists in domain '" +
                                                domain() + "'");
  }
  LoadedComponent info;
  {
    std::lock_guard lock(impl_->mu);
    info = {impl_->next_id++, full_name};
    impl_->components[info.unique_id] = {info, node.value()};
  }
  impl_->executor.add_node(node.value());
  logger().info("loaded {} from {} as {} (id {})", rq.class_name, rq.library, full_name, info.unique_id);
  return info;
}

Status ComponentManager::unload(uint64_t unique_id) {
  std::lock_guard op(impl_->op_mu);
  std::shared_ptr<Node> node;
  {
    std::lock_guard lock(impl_->mu);
    auto it = impl_->components.find(unique_id);
    if (it == impl_->components.end())
      return Error(DMXP_ERR_NOT_FOUND, "No node found with unique_id: " + std::to_string(unique_id));
    node = std::move(it->second.node);
    impl_->components.erase(it);
  }
  impl_->executor.remove_node(*node);  // its running callbacks finish first
  shutdown_if_managed(*node);
  logger().info("unloaded {} (id {})", node->get_fully_qualified_name(), unique_id);
  node.reset();  // the last reference: its entities and graph entries go now
  return Unit{};
}

std::vector<LoadedComponent> ComponentManager::list() const {
  std::lock_guard lock(impl_->mu);
  std::vector<LoadedComponent> out;
  for (const auto& [id, c] : impl_->components) out.push_back(c.info);
  return out;
}

void ComponentManager::unload_all() {
  std::vector<LoadedComponent> all = list();
  for (auto it = all.rbegin(); it != all.rend(); ++it) (void)unload(it->unique_id);
}

std::vector<std::string> component_containers(const GraphSnapshot& graph) {
  std::vector<std::string> out;
  for (const GraphEndpoint& e : graph.endpoints)
    if (e.kind == EndpointKind::ServiceServer && e.type_name == ci::ListNodes_Request::kTypeName &&
        e.name == (e.node == "/" ? "" : e.node) + "/_container/list_nodes")
      out.push_back(e.node);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace dmxp::rt
