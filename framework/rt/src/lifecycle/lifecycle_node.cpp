#include "dmxp/rt/lifecycle.hpp"

namespace dmxp::rt {

using lifecycle::CallbackReturn;
using lifecycle::State;
namespace sid = lifecycle::state_id;

LifecycleNode::LifecycleNode(const std::string& name, const NodeOptions& options,
                             bool enable_communication_interface)
    : Node(name, options) {
  lifecycle_ = LifecycleCore::create(
                   core(), [this](const State& ts, const State& prev) { return dispatch(ts, prev); },
                   enable_communication_interface)
                   .value();
}

LifecycleNode::~LifecycleNode() {
  lifecycle_->stop_services();
  if (get_current_state().id() == sid::kFinalized) return;
  destroying_ = true;  // the derived object is gone: its callbacks must not run
  logger().info("destroyed in state '{}': shutting down without callbacks", get_current_state().label());
  (void)lifecycle_->change_state(std::string_view("shutdown"));
}

std::vector<State> LifecycleNode::get_available_states() const {
  auto all = lifecycle::states();
  return {all.begin(), all.end()};
}

std::vector<lifecycle::Transition> LifecycleNode::get_transition_graph() const {
  auto all = lifecycle::transition_graph();
  return {all.begin(), all.end()};
}

State LifecycleNode::trigger_transition(uint8_t transition_id) {
  CallbackReturn ignored;
  return trigger_transition(transition_id, ignored);
}

State LifecycleNode::trigger_transition(uint8_t transition_id, CallbackReturn& cb_return_code) {
  Result<CallbackReturn> r = lifecycle_->change_state(transition_id);
  if (!r) logger().error("{}", r.error().what());
  cb_return_code = r ? r.value() : CallbackReturn::FAILURE;
  return get_current_state();
}

State LifecycleNode::trigger_transition(std::string_view transition_label) {
  CallbackReturn ignored;
  return trigger_transition(transition_label, ignored);
}

State LifecycleNode::trigger_transition(std::string_view transition_label, CallbackReturn& cb_return_code) {
  Result<CallbackReturn> r = lifecycle_->change_state(transition_label);
  if (!r) logger().error("{}", r.error().what());
  cb_return_code = r ? r.value() : CallbackReturn::FAILURE;
  return get_current_state();
}

CallbackReturn LifecycleNode::on_configure(const State&) { return CallbackReturn::SUCCESS; }
CallbackReturn LifecycleNode::on_cleanup(const State&) { return CallbackReturn::SUCCESS; }
CallbackReturn LifecycleNode::on_shutdown(const State&) { return CallbackReturn::SUCCESS; }
CallbackReturn LifecycleNode::on_activate(const State&) { return CallbackReturn::SUCCESS; }
CallbackReturn LifecycleNode::on_deactivate(const State&) { return CallbackReturn::SUCCESS; }
// As rclcpp: an error is not recovered from unless the node says how (finalized).
CallbackReturn LifecycleNode::on_error(const State&) { return CallbackReturn::FAILURE; }

bool LifecycleNode::set_callback(size_t i, TransitionCallback f) {
  registered_[i] = std::move(f);
  return true;
}

CallbackReturn LifecycleNode::dispatch(const State& transition_state, const State& prev) {
  if (destroying_) return CallbackReturn::SUCCESS;
  static constexpr uint8_t kOrder[] = {sid::kConfiguring,  sid::kCleaningUp,   sid::kShuttingDown,
                                       sid::kActivating,   sid::kDeactivating, sid::kErrorProcessing};
  for (size_t i = 0; i < registered_.size(); ++i)
    if (kOrder[i] == transition_state.id() && registered_[i]) return registered_[i](prev);
  switch (transition_state.id()) {
    case sid::kConfiguring: return on_configure(prev);
    case sid::kCleaningUp: return on_cleanup(prev);
    case sid::kShuttingDown: return on_shutdown(prev);
    case sid::kActivating: return on_activate(prev);
    case sid::kDeactivating: return on_deactivate(prev);
    default: return on_error(prev);
  }
}

void shutdown_if_managed(Node& node) {
  auto* managed = dynamic_cast<LifecycleNode*>(&node);
  if (managed && managed->get_current_state().id() != sid::kFinalized) managed->shutdown();
}

}  // namespace dmxp::rt
