// The action client (action_client_base.hpp): goals by id from the moment they are sent
// (feedback may overtake the server's answer), results requested on acceptance, and errors
// of the service clients turned into errors that name the action and the goal.
#include <spdlog/logger.h>

#include <action_msgs/msg/GoalStatusArray.hpp>
#include <action_msgs/srv/CancelGoal.hpp>
#include <cstring>
#include <thread>

#include "dmxp/rt/action_client_base.hpp"

namespace dmxp::rt {

using action_msgs::msg::GoalStatusArray;
using CancelRequest = action_msgs::srv::CancelGoal_Request;
using CancelResponseMsg = action_msgs::srv::CancelGoal_Response;

namespace {

// A subscription that hands each message's bytes to a function.
class BytesSubscription final : public SubscriptionBase {
 public:
  BytesSubscription(Setup setup, std::function<void(const void*)> fn)
      : SubscriptionBase(std::move(setup)), fn_(std::move(fn)) {}

 protected:
  void deliver(const dmxp_message& m) override { fn_(m.data); }

 private:
  std::function<void(const void*)> fn_;
};

// "No limit" for a result request: a deadline far beyond any run.
constexpr int64_t kNoLimitNs = int64_t(100) * 365 * 24 * 3600 * 1'000'000'000;

}  // namespace

GoalStamp ClientGoalBase::stamp() const {
  std::lock_guard lock(mu_);
  return stamp_;
}

GoalStatus ClientGoalBase::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

Result<std::shared_ptr<ActionClientBase>> ActionClientBase::create(
    const std::shared_ptr<NodeCore>& node, std::string_view name, const ActionTypes& types,
    const ActionClientOptions& options) {
  Result<std::string> resolved = node->resolve(name);
  if (!resolved) return resolved.error();
  auto client = std::make_shared<ActionClientBase>(node, resolved.value(), types, options);
  std::weak_ptr<ActionClientBase> weak = client;
  ActionNames n = action_names(resolved.value());
  auto send_goal = ClientBase::create(node, n.send_goal, types.send_goal, options.services);
  if (!send_goal) return send_goal.error();
  client->send_goal_ = std::move(send_goal).value();
  auto cancel = ClientBase::create(node, n.cancel_goal,
                                   service_types_of<CancelRequest, CancelResponseMsg>(), options.services);
  if (!cancel) return cancel.error();
  client->cancel_goal_ = std::move(cancel).value();
  auto get_result = ClientBase::create(node, n.get_result, types.get_result, options.services);
  if (!get_result) return get_result.error();
  client->get_result_ = std::move(get_result).value();
  auto feedback = SubscriptionBase::create<BytesSubscription>(
      node, n.feedback, types.feedback_message, QoS(options.feedback_depth).best_effort(), {},
      [weak](const void* m) {
        if (auto c = weak.lock()) c->on_feedback(m);
      });
  if (!feedback) return feedback.error();
  client->feedback_ = std::move(feedback).value();
  auto status = SubscriptionBase::create<BytesSubscription>(
      node, n.status, type_info_of<GoalStatusArray>(), QoS(1).best_effort().transient_local(), {},
      [weak](const void* m) {
        if (auto c = weak.lock()) c->on_status(m);
      });
  if (!status) return status.error();
  client->status_ = std::move(status).value();
  node->add_entity(client);
  return client;
}

ActionClientBase::ActionClientBase(std::shared_ptr<NodeCore> node, std::string name,
                                   const ActionTypes& types, const ActionClientOptions& options)
    : Entity(std::move(node)), name_(std::move(name)), types_(types), options_(options) {}

void ActionClientBase::on_detach() {
  for (auto* e : {static_cast<Entity*>(send_goal_.get()), static_cast<Entity*>(cancel_goal_.get()),
                  static_cast<Entity*>(get_result_.get()), static_cast<Entity*>(feedback_.get()),
                  static_cast<Entity*>(status_.get())})
    if (e) e->detach();
  std::lock_guard lock(mu_);
  goals_.clear();
}

bool ActionClientBase::action_server_is_ready() const {
  return send_goal_->service_is_ready() && cancel_goal_->service_is_ready() &&
         get_result_->service_is_ready();
}

bool ActionClientBase::wait_for_action_server(std::chrono::nanoseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (action_server_is_ready()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

size_t ActionClientBase::goals_in_flight() const {
  std::lock_guard lock(mu_);
  return goals_.size();
}

std::shared_ptr<ClientGoalBase> ActionClientBase::goal(const GoalUUID& id) const {
  std::lock_guard lock(mu_);
  auto it = goals_.find(id);
  return it == goals_.end() ? nullptr : it->second;
}

void ActionClientBase::async_send_goal(const void* goal, std::chrono::nanoseconds timeout,
                                       ResponseFn on_response, ClientGoalBase::FeedbackFn on_feedback,
                                       ClientGoalBase::ResultFn on_result) {
  GoalUUID id = random_goal_id();
  auto g = std::make_shared<ClientGoalBase>(id, std::move(on_feedback), std::move(on_result));
  std::vector<uint8_t> request(types_.send_goal.request.size, 0);
  std::memcpy(request.data(), id.data(), id.size());
  std::memcpy(request.data() + types_.goal_offset, goal, types_.goal_size);
  {
    std::lock_guard lock(mu_);
    goals_.emplace(id, g);  // feedback may come before the answer
  }
  std::weak_ptr<ActionClientBase> weak =
      std::static_pointer_cast<ActionClientBase>(shared_from_this());
  send_goal_->async_call(request.data(), timeout.count(),
                         [weak, g, on_response = std::move(on_response)](const void* r, const Error* err) {
    auto c = weak.lock();
    if (!c) return;
    bool accepted = r && static_cast<const uint8_t*>(r)[0] != 0;
    if (!accepted) {
      std::lock_guard lock(c->mu_);
      c->goals_.erase(g->goal_id());
    }
    if (err) {
      Error e(err->status(), "action '" + c->name_ + "': goal not sent: " + err->what());
      on_response(nullptr, &e);
      return;
    }
    if (!accepted) {
      on_response(nullptr, nullptr);
      return;
    }
    c->on_accepted(g, r);
    on_response(g, nullptr);
  });
}

void ActionClientBase::on_accepted(const std::shared_ptr<ClientGoalBase>& g, const void* response) {
  {
    std::lock_guard lock(g->mu_);
    const auto* bytes = static_cast<const uint8_t*>(response) + types_.stamp_offset;
    std::memcpy(&g->stamp_.sec, bytes, 4);
    std::memcpy(&g->stamp_.nanosec, bytes + 4, 4);
    if (g->status_ == GoalStatus::Unknown) g->status_ = GoalStatus::Accepted;
  }
  std::weak_ptr<ActionClientBase> weak =
      std::static_pointer_cast<ActionClientBase>(shared_from_this());
  int64_t limit = options_.result_timeout.count() > 0 ? options_.result_timeout.count() : kNoLimitNs;
  get_result_->async_call(g->goal_id().data(), limit, [weak, g](const void* r, const Error* err) {
    auto c = weak.lock();
    if (!c) return;
    if (err) {
      std::string why = err->status() == DMXP_ERR_NOT_FOUND
                            ? "the action server went away before the goal finished"
                            : "no result";
      Error e(err->status(), "action '" + c->name_ + "': goal " + to_string(g->goal_id()) + ": " +
                                 why + " (" + err->what() + ")");
      c->finish(g, GoalStatus::Unknown, nullptr, &e);
      return;
    }
    const auto* bytes = static_cast<const uint8_t*>(r);
    c->finish(g, GoalStatus(int8_t(bytes[0])), bytes + c->types_.result_offset, nullptr);
  });
}

void ActionClientBase::finish(const std::shared_ptr<ClientGoalBase>& g, GoalStatus status,
                              const void* result, const Error* error) {
  {
    std::lock_guard lock(mu_);
    goals_.erase(g->goal_id());
  }
  {
    std::lock_guard lock(g->mu_);
    if (g->done_) return;
    g->done_ = true;
    if (!error) g->status_ = status;
  }
  if (g->result_) g->result_(g, status, result, error);
}

void ActionClientBase::on_feedback(const void* message) {
  GoalUUID id;
  std::memcpy(id.data(), message, id.size());
  std::shared_ptr<ClientGoalBase> g = goal(id);  // another client's goal: not ours
  if (g && g->feedback_) g->feedback_(g, static_cast<const uint8_t*>(message) + types_.feedback_offset);
}

void ActionClientBase::on_status(const void* message) {
  const auto& array = *static_cast<const GoalStatusArray*>(message);
  for (const auto& s : array.status_list) {
    GoalUUID id;
    std::memcpy(id.data(), s.goal_info.goal_id.uuid.data(), id.size());
    std::shared_ptr<ClientGoalBase> g = goal(id);
    if (!g) continue;
    std::lock_guard lock(g->mu_);
    if (!g->done_) g->status_ = GoalStatus(s.status);
  }
}

void ActionClientBase::async_cancel(const GoalUUID& goal_id, GoalStamp before,
                                    std::chrono::nanoseconds timeout, CancelFn done) {
  CancelRequest rq;
  std::memcpy(rq.goal_info.goal_id.uuid.data(), goal_id.data(), goal_id.size());
  rq.goal_info.stamp.sec = before.sec;
  rq.goal_info.stamp.nanosec = before.nanosec;
  std::string name = name_;
  cancel_goal_->async_call(&rq, timeout.count(), [name, done = std::move(done)](const void* r, const Error* err) {
    if (err) {
      Error e(err->status(), "action '" + name + "': cancel request failed: " + err->what());
      done(nullptr, &e);
      return;
    }
    done(static_cast<const CancelResponseMsg*>(r), nullptr);
  });
}

}  // namespace dmxp::rt
