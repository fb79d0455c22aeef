// action.hpp - typed action servers and clients, as rclcpp_action has them (docs/actions.md).
//
//   using Fibonacci = example_interfaces::action::Fibonacci;      // from Fibonacci.action
//   auto server = dmxp::rt::create_action_server<Fibonacci>(node, "fibonacci",
//       [](const dmxp::rt::GoalUUID&, const Fibonacci::Goal& goal) {
//         return goal.order <= 46 ? dmxp::rt::GoalResponse::ACCEPT_AND_EXECUTE
//                                 : dmxp::rt::GoalResponse::REJECT; },
//       [](std::shared_ptr<dmxp::rt::ServerGoalHandle<Fibonacci>>) {
//         return dmxp::rt::CancelResponse::ACCEPT; },
//       [](std::shared_ptr<dmxp::rt::ServerGoalHandle<Fibonacci>> goal) {
//         std::thread([goal] { ...; goal->publish_feedback(fb); ...; goal->succeed(result); }).detach();
//       }).value();
//
//   auto client = dmxp::rt::create_action_client<Fibonacci>(node, "fibonacci").value();
//   dmxp::rt::SendGoalOptions<Fibonacci> opts;
//   opts.feedback_callback = [](auto goal, const Fibonacci::Feedback& fb) { ... };
//   auto handle = client.async_send_goal(goal, opts).get().value();   // an executor spins node
//   auto result = client.async_get_result(handle).get();             // Result<WrappedResult>
//
// handle_goal may take the goal as `const Goal&` (a view of the request, valid during the
// call) or, as rclcpp, `std::shared_ptr<const Goal>` (a copy); a feedback callback gets
// `const Feedback&`, a view of the feedback in its slot. Server callbacks run on the node's
// executor: long work belongs on a thread of the user's (the goal handle is thread-safe).
// Everything a client reports runs on its node's executor; futures are ready once it did.
#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <type_traits>

#include <action_msgs/srv/CancelGoal.hpp>

#include "dmxp/rt/action_client_base.hpp"
#include "dmxp/rt/action_common.hpp"
#include "dmxp/rt/action_server_base.hpp"
#include "dmxp/rt/node.hpp"

namespace dmxp::rt {

// An action struct generated from a .action file.
template <class A>
concept ActionType = msg::Message<typename A::Goal> && msg::Message<typename A::Result> &&
                     msg::Message<typename A::Feedback> &&
                     msg::Message<typename A::Impl::FeedbackMessage>;

// ---- server ----

template <ActionType A>
class ServerGoalHandle {
 public:
  using Goal = typename A::Goal;
  using Result = typename A::Result;
  using Feedback = typename A::Feedback;
  static_assert(alignof(Goal) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__, "goal copies are heap bytes");

  explicit ServerGoalHandle(std::shared_ptr<ServerGoalBase> g) : g_(std::move(g)) {}
  const GoalUUID& get_goal_id() const { return g_->goal_id(); }
  GoalStamp get_goal_stamp() const { return g_->stamp(); }
  // The goal as sent (a copy the handle keeps).
  const Goal& goal() const { return *static_cast<const Goal*>(g_->goal()); }
  std::shared_ptr<const Goal> get_goal() const { return {g_, &goal()}; }
  GoalStatus status() const { return g_->status(); }
  bool is_active() const { return g_->is_active(); }
  bool is_executing() const { return g_->is_executing(); }
  bool is_canceling() const { return g_->is_canceling(); }
  bool client_alive() const { return g_->client_alive(); }

  Status execute() { return g_->execute(); }
  Status publish_feedback(const Feedback& f) { return g_->publish_feedback(&f); }
  Status publish_feedback(const std::shared_ptr<Feedback>& f) { return publish_feedback(*f); }
  Status succeed(const Result& r) { return g_->succeed(&r); }
  Status succeed(const std::shared_ptr<Result>& r) { return succeed(*r); }
  Status abort(const Result& r) { return g_->abort(&r); }
  Status abort(const std::shared_ptr<Result>& r) { return abort(*r); }
  Status canceled(const Result& r) { return g_->canceled(&r); }
  Status canceled(const std::shared_ptr<Result>& r) { return canceled(*r); }
  const std::shared_ptr<ServerGoalBase>& base() const { return g_; }

 private:
  std::shared_ptr<ServerGoalBase> g_;
};

template <ActionType A>
class ActionServer : public EntityHandle<ActionServerBase> {
 public:
  ActionServer() = default;
  explicit ActionServer(std::shared_ptr<ActionServerBase> b) : EntityHandle(std::move(b)) {}
  const std::string& action_name() const { return e_->name(); }
  std::vector<std::shared_ptr<ServerGoalHandle<A>>> goals() const {
    std::vector<std::shared_ptr<ServerGoalHandle<A>>> out;
    for (auto& g : e_->goals()) out.push_back(std::make_shared<ServerGoalHandle<A>>(g));
    return out;
  }
};

template <ActionType A, class GoalFn, class CancelFn, class AcceptedFn>
Result<ActionServer<A>> create_action_server(Node& node, std::string_view name, GoalFn handle_goal,
                                             CancelFn handle_cancel, AcceptedFn handle_accepted,
                                             const ActionServerOptions& options = {}) {
  using Goal = typename A::Goal;
  using Handle = ServerGoalHandle<A>;
  ActionServerBase::Callbacks cb;
  cb.handle_goal = [f = std::move(handle_goal)](const GoalUUID& id, const void* goal) mutable {
    const Goal& g = *static_cast<const Goal*>(goal);
    if constexpr (std::is_invocable_v<GoalFn&, const GoalUUID&, std::shared_ptr<const Goal>>)
      return f(id, std::make_shared<const Goal>(g));
    else
      return f(id, g);
  };
  cb.handle_cancel = [f = std::move(handle_cancel)](const std::shared_ptr<ServerGoalBase>& g) mutable {
    return f(std::make_shared<Handle>(g));
  };
  cb.handle_accepted = [f = std::move(handle_accepted)](const std::shared_ptr<ServerGoalBase>& g) mutable {
    f(std::make_shared<Handle>(g));
  };
  static const ActionTypes types = action_types_of<A>();
  auto base = ActionServerBase::create(node.core(), name, types, std::move(cb), options);
  if (!base) return base.error();
  return ActionServer<A>(std::move(base).value());
}

// ---- client ----

// The end of a goal: its final status (SUCCEEDED, CANCELED, ABORTED; UNKNOWN when the server
// forgot it) and result. rclcpp calls the status `code`.
template <ActionType A>
struct WrappedResult {
  GoalUUID goal_id{};
  GoalStatus code = GoalStatus::Unknown;
  typename A::Result result{};
};

template <ActionType A>
class ClientGoalHandle;

template <ActionType A>
struct SendGoalOptions {
  using Handle = std::shared_ptr<ClientGoalHandle<A>>;
  // The server's answer: the handle, or null when rejected (errors: the future's Result).
  std::function<void(Handle)> goal_response_callback;
  // The feedback, a view of its slot (valid during the call).
  std::function<void(Handle, const typename A::Feedback&)> feedback_callback;
  // The goal's end, or the error that ended the wait (not run for a rejected goal).
  std::function<void(const dmxp::Result<WrappedResult<A>>&)> result_callback;
  std::chrono::nanoseconds response_timeout = std::chrono::seconds(5);  // the server's answer
};

namespace detail {
// What one goal's callbacks share: the user's options and the result's promise.
template <ActionType A>
struct ClientGoalState {
  SendGoalOptions<A> options;
  std::promise<dmxp::Result<WrappedResult<A>>> promise;
  std::shared_future<dmxp::Result<WrappedResult<A>>> future = promise.get_future().share();
  bool set = false;
  // notify: run result_callback too (not for a rejected goal, as in rclcpp).
  void fulfil(dmxp::Result<WrappedResult<A>> r, bool notify = true) {
    if (set) return;
    set = true;
    if (notify && options.result_callback) options.result_callback(r);
    promise.set_value(std::move(r));
  }
  ~ClientGoalState() {
    if (!set) promise.set_value(Error(DMXP_ERR_INTERRUPTED, "the action client was destroyed before the goal finished"));
  }
};
}  // namespace detail

template <ActionType A>
class ClientGoalHandle {
 public:
  ClientGoalHandle(std::shared_ptr<ClientGoalBase> g, std::shared_ptr<detail::ClientGoalState<A>> s)
      : g_(std::move(g)), s_(std::move(s)) {}
  const GoalUUID& get_goal_id() const { return g_->goal_id(); }
  GoalStamp get_goal_stamp() const { return g_->stamp(); }
  GoalStatus get_status() const { return g_->status(); }
  std::shared_future<dmxp::Result<WrappedResult<A>>> result_future() const { return s_->future; }

 private:
  std::shared_ptr<ClientGoalBase> g_;
  std::shared_ptr<detail::ClientGoalState<A>> s_;
};

template <ActionType A>
class ActionClient : public EntityHandle<ActionClientBase> {
 public:
  using Goal = typename A::Goal;
  using Handle = std::shared_ptr<ClientGoalHandle<A>>;
  using CancelResponseT = action_msgs::srv::CancelGoal_Response;

  ActionClient() = default;
  explicit ActionClient(std::shared_ptr<ActionClientBase> b) : EntityHandle(std::move(b)) {}

  // The goal's handle once the server accepted it, null when it rejected it, or the error.
  std::shared_future<dmxp::Result<Handle>> async_send_goal(const Goal& goal,
                                                           SendGoalOptions<A> options = {}) {
    auto state = std::make_shared<detail::ClientGoalState<A>>();
    state->options = std::move(options);
    auto answer = std::make_shared<Once<Handle>>();
    auto future = answer->promise.get_future().share();
    auto timeout = state->options.response_timeout;
    e_->async_send_goal(
        &goal, timeout,
        [state, answer](const std::shared_ptr<ClientGoalBase>& g, const Error* err) {
          if (err) {
            answer->set(*err);
            state->fulfil(*err);
            return;
          }
          Handle h = g ? std::make_shared<ClientGoalHandle<A>>(g, state) : nullptr;
          if (state->options.goal_response_callback) state->options.goal_response_callback(h);
          answer->set(h);
          if (!g) state->fulfil(Error(DMXP_ERR_INVALID_ARGUMENT, "the goal was rejected"), false);
        },
        [state](const std::shared_ptr<ClientGoalBase>& g, const void* fb) {
          if (state->options.feedback_callback)
            state->options.feedback_callback(std::make_shared<ClientGoalHandle<A>>(g, state),
                                             *static_cast<const typename A::Feedback*>(fb));
        },
        [state](const std::shared_ptr<ClientGoalBase>& g, GoalStatus status, const void* result,
                const Error* err) {
          if (err) {
            state->fulfil(*err);
            return;
          }
          WrappedResult<A> w;
          w.goal_id = g->goal_id();
          w.code = status;
          w.result = *static_cast<const typename A::Result*>(result);
          state->fulfil(std::move(w));
        });
    return future;
  }
  // The goal's result (requested as soon as the goal was accepted).
  std::shared_future<dmxp::Result<WrappedResult<A>>> async_get_result(const Handle& h) const {
    return h->result_future();
  }
  // Cancels one goal, every goal of the action (any client's), or those accepted at or before
  // `stamp` (action_msgs/CancelGoal).
  std::future<dmxp::Result<CancelResponseT>> async_cancel_goal(const Handle& h,
      std::chrono::nanoseconds timeout = std::chrono::seconds(5)) {
    return cancel(h->get_goal_id(), GoalStamp{}, timeout);
  }
  std::future<dmxp::Result<CancelResponseT>> async_cancel_all_goals(
      std::chrono::nanoseconds timeout = std::chrono::seconds(5)) {
    return cancel(GoalUUID{}, GoalStamp{}, timeout);
  }
  std::future<dmxp::Result<CancelResponseT>> async_cancel_goals_before(GoalStamp stamp,
      std::chrono::nanoseconds timeout = std::chrono::seconds(5)) {
    return cancel(GoalUUID{}, stamp, timeout);
  }
  bool action_server_is_ready() const { return e_->action_server_is_ready(); }
  bool wait_for_action_server(std::chrono::nanoseconds timeout) const {
    return e_->wait_for_action_server(timeout);
  }
  const std::string& action_name() const { return e_->name(); }
  size_t goals_in_flight() const { return e_->goals_in_flight(); }

 private:
  // A promise fulfilled exactly once, with an error if its callback was dropped.
  template <class T>
  struct Once {
    std::promise<dmxp::Result<T>> promise;
    bool set_ = false;
    void set(dmxp::Result<T> r) {
      if (set_) return;
      set_ = true;
      promise.set_value(std::move(r));
    }
    ~Once() {
      if (!set_) promise.set_value(Error(DMXP_ERR_INTERRUPTED, "the action client was destroyed before the answer came"));
    }
  };
  std::future<dmxp::Result<CancelResponseT>> cancel(const GoalUUID& id, GoalStamp stamp,
                                                    std::chrono::nanoseconds timeout) {
    auto answer = std::make_shared<Once<CancelResponseT>>();
    auto future = answer->promise.get_future();
    e_->async_cancel(id, stamp, timeout, [answer](const CancelResponseT* r, const Error* err) {
      if (err) answer->set(*err);
      else answer->set(*r);
    });
    return future;
  }
};

template <ActionType A>
Result<ActionClient<A>> create_action_client(Node& node, std::string_view name,
                                             const ActionClientOptions& options = {}) {
  static const ActionTypes types = action_types_of<A>();
  auto base = ActionClientBase::create(node.core(), name, types, options);
  if (!base) return base.error();
  return ActionClient<A>(std::move(base).value());
}

}  // namespace dmxp::rt
