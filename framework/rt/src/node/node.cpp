#include "dmxp/rt/node.hpp"

#include "dmxp/rt/names.hpp"
#include "node/context.hpp"
#include "parameters/parameter_service.hpp"
#include "services/own_service_channels.hpp"

namespace dmxp::rt {

NodeCore::NodeCore(std::string name, std::string ns, std::string domain, Arguments args,
                   std::vector<ParameterOverride> overrides)
    : name_(std::move(name)),
      ns_(std::move(ns)),
      full_name_(full_node_name(ns_, name_)),
      domain_(std::move(domain)),
      args_(std::move(args)),
      params_(std::move(overrides)) {
  std::string level;
  for (const LogLevelRule& r : args_.log_levels)
    if (rule_applies(r.node, name_, full_name_)) level = r.level;
  logger_ = make_node_logger(full_name_, level);
}

NodeCore::~NodeCore() {
  if (graph_) graph_->remove_node(graph_handle_);
}

Result<std::string> NodeCore::resolve(std::string_view name) const {
  return resolve_and_remap(name, ns_, name_, args_.remaps);
}

void NodeCore::attach_graph(std::shared_ptr<GraphRegistry> graph) {
  for (const GraphNode& n : graph->snapshot().nodes)
    if (n.full_name == full_name_)
      logger_->warn("another node named '{}' runs in domain '{}' (pid {}): names should be "
                    "unique", full_name_, domain_, n.pid);
  Result<GraphRegistry::Handle> h = graph->add_node(ns_, name_);
  if (!h) {
    logger_->warn("not registered in the graph: {}", h.error().what());
    return;
  }
  graph_ = std::move(graph);
  graph_handle_ = h.value();
}

GraphRegistry::Handle NodeCore::register_endpoint(EndpointKind kind, const std::string& name,
                                                  const std::string& type, uint64_t fingerprint,
                                                  const QoS& qos) {
  if (!graph_) return {};
  Result<GraphRegistry::Handle> h = graph_->add_endpoint(graph_handle_, kind, name, type, fingerprint, qos);
  if (!h) {
    logger_->warn("{} '{}' not registered in the graph: {}", to_string(kind), name, h.error().what());
    return {};
  }
  return h.value();
}

void NodeCore::unregister_endpoint(GraphRegistry::Handle h) {
  if (graph_) graph_->remove_endpoint(h);
}

void NodeCore::add_entity(const std::shared_ptr<Entity>& e) {
  std::lock_guard lock(mu_);
  std::erase_if(entities_, [](const std::weak_ptr<Entity>& w) { return w.expired(); });
  entities_.push_back(e);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  if (executor_) executor_->node_changed();
}

void NodeCore::remove_entity(const Entity* e) {
  std::lock_guard lock(mu_);
  std::erase_if(entities_, [e](const std::weak_ptr<Entity>& w) {
    auto s = w.lock();
    return !s || s.get() == e;
  });
  generation_.fetch_add(1, std::memory_order_acq_rel);
  if (executor_) executor_->node_changed();
}

std::vector<std::shared_ptr<Entity>> NodeCore::entities() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<Entity>> out;
  for (const auto& w : entities_)
    if (auto s = w.lock(); s && !s->detached()) out.push_back(std::move(s));
  return out;
}

void NodeCore::notify() {
  std::lock_guard lock(mu_);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  if (executor_) executor_->node_changed();
}

bool NodeCore::set_executor(detail::ExecutorHook* hook) {
  std::lock_guard lock(mu_);
  if (executor_ && executor_ != hook) return false;
  executor_ = hook;
  return true;
}

void NodeCore::clear_executor(detail::ExecutorHook* hook) {
  std::lock_guard lock(mu_);
  if (executor_ == hook) executor_ = nullptr;
}

bool NodeCore::has_executor() const {
  std::lock_guard lock(mu_);
  return executor_ != nullptr;
}

void NodeCore::leave_executor() {
  detail::ExecutorHook* hook;
  {
    std::lock_guard lock(mu_);
    hook = executor_;
  }
  if (hook) hook->release_node(this);
}


struct Node::ParameterServer {
  Service<dmxp_rt_msgs::msg::ParameterRequest, dmxp_rt_msgs::msg::ParameterResponse> service;
};

namespace {

// The node's own rules beat the process's: remaps are taken by first match, so the node's
// come first; parameters and log levels by last match, so the node's come last.
Arguments node_arguments(const NodeOptions& options) {
  Arguments own = parse_arguments(options.arguments()).value();
  for (const RemapRule& r : options.remaps()) own.remaps.push_back(r);
  if (!options.use_global_arguments()) return own;
  Arguments args = detail::global_arguments_for_node().value();
  args.remaps.insert(args.remaps.begin(), own.remaps.begin(), own.remaps.end());
  own.remaps.clear();
  args.append(own);
  return args;
}

}  // namespace

Node::Node(const std::string& name, const NodeOptions& options) {
  Arguments args = node_arguments(options);

  // __node and __ns rules rename the node (matched against the name it was created with).
  std::string node_name = name, ns = options.ns();
  bool renamed = false, moved = false;
  for (const RemapRule& r : args.remaps) {
    if (!r.node.empty() && r.node != name) continue;
    if (r.from == "__node" && !renamed) { node_name = r.to; renamed = true; }
    if (r.from == "__ns" && !moved) { ns = r.to; moved = true; }
  }
  if (ns.empty()) ns.push_back('/');
  if (ns.size() > 1 && ns.back() == '/') ns.pop_back();
  validate_node_name(node_name).value();
  validate_namespace(ns).value();

  std::string full = full_node_name(ns, node_name);
  std::vector<ParameterOverride> overrides = parameter_overrides_for(args.parameters, node_name, full);
  for (const Parameter& p : options.parameter_overrides()) overrides.push_back({"", p.name, p.value});
  if (!options.log_level().empty()) args.log_levels.push_back({"", options.log_level()});

  core_ = std::make_shared<NodeCore>(node_name, ns, dmxp::resolve_domain(options.domain()).value(),
                                             std::move(args), std::move(overrides));
  if (options.enable_graph()) {
    Result<std::shared_ptr<GraphRegistry>> g = GraphRegistry::open(core_->domain());
    if (g) core_->attach_graph(std::move(g).value());
    else core_->logger().warn("graph registry unavailable: {}", g.error().what());
  }
  if (options.start_parameter_services()) {
    auto s = detail::start_parameter_service(*this);
    if (s) parameter_server_.reset(new ParameterServer{std::move(s).value()});
    else core_->logger().warn("parameter service not started: {}", s.error().what());
  }
}

Node::~Node() {
  core_->leave_executor();
  if (!parameter_server_) return;
  parameter_server_.reset();
  detail::remove_own_service_channels(*core_, {detail::kParameterService});
}

void Node::set_log_level(const std::string& level) { core_->logger().set_level(parse_log_level(level)); }

}  // namespace dmxp::rt
