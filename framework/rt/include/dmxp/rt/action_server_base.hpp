// action_server_base.hpp - the untyped action server (docs/actions.md): goals as bytes of
// the action's types (action_common.hpp). ActionServer<A> (action.hpp) and the Python
// binding are handles over it.
//
// Behaviour, as ROS 2's rclcpp_action server:
//   - a goal request runs handle_goal(id, goal): REJECT answers "not accepted";
//     ACCEPT_AND_EXECUTE / ACCEPT_AND_DEFER answer "accepted" with the acceptance time, and
//     the goal starts EXECUTING / stays ACCEPTED (until ServerGoalBase::execute()); then,
//     after the answer was sent, handle_accepted(goal) runs. A goal id the server tracks
//     already is rejected without asking handle_goal.
//   - a cancel request (action_msgs/CancelGoal: one goal, all goals, goals accepted at or
//     before a time, or one goal and those before a time) asks handle_cancel(goal) for each
//     active goal it names; those it ACCEPTs become CANCELING, and the answer lists them
//     (ERROR_NONE), or says ERROR_REJECTED, ERROR_UNKNOWN_GOAL_ID or ERROR_GOAL_TERMINATED.
//     The goal's code still decides when it stops (canceled(), or succeed()/abort()).
//   - get_result requests are answered once their goal is done (at once for a finished one)
//     with its status and result; the result is kept for `result_timeout` after the goal
//     ended, then the goal is forgotten (STATUS_UNKNOWN from then on).
//   - the status topic carries every goal the server tracks, after every change.
// And beyond ROS 2: every goal remembers the process that sent it; when that process dies
// (SIGKILL included) the server logs it within `client_check_period` and, with
// cancel_goals_of_lost_clients, handles it as a cancel request for its goals.
//
// Callbacks: handle_goal, handle_cancel and handle_accepted run on the node's executor, never
// two at once. The goal's methods are thread-safe (an execute thread of the user's calls them).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dmxp/rt/action_common.hpp"
#include "dmxp/rt/publisher.hpp"
#include "dmxp/rt/service.hpp"

namespace dmxp::rt {

struct ActionServerOptions {
  // How long a finished goal's result stays available (rcl_action's default: 15 minutes).
  std::chrono::nanoseconds result_timeout = std::chrono::minutes(15);
  // Goals whose client process died: cancel them (through handle_cancel) or only log it.
  bool cancel_goals_of_lost_clients = false;
  std::chrono::nanoseconds client_check_period = std::chrono::milliseconds(100);
  ServiceOptions services;   // depths of the three services' channels
  uint32_t feedback_depth = 16;  // best effort: a client that stalls never holds the server back
};

class ActionServerBase;

// One goal the server accepted. Kept alive by its handles (the user's) and by the server
// while it tracks the goal.
class ServerGoalBase {
 public:
  ServerGoalBase(std::weak_ptr<ActionServerBase> server, GoalUUID id, GoalStamp stamp,
                 std::vector<uint8_t> goal, CallerIdentity client);
  const GoalUUID& goal_id() const { return id_; }
  GoalStamp stamp() const { return stamp_; }
  // The goal's bytes (ActionTypes::goal_size of them), copied out of the request.
  const void* goal() const { return goal_.data(); }
  GoalStatus status() const;
  bool is_active() const { return dmxp::rt::is_active(status()); }
  bool is_executing() const { return status() == GoalStatus::Executing; }
  bool is_canceling() const { return status() == GoalStatus::Canceling; }
  // Whether the process that sent the goal is still alive.
  bool client_alive() const;

  // ACCEPTED -> EXECUTING (a goal accepted with ACCEPT_AND_DEFER).
  Status execute();
  // feedback: ActionTypes::feedback_size bytes; published with the goal's id. Only while active.
  Status publish_feedback(const void* feedback);
  // The goal ends with this result (ActionTypes::result_size bytes): SUCCEEDED and ABORTED
  // from EXECUTING or CANCELING, CANCELED from CANCELING. Errors name the goal, the state and
  // what was allowed; DMXP_ERR_INTERRUPTED once the server is gone.
  Status succeed(const void* result);
  Status abort(const void* result);
  Status canceled(const void* result);

 private:
  friend class ActionServerBase;
  Status end(GoalEvent e, const void* result);
  std::weak_ptr<ActionServerBase> server_;
  const GoalUUID id_;
  const GoalStamp stamp_;
  const std::vector<uint8_t> goal_;
  const CallerIdentity client_;
  // The server's name (set by it on creation): errors once it is gone read as the server's own.
  std::string action_;
  // Guarded by the server's mutex:
  GoalStatus status_ = GoalStatus::Accepted;
  std::vector<uint8_t> result_;         // once terminal
  std::vector<RequestId> waiting_;      // get_result requests to answer when it ends
  uint64_t expires_ns_ = 0;             // CLOCK_MONOTONIC: forgotten after (terminal only)
  bool client_lost_ = false;            // its client's death was seen
};

class ActionServerBase : public Entity {
 public:
  struct Callbacks {
    std::function<GoalResponse(const GoalUUID&, const void* goal)> handle_goal;
    std::function<CancelResponse(const std::shared_ptr<ServerGoalBase>&)> handle_cancel;
    std::function<void(const std::shared_ptr<ServerGoalBase>&)> handle_accepted;
  };
  // Resolves `name` (remaps), creates the three services and two publishers (the first
  // error is returned: a bad name, a type mismatch with an existing channel) and adds the
  // server to the node. `types`' strings must outlive it.
  static Result<std::shared_ptr<ActionServerBase>> create(const std::shared_ptr<NodeCore>& node,
                                                          std::string_view name,
                                                          const ActionTypes& types,
                                                          Callbacks callbacks,
                                                          const ActionServerOptions& options);
  ActionServerBase(std::shared_ptr<NodeCore> node, std::string name, const ActionTypes& types,
                   Callbacks callbacks, const ActionServerOptions& options);

  const std::string& name() const { return name_; }
  const ActionTypes& types() const { return types_; }
  // The goals it tracks (active, or finished with a result still kept), oldest first.
  std::vector<std::shared_ptr<ServerGoalBase>> goals() const;

  int64_t event_period_ns() const override;
  void check_events(uint64_t now_ns) override;

 protected:
  void on_detach() override;

 private:
  friend class ServerGoalBase;
  void on_send_goal(const void* request, const RequestId& id);
  void on_cancel(const void* request, void* response);
  void on_get_result(const void* request, const RequestId& id);
  Status change(ServerGoalBase& g, GoalEvent e, const void* result);
  Status publish_feedback(const ServerGoalBase& g, const void* feedback);
  void answer_result(const ServerGoalBase& g, const RequestId& id);  // mu_ held
  void publish_status();                                             // mu_ held
  void check_clients();
  void expire_results(uint64_t now_ns);
  Error gone() const;

  std::string name_;
  ActionTypes types_;
  Callbacks callbacks_;
  ActionServerOptions options_;
  std::shared_ptr<ServiceBase> send_goal_, cancel_goal_, get_result_;
  std::shared_ptr<PublisherBase> feedback_, status_;
  mutable std::mutex mu_;  // goals_, every goal's state, the publishers
  std::map<GoalUUID, std::shared_ptr<ServerGoalBase>> goals_;
  uint64_t next_client_check_ns_ = 0;
};

}  // namespace dmxp::rt
