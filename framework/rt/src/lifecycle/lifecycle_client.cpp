#include "dmxp/rt/lifecycle_client.hpp"

#include <algorithm>

#include <lifecycle_msgs/srv/ChangeState.hpp>
#include <lifecycle_msgs/srv/GetAvailableStates.hpp>
#include <lifecycle_msgs/srv/GetAvailableTransitions.hpp>
#include <lifecycle_msgs/srv/GetState.hpp>

#include "lifecycle/lifecycle_wire.hpp"

namespace dmxp::rt {

namespace srv = lifecycle_msgs::srv;

struct LifecycleClient::Impl {
  std::string target;
  // Clients are created on first use: `dmxp lifecycle get` needs one service, not five.
  Node& node;
  std::optional<Result<Client<srv::ChangeState_Request, srv::ChangeState_Response>>> change;
  std::optional<Result<Client<srv::GetState_Request, srv::GetState_Response>>> get;
  std::optional<Result<Client<srv::GetAvailableStates_Request, srv::GetAvailableStates_Response>>> states;
  std::optional<Result<Client<srv::GetAvailableTransitions_Request, srv::GetAvailableTransitions_Response>>> available;
  std::optional<Result<Client<srv::GetAvailableTransitions_Request, srv::GetAvailableTransitions_Response>>> graph;

  template <ServiceType Srv>
  auto& client(std::optional<Result<Client<typename Srv::Request, typename Srv::Response>>>& slot,
               const char* service) {
    if (!slot) slot.emplace(node.create_client<Srv>(target + "/" + service, ClientOptions{4}));
    return *slot;
  }

  // The transitions of a GetAvailableTransitions response, checked against the state machine.
  Result<std::vector<lifecycle::Transition>> transitions(
      Result<Client<srv::GetAvailableTransitions_Request, srv::GetAvailableTransitions_Response>>& c,
      std::chrono::nanoseconds timeout) {
    if (!c) return c.error();
    std::vector<lifecycle::Transition> out;
    std::optional<Error> bad;
    Status s = c.value().call(srv::GetAvailableTransitions_Request(), timeout, [&](const auto& rs) {
      for (const auto& t : rs.available_transitions) {
        Result<lifecycle::Transition> known = detail::from_wire(t, target);
        if (!known) bad = known.error();
        else out.push_back(known.value());
      }
    });
    if (!s) return s.error();
    if (bad) return *bad;
    return out;
  }
};

LifecycleClient::LifecycleClient(Node& node, const std::string& target)
    : impl_(new Impl{target, node, {}, {}, {}, {}, {}}) {}

LifecycleClient::~LifecycleClient() = default;

const std::string& LifecycleClient::target() const { return impl_->target; }

Result<lifecycle::State> LifecycleClient::get_state(std::chrono::nanoseconds timeout) {
  auto& c = impl_->client<srv::GetState>(impl_->get, "get_state");
  if (!c) return c.error();
  Result<srv::GetState_Response> r = c.value().call(srv::GetState_Request(), timeout);
  if (!r) return r.error();
  return detail::from_wire(r.value().current_state, impl_->target);
}

Result<bool> LifecycleClient::change_state(uint8_t transition_id, std::chrono::nanoseconds timeout) {
  auto& c = impl_->client<srv::ChangeState>(impl_->change, "change_state");
  if (!c) return c.error();
  srv::ChangeState_Request rq;
  rq.transition.id = transition_id;
  Result<srv::ChangeState_Response> r = c.value().call(rq, timeout);
  if (!r) return r.error();
  return bool(r.value().success);
}

Result<bool> LifecycleClient::change_state(std::string_view transition_label, std::chrono::nanoseconds timeout) {
  auto& c = impl_->client<srv::ChangeState>(impl_->change, "change_state");
  if (!c) return c.error();
  srv::ChangeState_Request rq;
  if (!rq.transition.label.try_assign(transition_label))
    return Error(DMXP_ERR_INVALID_ARGUMENT, "transition label '" + std::string(transition_label) + "' is longer than " +
                                                std::to_string(rq.transition.label.capacity()) + " bytes");
  Result<srv::ChangeState_Response> r = c.value().call(rq, timeout);
  if (!r) return r.error();
  return bool(r.value().success);
}

Result<std::vector<lifecycle::State>> LifecycleClient::get_available_states(std::chrono::nanoseconds timeout) {
  auto& c = impl_->client<srv::GetAvailableStates>(impl_->states, "get_available_states");
  if (!c) return c.error();
  std::vector<lifecycle::State> out;
  std::optional<Error> bad;
  Status s = c.value().call(srv::GetAvailableStates_Request(), timeout, [&](const auto& rs) {
    for (const auto& st : rs.available_states) {
      Result<lifecycle::State> known = detail::from_wire(st, impl_->target);
      if (!known) bad = known.error();
      else out.push_back(known.value());
    }
  });
  if (!s) return s.error();
  if (bad) return *bad;
  return out;
}

Result<std::vector<lifecycle::Transition>> LifecycleClient::get_available_transitions(std::chrono::nanoseconds timeout) {
  return impl_->transitions(impl_->client<srv::GetAvailableTransitions>(impl_->available, "get_available_transitions"),
                            timeout);
}

Result<std::vector<lifecycle::Transition>> LifecycleClient::get_transition_graph(std::chrono::nanoseconds timeout) {
  return impl_->transitions(impl_->client<srv::GetAvailableTransitions>(impl_->graph, "get_transition_graph"), timeout);
}

std::vector<std::string> managed_nodes(const GraphSnapshot& graph) {
  std::vector<std::string> out;
  for (const GraphEndpoint& e : graph.endpoints)
    if (e.kind == EndpointKind::ServiceServer && e.type_name == srv::GetState_Request::kTypeName &&
        e.name == e.node + "/get_state")
      out.push_back(e.node);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace dmxp::rt
