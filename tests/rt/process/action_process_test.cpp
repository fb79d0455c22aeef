// Actions across processes, with the Fibonacci example programs (examples/actions) as peers:
// goals, feedback and results round trip exactly; the three cancel forms of
// action_msgs/CancelGoal; and a peer SIGKILLed mid-goal: a dead server fails the client's
// result with a clear error, a dead client is seen by the server, both within a bound.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "action_test_support.hpp"

using namespace rt_test;
using action_msgs::srv::CancelGoal_Response;
using dmxp::rt::GoalStatus;
using Clock = std::chrono::steady_clock;

namespace {

std::set<dmxp::rt::GoalUUID> ids_of(const CancelGoal_Response& r) {
  std::set<dmxp::rt::GoalUUID> out;
  for (const auto& info : r.goals_canceling) {
    dmxp::rt::GoalUUID id;
    std::copy(info.goal_id.uuid.begin(), info.goal_id.uuid.end(), id.begin());
    out.insert(id);
  }
  return out;
}

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

}  // namespace

TEST_F(ActionTest, GoalFeedbackAndResultAcrossProcesses) {
  auto server = fibonacci_server(1);
  FibClient client = fibonacci_client();
  FeedbackLog log;
  FibHandle h = send(client, 10, &log);
  ASSERT_TRUE(h);
  EXPECT_NE(h->get_goal_id(), dmxp::rt::GoalUUID{});
  EXPECT_GT(h->get_goal_stamp().sec, 0);
  auto r = client.async_get_result(h).get();
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r.value().code, GoalStatus::Succeeded);
  EXPECT_EQ(r.value().goal_id, h->get_goal_id());
  EXPECT_EQ(to_vector(r.value().result.sequence), fibonacci(10));
  EXPECT_EQ(h->get_status(), GoalStatus::Succeeded);
  // One feedback per number computed after the first two, each the sequence so far, in order.
  // The result may overtake the last feedbacks (separate channels, as in ROS 2: docs/actions.md),
  // so what arrived is the first N of the nine, without gaps.
  auto feedback = log.of(h->get_goal_id());
  ASSERT_GE(feedback.size(), 1u);
  ASSERT_LE(feedback.size(), 9u);
  for (size_t i = 0; i < feedback.size(); ++i) {
    std::vector<int32_t> expected = fibonacci(int32_t(i) + 2);
    EXPECT_EQ(feedback[i], expected);
  }
  EXPECT_EQ(client.goals_in_flight(), 0u);

  // Rejected: the server takes orders up to 46 only. The answer is a null handle.
  Fibonacci::Goal too_big;
  too_big.order = 47;
  auto rejected = client.async_send_goal(too_big).get();
  ASSERT_TRUE(rejected.ok()) << rejected.error().what();
  EXPECT_EQ(rejected.value(), nullptr);
  EXPECT_EQ(client.goals_in_flight(), 0u);

  // The graph names the action's services and topics by ROS 2's names and types.
  auto snap = node_->graph()->snapshot();
  auto servers = snap.endpoints_of("/fibonacci/_action/send_goal", dmxp::rt::EndpointKind::ServiceServer);
  ASSERT_EQ(servers.size(), 1u);
  EXPECT_EQ(servers[0].type_name, "example_interfaces/action/Fibonacci_SendGoal_Request");
  EXPECT_EQ(servers[0].pid, server.pid());
  EXPECT_EQ(snap.endpoints_of("/fibonacci/_action/status", dmxp::rt::EndpointKind::Publisher).size(), 1u);
  EXPECT_EQ(snap.endpoints_of("/fibonacci/_action/feedback", dmxp::rt::EndpointKind::Subscription).size(), 1u);
}

TEST_F(ActionTest, CancelOneGoalThenItIsTerminatedAndUnknownIdsAreNamed) {
  auto server = fibonacci_server(20);
  FibClient client = fibonacci_client();
  FeedbackLog log;
  FibHandle h = send(client, 46, &log);
  ASSERT_TRUE(h);
  ASSERT_TRUE(wait_until([&] { return log.count(h->get_goal_id()) >= 2; }));
  auto c = client.async_cancel_goal(h).get();
  ASSERT_TRUE(c.ok()) << c.error().what();
  EXPECT_EQ(c.value().return_code, CancelGoal_Response::ERROR_NONE);
  EXPECT_EQ(ids_of(c.value()), std::set<dmxp::rt::GoalUUID>{h->get_goal_id()});
  auto r = client.async_get_result(h).get();
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r.value().code, GoalStatus::Canceled);
  // The numbers computed until the cancel: a proper prefix of the whole sequence.
  std::vector<int32_t> got = to_vector(r.value().result.sequence);
  ASSERT_GE(got.size(), 4u);
  ASSERT_LT(got.size(), 47u);
  EXPECT_EQ(got, fibonacci(int32_t(got.size()) - 1));

  // Again: the goal ended (its result is still kept), so the answer says so.
  auto again = client.async_cancel_goal(h).get();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().return_code, CancelGoal_Response::ERROR_GOAL_TERMINATED);
  EXPECT_EQ(again.value().goals_canceling.size(), 0u);
  // A goal the server never saw.
  std::promise<int8_t> unknown;
  client.entity()->async_cancel(dmxp::rt::random_goal_id(), {}, std::chrono::seconds(5),
                                [&](const CancelGoal_Response* rs, const dmxp::Error* e) {
                                  unknown.set_value(e ? int8_t(-1) : rs->return_code);
                                });
  EXPECT_EQ(unknown.get_future().get(), CancelGoal_Response::ERROR_UNKNOWN_GOAL_ID);
  // Nothing to cancel at all: rejected.
  auto none = client.async_cancel_all_goals().get();
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none.value().return_code, CancelGoal_Response::ERROR_REJECTED);
}

TEST_F(ActionTest, CancelGoalsBeforeATimeThenAllGoals) {
  auto server = fibonacci_server(20);
  FibClient client = fibonacci_client();
  FibHandle a = send(client, 46), b = send(client, 46), c = send(client, 46);
  ASSERT_TRUE(a && b && c);
  ASSERT_LE(a->get_goal_stamp().ns(), b->get_goal_stamp().ns());
  ASSERT_LT(b->get_goal_stamp().ns(), c->get_goal_stamp().ns());
  auto before = client.async_cancel_goals_before(b->get_goal_stamp()).get();
  ASSERT_TRUE(before.ok()) << before.error().what();
  EXPECT_EQ(before.value().return_code, CancelGoal_Response::ERROR_NONE);
  EXPECT_EQ(ids_of(before.value()), (std::set{a->get_goal_id(), b->get_goal_id()}));
  EXPECT_EQ(client.async_get_result(a).get().value().code, GoalStatus::Canceled);
  EXPECT_EQ(client.async_get_result(b).get().value().code, GoalStatus::Canceled);
  // c runs on (the status topic says so) until everything is canceled.
  EXPECT_TRUE(wait_until([&] { return c->get_status() == GoalStatus::Executing; }));
  auto all = client.async_cancel_all_goals().get();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(ids_of(all.value()), std::set{c->get_goal_id()});
  EXPECT_EQ(client.async_get_result(c).get().value().code, GoalStatus::Canceled);
}

TEST_F(ActionTest, ServerKilledMidGoalFailsTheResultWithinABound) {
  auto server = fibonacci_server(20);
  FibClient client = fibonacci_client();
  FeedbackLog log;
  FibHandle h = send(client, 46, &log);
  ASSERT_TRUE(h);
  ASSERT_TRUE(wait_until([&] { return log.count(h->get_goal_id()) >= 1; }));
  auto result = client.async_get_result(h);
  auto killed = Clock::now();
  EXPECT_EQ(server.kill_and_reap().signal, SIGKILL);
  ASSERT_EQ(result.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  double ms = ms_since(killed);
  auto r = result.get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status(), DMXP_ERR_NOT_FOUND);
  EXPECT_EQ(std::string(r.error().what()),
            "action '/fibonacci': goal " + dmxp::rt::to_string(h->get_goal_id()) +
                ": the action server went away before the goal finished (service "
                "'/fibonacci/_action/get_result': the server went away before it answered)");
  EXPECT_LT(ms, 2000.0);
  std::printf("[ measured ] server SIGKILL -> client error in %.1f ms\n", ms);
  // And a new goal fails at once instead of hanging.
  Fibonacci::Goal g;
  g.order = 3;
  auto next = client.async_send_goal(g).get();
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status(), DMXP_ERR_NOT_FOUND);
  EXPECT_NE(std::string(next.error().what()).find("action '/fibonacci': goal not sent: service "
                                                  "'/fibonacci/_action/send_goal' has no server"),
            std::string::npos)
      << next.error().what();
}

namespace {

// A server in this process whose goals wait for the test: it records them, and the goals its
// cancel callback was asked about.
struct WaitingServer {
  std::mutex mu;
  std::vector<std::shared_ptr<dmxp::rt::ServerGoalHandle<Fibonacci>>> goals, cancel_asked;
  dmxp::rt::ActionServer<Fibonacci> server;

  WaitingServer(dmxp::rt::Node& node, bool cancel_lost) {
    dmxp::rt::ActionServerOptions o;
    o.cancel_goals_of_lost_clients = cancel_lost;
    o.client_check_period = std::chrono::milliseconds(20);
    server = dmxp::rt::create_action_server<Fibonacci>(
                 node, "fibonacci",
                 [](const dmxp::rt::GoalUUID&, const Fibonacci::Goal&) {
                   return dmxp::rt::GoalResponse::ACCEPT_AND_EXECUTE;
                 },
                 [this](auto g) {
                   std::lock_guard lock(mu);
                   cancel_asked.push_back(g);
                   return dmxp::rt::CancelResponse::ACCEPT;
                 },
                 [this](auto g) {
                   std::lock_guard lock(mu);
                   goals.push_back(g);
                 },
                 o)
                 .value();
  }
  std::shared_ptr<dmxp::rt::ServerGoalHandle<Fibonacci>> first() {
    std::lock_guard lock(mu);
    return goals.empty() ? nullptr : goals.front();
  }
  size_t asked() {
    std::lock_guard lock(mu);
    return cancel_asked.size();
  }
};

}  // namespace

TEST_F(ActionTest, ClientKilledMidGoalIsSeenAndItsGoalCanceled) {
  WaitingServer s(*node_, true);
  auto client = program("dmxp-example-fibonacci-client", {"40"});
  ASSERT_TRUE(wait_until([&] { return s.first() != nullptr; }));
  auto goal = s.first();
  EXPECT_TRUE(goal->client_alive());
  EXPECT_EQ(goal->status(), GoalStatus::Executing);
  auto killed = Clock::now();
  EXPECT_EQ(client.kill_and_reap().signal, SIGKILL);
  ASSERT_TRUE(wait_until([&] { return goal->is_canceling(); }, 5000));
  double ms = ms_since(killed);
  EXPECT_FALSE(goal->client_alive());
  EXPECT_EQ(s.asked(), 1u);  // the server's cancel callback decided
  EXPECT_LT(ms, 2000.0);
  std::printf("[ measured ] client SIGKILL -> goal CANCELING in %.1f ms\n", ms);
  Fibonacci::Result partial;
  ASSERT_TRUE(goal->canceled(partial).ok());
  EXPECT_EQ(goal->status(), GoalStatus::Canceled);
}

TEST_F(ActionTest, ClientKilledMidGoalLeavesTheGoalRunningByDefault) {
  WaitingServer s(*node_, false);
  auto client = program("dmxp-example-fibonacci-client", {"40"});
  ASSERT_TRUE(wait_until([&] { return s.first() != nullptr; }));
  auto goal = s.first();
  EXPECT_EQ(client.kill_and_reap().signal, SIGKILL);
  ASSERT_TRUE(wait_until([&] { return !goal->client_alive(); }, 5000));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // 10 client checks
  EXPECT_EQ(goal->status(), GoalStatus::Executing);              // as in ROS 2: it goes on
  EXPECT_EQ(s.asked(), 0u);
  Fibonacci::Result done;
  done.sequence.push_back(0);
  EXPECT_TRUE(goal->succeed(done).ok());
}
