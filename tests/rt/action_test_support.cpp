#include "action_test_support.hpp"

#include <gtest/gtest.h>

namespace rt_test {

std::vector<int32_t> fibonacci(int32_t order) {
  std::vector<int32_t> out{0};
  if (order > 0) out.push_back(1);
  while (int32_t(out.size()) <= order) out.push_back(out[out.size() - 1] + out[out.size() - 2]);
  return out;
}

dmxp::rt::SendGoalOptions<Fibonacci> FeedbackLog::options() {
  dmxp::rt::SendGoalOptions<Fibonacci> o;
  o.feedback_callback = [this](const FibHandle& h, const Fibonacci::Feedback& fb) {
    std::lock_guard lock(mu_);
    got_[h->get_goal_id()].push_back(to_vector(fb.sequence));
  };
  return o;
}

std::vector<std::vector<int32_t>> FeedbackLog::of(const dmxp::rt::GoalUUID& id) {
  std::lock_guard lock(mu_);
  return got_[id];
}

void ActionTest::SetUp() {
  RtTest::SetUp();
  node_ = std::make_shared<dmxp::rt::Node>("action_test", node_options());
  exec_ = std::make_unique<dmxp::rt::Executor>(test_executor());
  exec_->add_node(node_);
  spin_ = std::make_unique<BackgroundSpin>(*exec_);
}

void ActionTest::TearDown() {
  spin_.reset();
  exec_.reset();
  node_.reset();
  RtTest::TearDown();
}

dmxp_test::ChildProcess ActionTest::fibonacci_server(int step_ms) {
  return program("dmxp-example-fibonacci-server",
                 {"--ros-args", "-p", "step_ms:=" + std::to_string(step_ms)});
}

FibClient ActionTest::fibonacci_client() {
  FibClient c = dmxp::rt::create_action_client<Fibonacci>(*node_, "fibonacci").value();
  EXPECT_TRUE(c.wait_for_action_server(std::chrono::milliseconds(kWaitMs)));
  return c;
}

FibHandle ActionTest::send(FibClient& client, int32_t order, FeedbackLog* log) {
  Fibonacci::Goal goal;
  goal.order = order;
  auto answer = client.async_send_goal(goal, log ? log->options() : dmxp::rt::SendGoalOptions<Fibonacci>{}).get();
  EXPECT_TRUE(answer.ok()) << answer.error().what();
  return answer.ok() ? answer.value() : nullptr;
}

}  // namespace rt_test
