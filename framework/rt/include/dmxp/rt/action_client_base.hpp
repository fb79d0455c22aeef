// action_client_base.hpp - the untyped action client (docs/actions.md): goals, results and
// feedback as bytes of the action's types (action_common.hpp). ActionClient<A> (action.hpp)
// and the Python binding are handles over it.
//
// Behaviour, as ROS 2's rclcpp_action client:
//   - async_send_goal picks a random goal id, sends the goal and reports the server's answer
//     once: a goal handle (accepted), none (rejected), or an error (no server, the server
//     went away, no answer within the timeout).
//   - an accepted goal's result is requested at once; on_result runs once with the final
//     status and result, or with an error: DMXP_ERR_NOT_FOUND when the server dies (or is
//     destroyed) before the goal ends, seen within the service client's liveness tick
//     (20 ms) plus the time the channel needs to see the process dead.
//   - feedback for the client's own goals goes to their on_feedback; the status topic keeps
//     each goal handle's status() current.
//   - async_cancel sends an action_msgs/CancelGoal request: one goal (id, stamp 0), all goals
//     (zero id, stamp 0), or goals accepted at or before a time (zero id, that stamp).
// Every callback runs on the node's executor, never two at once; nothing runs unless an
// executor spins the node. Destroying the client drops callbacks not yet run.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dmxp/rt/action_common.hpp"
#include "dmxp/rt/service.hpp"
#include "dmxp/rt/subscription.hpp"

namespace action_msgs::srv { struct CancelGoal_Response; }

namespace dmxp::rt {

struct ActionClientOptions {
  ClientOptions services;  // response depths of the three service channels
  // The longest a goal may run before its result request gives up (0: no limit).
  std::chrono::nanoseconds result_timeout{0};
  uint32_t feedback_depth = 16;
};

class ActionClientBase;

// A goal the server accepted, as its client sees it.
class ClientGoalBase {
 public:
  using FeedbackFn = std::function<void(const std::shared_ptr<ClientGoalBase>&, const void* feedback)>;
  // status and result (ActionTypes::result_size bytes), or error (then result is null).
  using ResultFn = std::function<void(const std::shared_ptr<ClientGoalBase>&, GoalStatus status,
                                      const void* result, const Error* error)>;
  ClientGoalBase(GoalUUID id, FeedbackFn feedback, ResultFn result)
      : id_(id), feedback_(std::move(feedback)), result_(std::move(result)) {}
  const GoalUUID& goal_id() const { return id_; }
  GoalStamp stamp() const;
  // The latest status the client knows: from the status topic, then the result.
  GoalStatus status() const;

 private:
  friend class ActionClientBase;
  const GoalUUID id_;
  FeedbackFn feedback_;
  ResultFn result_;
  mutable std::mutex mu_;
  GoalStamp stamp_;
  GoalStatus status_ = GoalStatus::Unknown;
  bool done_ = false;  // the result (or its error) was delivered
};

class ActionClientBase : public Entity {
 public:
  // Resolves `name`, creates the three service clients and the two subscriptions and adds
  // the client to the node. `types`' strings must outlive it.
  static Result<std::shared_ptr<ActionClientBase>> create(const std::shared_ptr<NodeCore>& node,
                                                          std::string_view name,
                                                          const ActionTypes& types,
                                                          const ActionClientOptions& options);
  ActionClientBase(std::shared_ptr<NodeCore> node, std::string name, const ActionTypes& types,
                   const ActionClientOptions& options);

  // goal: ActionTypes::goal_size bytes. on_response(goal handle, nullptr) when accepted,
  // (nullptr, nullptr) when rejected, (nullptr, error) on failure; once, on the executor.
  using ResponseFn = std::function<void(const std::shared_ptr<ClientGoalBase>&, const Error*)>;
  void async_send_goal(const void* goal, std::chrono::nanoseconds timeout, ResponseFn on_response,
                       ClientGoalBase::FeedbackFn on_feedback, ClientGoalBase::ResultFn on_result);
  // done(response, nullptr) with the server's answer, or (nullptr, error); once, on the executor.
  using CancelFn = std::function<void(const action_msgs::srv::CancelGoal_Response*, const Error*)>;
  void async_cancel(const GoalUUID& goal_id, GoalStamp before, std::chrono::nanoseconds timeout,
                    CancelFn done);

  // A server offers all three services.
  bool action_server_is_ready() const;
  bool wait_for_action_server(std::chrono::nanoseconds timeout) const;
  const std::string& name() const { return name_; }
  const ActionTypes& types() const { return types_; }
  // Goals accepted whose result has not been delivered yet.
  size_t goals_in_flight() const;

 protected:
  void on_detach() override;

 private:
  void on_accepted(const std::shared_ptr<ClientGoalBase>& g, const void* response);
  void finish(const std::shared_ptr<ClientGoalBase>& g, GoalStatus status, const void* result,
              const Error* error);
  void on_feedback(const void* message);
  void on_status(const void* message);
  std::shared_ptr<ClientGoalBase> goal(const GoalUUID& id) const;

  std::string name_;
  ActionTypes types_;
  ActionClientOptions options_;
  std::shared_ptr<ClientBase> send_goal_, cancel_goal_, get_result_;
  std::shared_ptr<SubscriptionBase> feedback_, status_;
  mutable std::mutex mu_;
  std::map<GoalUUID, std::shared_ptr<ClientGoalBase>> goals_;  // sent, result not delivered
};

}  // namespace dmxp::rt
