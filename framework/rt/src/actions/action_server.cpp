// The action server (action_server_base.hpp): goals by id in acceptance order, their states
// under one mutex, answers to get_result kept with their goal until it ends, and the status
// array published after every change. User callbacks never run with the mutex held.
#include <spdlog/logger.h>

#include <action_msgs/msg/GoalStatusArray.hpp>
#include <action_msgs/srv/CancelGoal.hpp>
#include <algorithm>
#include <cstring>

#include "dmxp/rt/action_server_base.hpp"
#include "node/process.hpp"

namespace dmxp::rt {

using action_msgs::msg::GoalStatusArray;
using CancelRequest = action_msgs::srv::CancelGoal_Request;
using CancelResponseMsg = action_msgs::srv::CancelGoal_Response;

namespace {

constexpr size_t kMaxGoals = decltype(GoalStatusArray::status_list)::capacity();

GoalUUID id_at(const void* bytes) {
  GoalUUID id;
  std::memcpy(id.data(), bytes, id.size());
  return id;
}

bool is_zero(const GoalUUID& id) {
  return std::all_of(id.begin(), id.end(), [](uint8_t b) { return b == 0; });
}

void write_goal_info(action_msgs::msg::GoalInfo& info, const ServerGoalBase& g) {
  std::memcpy(info.goal_id.uuid.data(), g.goal_id().data(), 16);
  info.stamp.sec = g.stamp().sec;
  info.stamp.nanosec = g.stamp().nanosec;
}

}  // namespace

// ---- goals ----

ServerGoalBase::ServerGoalBase(std::weak_ptr<ActionServerBase> server, GoalUUID id,
                               GoalStamp stamp, std::vector<uint8_t> goal, CallerIdentity client)
    : server_(std::move(server)), id_(id), stamp_(stamp), goal_(std::move(goal)), client_(client) {}

GoalStatus ServerGoalBase::status() const {
  auto s = server_.lock();
  if (!s) return status_;  // the server is gone: nothing changes it any more
  std::lock_guard lock(s->mu_);
  return status_;
}

bool ServerGoalBase::client_alive() const {
  return client_.pid == 0 || detail::process_alive(client_.pid, client_.start_time);
}

namespace {
// What a goal's calls return once its server is gone: the same text whether the server object
// is already freed or only detached (ActionServerBase::gone), which is a matter of timing.
Error gone_error(const std::string& action) {
  return Error(DMXP_ERR_INTERRUPTED, "action '" + action + "': the server was destroyed");
}
}  // namespace

Status ServerGoalBase::execute() { return end(GoalEvent::Execute, nullptr); }
Status ServerGoalBase::succeed(const void* result) { return end(GoalEvent::Succeed, result); }
Status ServerGoalBase::abort(const void* result) { return end(GoalEvent::Abort, result); }
Status ServerGoalBase::canceled(const void* result) { return end(GoalEvent::Canceled, result); }

Status ServerGoalBase::end(GoalEvent e, const void* result) {
  auto s = server_.lock();
  if (!s) return gone_error(action_);
  return s->change(*this, e, result);
}

Status ServerGoalBase::publish_feedback(const void* feedback) {
  auto s = server_.lock();
  if (!s) return gone_error(action_);
  return s->publish_feedback(*this, feedback);
}

// ---- the server ----

Result<std::shared_ptr<ActionServerBase>> ActionServerBase::create(
    const std::shared_ptr<NodeCore>& node, std::string_view name, const ActionTypes& types,
    Callbacks callbacks, const ActionServerOptions& options) {
  Result<std::string> resolved = node->resolve(name);
  if (!resolved) return resolved.error();
  auto server = std::make_shared<ActionServerBase>(node, resolved.value(), types,
                                                   std::move(callbacks), options);
  std::weak_ptr<ActionServerBase> weak = server;
  ActionNames n = action_names(resolved.value());

  auto send_goal = ServiceBase::create_deferred(
      node, n.send_goal, types.send_goal,
      [weak](const void* rq, const RequestId& id) {
        if (auto s = weak.lock()) s->on_send_goal(rq, id);
      },
      options.services);
  if (!send_goal) return send_goal.error();
  server->send_goal_ = std::move(send_goal).value();
  auto cancel = ServiceBase::create(
      node, n.cancel_goal, service_types_of<CancelRequest, CancelResponseMsg>(),
      [weak](const void* rq, void* rs) {
        new (rs) CancelResponseMsg();
        if (auto s = weak.lock()) s->on_cancel(rq, rs);
      },
      options.services);
  if (!cancel) return cancel.error();
  server->cancel_goal_ = std::move(cancel).value();
  auto get_result = ServiceBase::create_deferred(
      node, n.get_result, types.get_result,
      [weak](const void* rq, const RequestId& id) {
        if (auto s = weak.lock()) s->on_get_result(rq, id);
      },
      options.services);
  if (!get_result) return get_result.error();
  server->get_result_ = std::move(get_result).value();
  auto feedback = PublisherBase::create(node, n.feedback, types.feedback_message,
                                        QoS(options.feedback_depth).best_effort(), {});
  if (!feedback) return feedback.error();
  server->feedback_ = std::move(feedback).value();
  // Latched: a client that starts later sees the current goals at once.
  auto status = PublisherBase::create(node, n.status, type_info_of<GoalStatusArray>(),
                                      QoS(1).best_effort().transient_local(), {});
  if (!status) return status.error();
  server->status_ = std::move(status).value();
  {
    std::lock_guard lock(server->mu_);
    server->publish_status();  // an empty array: the server exists, with no goals
  }
  node->add_entity(server);
  return server;
}

ActionServerBase::ActionServerBase(std::shared_ptr<NodeCore> node, std::string name,
                                   const ActionTypes& types, Callbacks callbacks,
                                   const ActionServerOptions& options)
    : Entity(std::move(node)),
      name_(std::move(name)),
      types_(types),
      callbacks_(std::move(callbacks)),
      options_(options) {}

Error ActionServerBase::gone() const {
  return gone_error(name_);
}

void ActionServerBase::on_detach() {
  // No callback of the parts runs from now on; goals still held by the user get errors.
  for (auto* e : {static_cast<Entity*>(send_goal_.get()), static_cast<Entity*>(cancel_goal_.get()),
                  static_cast<Entity*>(get_result_.get()), static_cast<Entity*>(feedback_.get()),
                  static_cast<Entity*>(status_.get())})
    if (e) e->detach();
}

std::vector<std::shared_ptr<ServerGoalBase>> ActionServerBase::goals() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<ServerGoalBase>> out;
  for (const auto& [id, g] : goals_) out.push_back(g);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a->stamp().ns() < b->stamp().ns();
  });
  return out;
}

void ActionServerBase::on_send_goal(const void* request, const RequestId& id) {
  GoalUUID gid = id_at(request);
  const void* goal = static_cast<const uint8_t*>(request) + types_.goal_offset;
  std::string refused;
  {
    std::lock_guard lock(mu_);
    if (goals_.count(gid)) refused = "its id is in use";
    else if (goals_.size() >= kMaxGoals)
      refused = "the server tracks " + std::to_string(kMaxGoals) +
                " goals already (the status array's capacity; finished goals are forgotten "
                "after result_timeout)";
  }
  GoalResponse answer = GoalResponse::REJECT;
  if (!refused.empty()) {
    node().logger().warn("action '{}': goal {} rejected: {}", name_, to_string(gid), refused);
  } else if (callbacks_.handle_goal) {
    answer = callbacks_.handle_goal(gid, goal);
  }
  bool accepted = answer == GoalResponse::ACCEPT_AND_EXECUTE || answer == GoalResponse::ACCEPT_AND_DEFER;
  GoalStamp stamp = accepted ? GoalStamp::now() : GoalStamp{};
  std::shared_ptr<ServerGoalBase> g;
  if (accepted) {
    const auto* bytes = static_cast<const uint8_t*>(goal);
    g = std::make_shared<ServerGoalBase>(std::static_pointer_cast<ActionServerBase>(shared_from_this()),
                                         gid, stamp,
                                         std::vector<uint8_t>(bytes, bytes + types_.goal_size),
                                         id.caller);
    g->action_ = name_;
    std::lock_guard lock(mu_);
    goals_.emplace(gid, g);  // before the answer: the client may ask for its result at once
  }
  (void)send_goal_->respond(id, [&](void* response) {
    auto* out = static_cast<uint8_t*>(response);
    std::memset(out, 0, types_.send_goal.response.size);
    out[0] = accepted ? 1 : 0;
    std::memcpy(out + types_.stamp_offset, &stamp.sec, 4);
    std::memcpy(out + types_.stamp_offset + 4, &stamp.nanosec, 4);
  });
  if (!g) return;
  {
    std::lock_guard lock(mu_);
    publish_status();  // ACCEPTED
  }
  if (answer == GoalResponse::ACCEPT_AND_EXECUTE) (void)change(*g, GoalEvent::Execute, nullptr);
  if (callbacks_.handle_accepted) callbacks_.handle_accepted(g);
}

void ActionServerBase::on_cancel(const void* request, void* response) {
  const auto& rq = *static_cast<const CancelRequest*>(request);
  auto& rs = *static_cast<CancelResponseMsg*>(response);
  GoalUUID target;
  std::memcpy(target.data(), rq.goal_info.goal_id.uuid.data(), 16);
  int64_t before = int64_t(rq.goal_info.stamp.sec) * 1'000'000'000 + rq.goal_info.stamp.nanosec;
  bool all = is_zero(target) && before == 0;
  // The goals the request names (action_msgs/CancelGoal's policy), and those already canceling.
  std::vector<std::shared_ptr<ServerGoalBase>> ask, canceling;
  int8_t code = CancelResponseMsg::ERROR_NONE;
  {
    std::lock_guard lock(mu_);
    if (!is_zero(target)) {
      auto it = goals_.find(target);
      if (it == goals_.end()) {
        if (before == 0) code = CancelResponseMsg::ERROR_UNKNOWN_GOAL_ID;
      } else if (is_terminal(it->second->status_)) {
        if (before == 0) code = CancelResponseMsg::ERROR_GOAL_TERMINATED;
      } else {
        (it->second->status_ == GoalStatus::Canceling ? canceling : ask).push_back(it->second);
      }
    }
    if (all || before != 0)
      for (const auto& [id, g] : goals_) {
        if (id == target || !dmxp::rt::is_active(g->status_)) continue;
        if (!all && g->stamp().ns() > before) continue;
        (g->status_ == GoalStatus::Canceling ? canceling : ask).push_back(g);
      }
  }
  for (const auto& g : ask) {
    CancelResponse r = callbacks_.handle_cancel ? callbacks_.handle_cancel(g) : CancelResponse::REJECT;
    // A goal that ended meanwhile is not canceling: change() refuses it.
    if (r == CancelResponse::ACCEPT && change(*g, GoalEvent::CancelGoal, nullptr)) canceling.push_back(g);
  }
  if (code != CancelResponseMsg::ERROR_NONE) {
    rs.return_code = code;
    return;
  }
  if (canceling.empty()) {
    rs.return_code = CancelResponseMsg::ERROR_REJECTED;
    return;
  }
  rs.return_code = CancelResponseMsg::ERROR_NONE;
  rs.goals_canceling.resize(std::min(canceling.size(), size_t(rs.goals_canceling.capacity())));
  for (size_t i = 0; i < rs.goals_canceling.size(); ++i) write_goal_info(rs.goals_canceling[i], *canceling[i]);
}

void ActionServerBase::on_get_result(const void* request, const RequestId& id) {
  GoalUUID gid = id_at(request);
  std::lock_guard lock(mu_);
  auto it = goals_.find(gid);
  if (it == goals_.end()) {  // unknown, or forgotten: STATUS_UNKNOWN and an empty result
    (void)get_result_->respond(id, [&](void* response) {
      std::memset(response, 0, types_.get_result.response.size);
    });
    return;
  }
  if (is_terminal(it->second->status_)) answer_result(*it->second, id);
  else it->second->waiting_.push_back(id);
}

void ActionServerBase::answer_result(const ServerGoalBase& g, const RequestId& id) {
  (void)get_result_->respond(id, [&](void* response) {
    auto* out = static_cast<uint8_t*>(response);
    std::memset(out, 0, types_.get_result.response.size);
    out[0] = uint8_t(g.status_);
    std::memcpy(out + types_.result_offset, g.result_.data(), g.result_.size());
  });
}

Status ActionServerBase::change(ServerGoalBase& g, GoalEvent e, const void* result) {
  std::lock_guard lock(mu_);
  if (detached()) return gone();
  std::optional<GoalStatus> next = transition(g.status_, e);
  if (!next)
    return Error(DMXP_ERR_INVALID_ARGUMENT,
                 "action '" + name_ + "': goal " + to_string(g.id_) + " cannot " + to_string(e) +
                     " while " + to_string(g.status_) +
                     " (execute: from ACCEPTED; succeed, abort: from EXECUTING or CANCELING; "
                     "canceled: from CANCELING)");
  g.status_ = *next;
  if (is_terminal(*next)) {
    const auto* bytes = static_cast<const uint8_t*>(result);
    g.result_.assign(bytes, bytes + types_.result_size);
    g.expires_ns_ = detail::monotonic_ns() + uint64_t(options_.result_timeout.count());
    for (const RequestId& id : g.waiting_) answer_result(g, id);
    g.waiting_.clear();
  }
  publish_status();
  return Unit{};
}

Status ActionServerBase::publish_feedback(const ServerGoalBase& g, const void* feedback) {
  std::lock_guard lock(mu_);
  if (detached()) return gone();
  if (!dmxp::rt::is_active(g.status_))
    return Error(DMXP_ERR_INVALID_ARGUMENT, "action '" + name_ + "': goal " + to_string(g.id_) +
                                                " is " + to_string(g.status_) +
                                                ", expected an active goal for feedback");
  uint32_t size = types_.feedback_message.size;
  void* slot = nullptr;
  if (int rc = dmxp_producer_loan(feedback_->producer(), size, &slot, feedback_->loan_timeout_ns()))
    return Error::last(rc);
  auto* out = static_cast<uint8_t*>(slot);
  std::memset(out, 0, size);
  std::memcpy(out, g.id_.data(), g.id_.size());
  std::memcpy(out + types_.feedback_offset, feedback, types_.feedback_size);
  if (int rc = dmxp_producer_commit(feedback_->producer(), size, nullptr)) return Error::last(rc);
  feedback_->note_published();
  return Unit{};
}

void ActionServerBase::publish_status() {
  if (!status_) return;
  void* slot = nullptr;
  if (int rc = dmxp_producer_loan(status_->producer(), sizeof(GoalStatusArray), &slot, 0)) {
    node().logger().warn("action '{}': status not published: {}", name_, Error::last(rc).what());
    return;
  }
  auto* msg = new (slot) GoalStatusArray(msg::skip_init);
  std::vector<const ServerGoalBase*> ordered;
  for (const auto& [id, g] : goals_) ordered.push_back(g.get());
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) {
    return a->stamp().ns() < b->stamp().ns();
  });
  msg->status_list.resize(ordered.size());  // at most kMaxGoals: on_send_goal keeps it so
  for (size_t i = 0; i < ordered.size(); ++i) {
    write_goal_info(msg->status_list[i].goal_info, *ordered[i]);
    msg->status_list[i].status = int8_t(ordered[i]->status_);
  }
  dmxp_producer_commit(status_->producer(), sizeof(GoalStatusArray), nullptr);
  status_->note_published();
}

int64_t ActionServerBase::event_period_ns() const {
  return std::max<int64_t>(options_.client_check_period.count(), 1'000'000);
}

void ActionServerBase::check_events(uint64_t now_ns) {
  if (detached() || now_ns < next_client_check_ns_) return;
  next_client_check_ns_ = now_ns + uint64_t(event_period_ns());
  check_clients();
  expire_results(now_ns);
}

void ActionServerBase::check_clients() {
  std::vector<std::shared_ptr<ServerGoalBase>> lost;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, g] : goals_)
      if (dmxp::rt::is_active(g->status_) && !g->client_lost_ && !g->client_alive()) {
        g->client_lost_ = true;
        lost.push_back(g);
      }
  }
  for (const auto& g : lost) {
    bool cancel = options_.cancel_goals_of_lost_clients && g->status() != GoalStatus::Canceling;
    node().logger().warn("action '{}': the client of goal {} (pid {}) died{}", name_,
                         to_string(g->goal_id()), g->client_.pid,
                         cancel ? "; asking to cancel the goal" : "; the goal goes on");
    if (cancel && callbacks_.handle_cancel && callbacks_.handle_cancel(g) == CancelResponse::ACCEPT)
      (void)change(*g, GoalEvent::CancelGoal, nullptr);
  }
}

void ActionServerBase::expire_results(uint64_t now_ns) {
  std::lock_guard lock(mu_);
  size_t before = goals_.size();
  std::erase_if(goals_, [&](const auto& entry) {
    return is_terminal(entry.second->status_) && now_ns >= entry.second->expires_ns_;
  });
  if (goals_.size() != before) publish_status();
}

}  // namespace dmxp::rt
