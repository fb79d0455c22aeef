// FibonacciServer: the action "fibonacci" (example_interfaces/action/Fibonacci), as ROS 2's
// minimal action server has it: goals of order 0..46 are accepted (the 47th number overflows
// int32) and computed one number per `step_ms`, each step published as feedback on its own
// thread (a goal never blocks the executor); a cancel request is accepted, and the goal then
// ends CANCELED with the numbers it had.
//
// Parameters: step_ms (100), cancel_goals_of_lost_clients (false: a goal whose client died
// goes on, as in ROS 2), result_timeout_s (900).
#include <example_interfaces/action/Fibonacci.hpp>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "dmxp/rt/action.hpp"
#include "dmxp/rt/component.hpp"

namespace dmxp_examples {

using Fibonacci = example_interfaces::action::Fibonacci;
using GoalHandle = dmxp::rt::ServerGoalHandle<Fibonacci>;

class FibonacciServer : public dmxp::rt::Node {
 public:
  explicit FibonacciServer(const dmxp::rt::NodeOptions& o) : Node("fibonacci_server", o) {
    step_ = std::chrono::milliseconds(declare_parameter<int64_t>("step_ms", 100));
    dmxp::rt::ActionServerOptions options;
    options.cancel_goals_of_lost_clients = declare_parameter("cancel_goals_of_lost_clients", false);
    options.result_timeout = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::duration<double>(declare_parameter("result_timeout_s", 900.0)));
    server_ = dmxp::rt::create_action_server<Fibonacci>(
                  *this, "fibonacci",
                  [this](const dmxp::rt::GoalUUID& id, const Fibonacci::Goal& goal) {
                    bool ok = goal.order >= 0 && goal.order <= 46;
                    logger().info("goal {} of order {}: {}", dmxp::rt::to_string(id), goal.order,
                                  ok ? "accepted" : "rejected");
                    return ok ? dmxp::rt::GoalResponse::ACCEPT_AND_EXECUTE
                              : dmxp::rt::GoalResponse::REJECT;
                  },
                  [](const std::shared_ptr<GoalHandle>&) { return dmxp::rt::CancelResponse::ACCEPT; },
                  [this](const std::shared_ptr<GoalHandle>& goal) {
                    std::lock_guard lock(mu_);
                    workers_.emplace_back([this, goal] { execute(goal); });
                  },
                  options)
                  .value();
  }

  ~FibonacciServer() override {
    server_.reset();  // goal threads see errors from now on and stop
    std::lock_guard lock(mu_);
    for (auto& t : workers_) t.join();
  }

 private:
  void execute(const std::shared_ptr<GoalHandle>& goal) {
    Fibonacci::Feedback feedback;
    feedback.sequence.push_back(0);
    if (goal->goal().order > 0) feedback.sequence.push_back(1);
    Fibonacci::Result result;
    for (int32_t i = 2; i <= goal->goal().order; ++i) {
      if (goal->is_canceling()) {
        (void)result.sequence.try_assign(std::span(feedback.sequence.data(), feedback.sequence.size()));
        (void)goal->canceled(result);
        return;
      }
      size_t n = feedback.sequence.size();
      feedback.sequence.push_back(feedback.sequence[n - 1] + feedback.sequence[n - 2]);
      if (!goal->publish_feedback(feedback)) return;  // the server is gone
      std::this_thread::sleep_for(step_);
    }
    (void)result.sequence.try_assign(std::span(feedback.sequence.data(), feedback.sequence.size()));
    if (goal->is_canceling()) (void)goal->canceled(result);
    else (void)goal->succeed(result);
  }

  std::chrono::milliseconds step_;
  std::mutex mu_;
  std::vector<std::thread> workers_;
  dmxp::rt::ActionServer<Fibonacci> server_;
};

}  // namespace dmxp_examples

DMXP_REGISTER_COMPONENT(dmxp_examples::FibonacciServer)
