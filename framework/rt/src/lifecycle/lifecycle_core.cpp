#include "dmxp/rt/lifecycle_core.hpp"

#include <spdlog/logger.h>

#include <optional>

#include <lifecycle_msgs/msg/TransitionEvent.hpp>
#include <lifecycle_msgs/srv/ChangeState.hpp>
#include <lifecycle_msgs/srv/GetAvailableStates.hpp>
#include <lifecycle_msgs/srv/GetAvailableTransitions.hpp>
#include <lifecycle_msgs/srv/GetState.hpp>

#include "dmxp/rt/publisher.hpp"
#include "dmxp/rt/service.hpp"
#include "lifecycle/lifecycle_wire.hpp"
#include "node/process.hpp"
#include "services/own_service_channels.hpp"

namespace dmxp::rt {

using lifecycle::CallbackReturn;
using lifecycle::State;
using lifecycle::Transition;
namespace srv = lifecycle_msgs::srv;

namespace {

constexpr const char* kChangeState = "~/change_state";
constexpr const char* kGetState = "~/get_state";
constexpr const char* kGetAvailableStates = "~/get_available_states";
constexpr const char* kGetAvailableTransitions = "~/get_available_transitions";
constexpr const char* kGetTransitionGraph = "~/get_transition_graph";
constexpr const char* kTransitionEvent = "~/transition_event";

// The callback each transition state runs, as rclcpp names it.
const char* callback_name(uint8_t transition_state) {
  switch (transition_state) {
    case lifecycle::state_id::kConfiguring: return "on_configure";
    case lifecycle::state_id::kCleaningUp: return "on_cleanup";
    case lifecycle::state_id::kShuttingDown: return "on_shutdown";
    case lifecycle::state_id::kActivating: return "on_activate";
    case lifecycle::state_id::kDeactivating: return "on_deactivate";
    default: return "on_error";
  }
}

// A service of the node, typed by a generated service struct (what Node::create_service does,
// on the NodeCore a LifecycleCore gets).
template <ServiceType Srv, class F>
Result<Service<typename Srv::Request, typename Srv::Response>> serve(const std::shared_ptr<NodeCore>& node,
                                                                     const char* name, F handler) {
  using Req = typename Srv::Request;
  using Res = typename Srv::Response;
  ServiceBase::Handler h = [f = std::move(handler)](const void* rq, void* rs) {
    f(*static_cast<const Req*>(rq), *new (rs) Res());
  };
  // Lifecycle requests come one at a time from a manager or a person: small rings.
  ServiceOptions o;
  o.queue_depth = 4;
  o.response_depth = 4;
  auto base = ServiceBase::create(node, name, service_types_of<Req, Res>(), std::move(h), o);
  if (!base) return base.error();
  return Service<Req, Res>(std::move(base).value());
}

}  // namespace

struct LifecycleCore::Services {
  Service<srv::ChangeState_Request, srv::ChangeState_Response> change_state;
  Service<srv::GetState_Request, srv::GetState_Response> get_state;
  Service<srv::GetAvailableStates_Request, srv::GetAvailableStates_Response> get_available_states;
  Service<srv::GetAvailableTransitions_Request, srv::GetAvailableTransitions_Response> get_available_transitions;
  Service<srv::GetAvailableTransitions_Request, srv::GetAvailableTransitions_Response> get_transition_graph;
};

struct LifecycleCore::Events {
  Publisher<lifecycle_msgs::msg::TransitionEvent> publisher;
};

LifecycleCore::LifecycleCore(std::shared_ptr<NodeCore> node, Callback callback)
    : node_(std::move(node)), callback_(std::move(callback)) {}

Result<std::shared_ptr<LifecycleCore>> LifecycleCore::create(const std::shared_ptr<NodeCore>& node,
                                                             Callback callback,
                                                             bool enable_communication_interface) {
  auto core = std::make_shared<LifecycleCore>(node, std::move(callback));
  if (!enable_communication_interface) return core;
  LifecycleCore* self = core.get();  // the services are detached before the core goes away
  auto change = serve<srv::ChangeState>(node, kChangeState, [self](const auto& rq, auto& rs) {
    // As rclcpp: a label, when given, names the transition (a request written by hand has
    // id 0 then); the answer is success only when the callback returned SUCCESS.
    Result<CallbackReturn> r = rq.transition.label.size() > 0 ? self->change_state(rq.transition.label.view())
                                                              : self->change_state(rq.transition.id);
    if (!r) self->node_->logger().warn("change_state refused: {}", r.error().what());
    rs.success = r && r.value() == CallbackReturn::SUCCESS;
  });
  if (!change) return change.error();
  auto get = serve<srv::GetState>(node, kGetState, [self](const auto&, auto& rs) {
    detail::to_wire(self->current_state(), rs.current_state);
  });
  if (!get) return get.error();
  auto states = serve<srv::GetAvailableStates>(node, kGetAvailableStates, [](const auto&, auto& rs) {
    detail::all_to_wire(lifecycle::states(), rs.available_states);
  });
  if (!states) return states.error();
  auto available = serve<srv::GetAvailableTransitions>(node, kGetAvailableTransitions, [self](const auto&, auto& rs) {
    detail::all_to_wire(self->available_transitions(), rs.available_transitions);
  });
  if (!available) return available.error();
  auto graph = serve<srv::GetAvailableTransitions>(node, kGetTransitionGraph, [](const auto&, auto& rs) {
    detail::all_to_wire(lifecycle::transition_graph(), rs.available_transitions);
  });
  if (!graph) return graph.error();
  // Reliable as in ROS 2, but a transition never waits for a slow reader of its events: one
  // that is a whole ring behind loses the event (logged) instead.
  auto events = PublisherBase::create(node, kTransitionEvent, type_info_of<lifecycle_msgs::msg::TransitionEvent>(),
                                      QoS(32).max_blocking_time(std::chrono::nanoseconds(0)), {});
  if (!events) return events.error();
  core->services_.reset(new Services{std::move(change).value(), std::move(get).value(), std::move(states).value(),
                                     std::move(available).value(), std::move(graph).value()});
  core->events_.reset(new Events{Publisher<lifecycle_msgs::msg::TransitionEvent>(std::move(events).value())});
  return core;
}

LifecycleCore::~LifecycleCore() {
  stop_services();
  events_.reset();
}

void LifecycleCore::stop_services() {
  if (!services_) return;
  services_.reset();
  detail::remove_own_service_channels(*node_, {kChangeState, kGetState, kGetAvailableStates,
                                               kGetAvailableTransitions, kGetTransitionGraph});
}

State LifecycleCore::current_state() const {
  std::lock_guard lock(state_mu_);
  return machine_.current();
}

std::vector<Transition> LifecycleCore::available_transitions() const {
  std::lock_guard lock(state_mu_);
  return machine_.available();
}

Error LifecycleCore::not_available(std::string_view what) const {
  std::string list;
  for (const Transition& t : available_transitions())
    list += (list.empty() ? "" : ", ") + std::string(t.label) + " [" + std::to_string(t.id) + "]";
  return Error(DMXP_ERR_INVALID_ARGUMENT, "no transition " + std::string(what) + " leaves state '" +
                                              std::string(current_state().label()) + "' of node '" +
                                              node_->full_name() + "' (available: " +
                                              (list.empty() ? "none" : list) + ")");
}

std::optional<Error> LifecycleCore::inside_transition() const {
  if (transition_thread_.load() != std::this_thread::get_id()) return std::nullopt;
  return Error(DMXP_ERR_BUSY, "node '" + node_->full_name() + "' is in transition state '" +
                                  std::string(current_state().label()) +
                                  "': a transition callback cannot start another transition");
}

Result<CallbackReturn> LifecycleCore::change_state(uint8_t transition_id) {
  return request([&] { return machine_.find(transition_id); }, std::to_string(transition_id));
}

Result<CallbackReturn> LifecycleCore::change_state(std::string_view transition_label) {
  return request([&] { return machine_.find(transition_label); }, "'" + std::string(transition_label) + "'");
}

Result<CallbackReturn> LifecycleCore::request(const std::function<const Transition*()>& find,
                                              const std::string& what) {
  if (auto busy = inside_transition()) return *busy;
  std::lock_guard lock(transition_mu_);  // looked up under it: a waiting request sees the state it will start from
  const Transition* t;
  {
    std::lock_guard state_lock(state_mu_);
    t = find();
  }
  // The outcomes (transition_success, ...) belong to the callbacks, never to a request.
  if (!t || t->label.starts_with("transition_")) return not_available(what);
  return run(*t);
}

Result<CallbackReturn> LifecycleCore::run(const Transition& requested) {
  transition_thread_.store(std::this_thread::get_id());
  auto invoke = [&](const State& transition_state) {
    try {
      return callback_(transition_state, requested.start);
    } catch (const std::exception& e) {
      node_->logger().error("{} threw: {} (counts as ERROR)", callback_name(transition_state.id()), e.what());
    } catch (...) {
      node_->logger().error("{} threw (counts as ERROR)", callback_name(transition_state.id()));
    }
    return CallbackReturn::ERROR;
  };
  step(requested);
  CallbackReturn r = invoke(requested.goal);
  std::string how = std::string(callback_name(requested.goal.id())) + " returned " + to_string(r);
  step(*machine_.outcome(r));  // only this thread moves the machine now
  if (r == CallbackReturn::ERROR) {
    CallbackReturn e = invoke(current_state());
    how += "; on_error returned " + std::string(to_string(e));
    step(*machine_.outcome(e));
  }
  transition_thread_.store(std::thread::id());
  node_->logger().info("{} [{}]: {} -> {} ({})", requested.label, requested.id, requested.start.label(),
                       current_state().label(), how);
  return r;
}

void LifecycleCore::step(const Transition& t) {
  {
    std::lock_guard lock(state_mu_);
    machine_.take(t);
    bool on = t.goal.id() == lifecycle::state_id::kActive;
    bool off = !on && (t.goal.is_primary() || t.start.id() == lifecycle::state_id::kActive);
    std::erase_if(switches_, [](const std::weak_ptr<ManagedEntitySwitch>& w) { return w.expired(); });
    for (const auto& w : switches_)
      if (auto s = w.lock(); s && on) s->on_activate();
      else if (s && off) s->on_deactivate();
  }
  publish_event(t);
}

void LifecycleCore::publish_event(const Transition& t) {
  if (!events_) return;
  auto event = events_->publisher.loan();
  if (event) {
    event->timestamp = detail::realtime_ns();
    detail::to_wire(t, *event);
  }
  if (Result<uint64_t> k = events_->publisher.publish(std::move(event)); !k)
    node_->logger().warn("transition event {} -> {} not published: {}", t.start.label(), t.goal.label(),
                         k.error().what());
}

std::shared_ptr<ManagedEntitySwitch> LifecycleCore::add_managed_entity() {
  auto s = std::make_shared<ManagedEntitySwitch>();
  std::lock_guard lock(state_mu_);
  if (machine_.current().id() == lifecycle::state_id::kActive) s->on_activate();
  switches_.push_back(s);
  return s;
}

}  // namespace dmxp::rt
