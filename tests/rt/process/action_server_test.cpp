// The action server's rules with a server and client in this process (each on its own
// channels, as across processes): a deferred goal waits in ACCEPTED until execute(); the
// transitions the state machine refuses fail with text naming goal and state; the status
// topic follows each change; a finished goal's result stays for result_timeout, then the
// goal is forgotten (STATUS_UNKNOWN, gone from the status array).
#include <gtest/gtest.h>

#include <action_msgs/msg/GoalStatusArray.hpp>

#include "action_test_support.hpp"

using namespace rt_test;
using dmxp::rt::GoalStatus;
using GoalStatusArray = action_msgs::msg::GoalStatusArray;
using ServerHandle = std::shared_ptr<dmxp::rt::ServerGoalHandle<Fibonacci>>;

namespace {

// A server whose goals the test drives by hand.
struct ManualServer {
  std::mutex mu;
  std::vector<ServerHandle> goals;
  dmxp::rt::ActionServer<Fibonacci> server;

  ManualServer(dmxp::rt::Node& node, const std::string& name, dmxp::rt::GoalResponse answer,
               dmxp::rt::ActionServerOptions o = {}) {
    server = dmxp::rt::create_action_server<Fibonacci>(
                 node, name,
                 [answer](const dmxp::rt::GoalUUID&, std::shared_ptr<const Fibonacci::Goal> g) {
                   return g->order >= 0 ? answer : dmxp::rt::GoalResponse::REJECT;
                 },
                 [](const ServerHandle&) { return dmxp::rt::CancelResponse::REJECT; },
                 [this](const ServerHandle& g) {
                   std::lock_guard lock(mu);
                   goals.push_back(g);
                 },
                 o)
                 .value();
  }
  ServerHandle last() {
    std::lock_guard lock(mu);
    return goals.empty() ? nullptr : goals.back();
  }
};

Fibonacci::Result result_of(std::initializer_list<int32_t> numbers) {
  Fibonacci::Result r;
  r.sequence.assign(numbers);
  return r;
}

// The latest status array of an action, as a late subscriber sees it (transient local).
class StatusWatch {
 public:
  StatusWatch(dmxp::rt::Node& node, const std::string& action) {
    sub_ = node.create_subscription<GoalStatusArray>(
                   action + "/_action/status", dmxp::rt::QoS(1).best_effort().transient_local(),
                   [this](const GoalStatusArray& a) {
                     std::lock_guard lock(mu_);
                     latest_.clear();
                     for (const auto& s : a.status_list) latest_.push_back(GoalStatus(s.status));
                     ++count_;
                   })
               .value();
  }
  std::vector<GoalStatus> latest() {
    std::lock_guard lock(mu_);
    return latest_;
  }
  size_t count() {
    std::lock_guard lock(mu_);
    return count_;
  }

 private:
  std::mutex mu_;
  std::vector<GoalStatus> latest_;
  size_t count_ = 0;
  dmxp::rt::Subscription<GoalStatusArray> sub_;
};

}  // namespace

TEST_F(ActionTest, DeferredGoalWaitsForExecuteAndRefusedTransitionsSayWhy) {
  ManualServer s(*node_, "deferred", dmxp::rt::GoalResponse::ACCEPT_AND_DEFER);
  StatusWatch status(*node_, "/deferred");
  auto client = dmxp::rt::create_action_client<Fibonacci>(*node_, "deferred").value();
  ASSERT_TRUE(client.wait_for_action_server(std::chrono::seconds(5)));
  ASSERT_TRUE(wait_until([&] { return status.count() >= 1; }));  // the empty array at start
  EXPECT_EQ(status.latest(), std::vector<GoalStatus>{});
  Fibonacci::Goal goal;
  goal.order = 5;
  FibHandle h = client.async_send_goal(goal).get().value();
  ASSERT_TRUE(h);
  ASSERT_TRUE(wait_until([&] { return s.last() != nullptr; }));
  ServerHandle g = s.last();
  EXPECT_EQ(g->get_goal_id(), h->get_goal_id());
  EXPECT_EQ(g->goal().order, 5);
  EXPECT_EQ(g->status(), GoalStatus::Accepted);
  EXPECT_TRUE(wait_until([&] { return status.latest() == std::vector{GoalStatus::Accepted}; }));
  EXPECT_EQ(h->get_status(), GoalStatus::Accepted);

  const std::string id = dmxp::rt::to_string(g->get_goal_id());
  auto early = g->succeed(result_of({1}));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(std::string(early.error().what()),
            "action '/deferred': goal " + id + " cannot succeed while ACCEPTED (execute: from "
            "ACCEPTED; succeed, abort: from EXECUTING or CANCELING; canceled: from CANCELING)");
  auto not_canceling = g->canceled(result_of({1}));
  ASSERT_FALSE(not_canceling.ok());
  EXPECT_NE(std::string(not_canceling.error().what()).find("cannot end as canceled while ACCEPTED"),
            std::string::npos);

  ASSERT_TRUE(g->execute().ok());
  EXPECT_TRUE(wait_until([&] { return h->get_status() == GoalStatus::Executing; }));
  EXPECT_TRUE(wait_until([&] { return status.latest() == std::vector{GoalStatus::Executing}; }));
  Fibonacci::Feedback fb;
  fb.sequence.push_back(0);
  EXPECT_TRUE(g->publish_feedback(fb).ok());
  ASSERT_TRUE(g->abort(result_of({0, 1})).ok());
  auto r = client.async_get_result(h).get();
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r.value().code, GoalStatus::Aborted);
  EXPECT_EQ(to_vector(r.value().result.sequence), (std::vector<int32_t>{0, 1}));
  EXPECT_TRUE(wait_until([&] { return status.latest() == std::vector{GoalStatus::Aborted}; }));
  auto late = g->publish_feedback(fb);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(std::string(late.error().what()),
            "action '/deferred': goal " + id + " is ABORTED, expected an active goal for feedback");
  EXPECT_FALSE(g->execute().ok());
}

TEST_F(ActionTest, CancelCallbackDecidesAndAResultIsKeptForResultTimeout) {
  dmxp::rt::ActionServerOptions o;
  o.result_timeout = std::chrono::milliseconds(300);
  o.client_check_period = std::chrono::milliseconds(20);
  ManualServer s(*node_, "kept", dmxp::rt::GoalResponse::ACCEPT_AND_EXECUTE, o);
  StatusWatch status(*node_, "/kept");
  auto client = dmxp::rt::create_action_client<Fibonacci>(*node_, "kept").value();
  ASSERT_TRUE(client.wait_for_action_server(std::chrono::seconds(5)));
  Fibonacci::Goal goal;
  goal.order = 2;
  FibHandle h = client.async_send_goal(goal).get().value();
  ASSERT_TRUE(wait_until([&] { return s.last() != nullptr; }));
  // This server's cancel callback rejects: the goal goes on.
  auto c = client.async_cancel_goal(h).get();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.value().return_code, action_msgs::srv::CancelGoal_Response::ERROR_REJECTED);
  EXPECT_EQ(s.last()->status(), GoalStatus::Executing);
  ASSERT_TRUE(s.last()->succeed(result_of({0, 1, 1})).ok());
  auto r = client.async_get_result(h).get();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().code, GoalStatus::Succeeded);

  // Asked again while kept: the same result, from a plain service call.
  auto get_result = node_->create_client<Fibonacci::Impl::GetResultService>("/kept/_action/get_result").value();
  Fibonacci::Impl::GetResultService::Request rq;
  std::copy(h->get_goal_id().begin(), h->get_goal_id().end(), rq.goal_id.uuid.begin());
  auto kept = get_result.call(rq, std::chrono::seconds(5));
  ASSERT_TRUE(kept.ok()) << kept.error().what();
  EXPECT_EQ(kept.value().status, int8_t(GoalStatus::Succeeded));
  EXPECT_EQ(to_vector(kept.value().result.sequence), (std::vector<int32_t>{0, 1, 1}));
  EXPECT_EQ(s.server.goals().size(), 1u);

  // After result_timeout the goal is forgotten: STATUS_UNKNOWN, gone from the status array.
  ASSERT_TRUE(wait_until([&] { return s.server.goals().empty(); }, 5000));
  EXPECT_TRUE(wait_until([&] { return status.latest().empty(); }));
  auto forgotten = get_result.call(rq, std::chrono::seconds(5));
  ASSERT_TRUE(forgotten.ok());
  EXPECT_EQ(forgotten.value().status, int8_t(GoalStatus::Unknown));
  EXPECT_EQ(forgotten.value().result.sequence.size(), 0u);
}

TEST_F(ActionTest, AGoalIdInUseIsRejectedAndTheServerBeingDestroyedEndsGoals) {
  ManualServer s(*node_, "ids", dmxp::rt::GoalResponse::ACCEPT_AND_EXECUTE);
  // The same id twice, through the plain send_goal service: the second is refused.
  auto send_goal = node_->create_client<Fibonacci::Impl::SendGoalService>("/ids/_action/send_goal").value();
  ASSERT_TRUE(send_goal.wait_for_service(std::chrono::seconds(5)));
  Fibonacci::Impl::SendGoalService::Request rq;
  rq.goal_id.uuid = {1, 2, 3};
  rq.goal.order = 1;
  auto first = send_goal.call(rq, std::chrono::seconds(5));
  ASSERT_TRUE(first.ok()) << first.error().what();
  EXPECT_TRUE(first.value().accepted);
  EXPECT_GT(first.value().stamp.sec, 0);
  auto second = send_goal.call(rq, std::chrono::seconds(5));
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second.value().accepted);
  EXPECT_EQ(second.value().stamp.sec, 0);
  ASSERT_TRUE(wait_until([&] { return s.last() != nullptr; }));
  ServerHandle g = s.last();
  s.server.reset();
  auto after = g->succeed(result_of({}));
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.status(), DMXP_ERR_INTERRUPTED);
  EXPECT_EQ(std::string(after.error().what()), "action '/ids': the server was destroyed");
}
