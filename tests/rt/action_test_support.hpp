// action_test_support.hpp - what the action tests share: a test node spun on a background
// executor, the Fibonacci example programs as peers (examples/actions), and the feedback a
// client saw, per goal.
#pragma once

#include <example_interfaces/action/Fibonacci.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "dmxp/rt/action.hpp"
#include "rt_test_support.hpp"

namespace rt_test {

using Fibonacci = example_interfaces::action::Fibonacci;
using FibClient = dmxp::rt::ActionClient<Fibonacci>;
using FibHandle = std::shared_ptr<dmxp::rt::ClientGoalHandle<Fibonacci>>;

// 0 1 1 2 3 ... up to number `order` (order + 1 numbers).
std::vector<int32_t> fibonacci(int32_t order);

template <class Seq>
std::vector<int32_t> to_vector(const Seq& s) {
  return std::vector<int32_t>(s.data(), s.data() + s.size());
}

// Every feedback a client got, by goal, in arrival order.
class FeedbackLog {
 public:
  dmxp::rt::SendGoalOptions<Fibonacci> options();  // records into this log
  std::vector<std::vector<int32_t>> of(const dmxp::rt::GoalUUID& id);
  size_t count(const dmxp::rt::GoalUUID& id) { return of(id).size(); }

 private:
  std::mutex mu_;
  std::map<dmxp::rt::GoalUUID, std::vector<std::vector<int32_t>>> got_;
};

class ActionTest : public RtTest {
 protected:
  void SetUp() override;
  void TearDown() override;
  // The example server (dmxp-example-fibonacci-server) with these --ros-args parameters.
  dmxp_test::ChildProcess fibonacci_server(int step_ms);
  FibClient fibonacci_client();  // on the test node, for "fibonacci", waiting for its server
  // Sends a goal and waits for the server's answer (fails the test on error).
  FibHandle send(FibClient& client, int32_t order, FeedbackLog* log = nullptr);

  std::shared_ptr<dmxp::rt::Node> node_;
  std::unique_ptr<dmxp::rt::Executor> exec_;
  std::unique_ptr<BackgroundSpin> spin_;
};

}  // namespace rt_test
