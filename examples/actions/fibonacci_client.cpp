// dmxp-example-fibonacci-client <order> [--cancel-after N] [--ros-args ...]: sends one goal to
// the action "fibonacci", prints each feedback and the result:
//
//   goal 4f0c...: accepted
//   feedback: 0 1 1
//   ...
//   result: SUCCEEDED 0 1 1 2 3 5
//
// --cancel-after N asks to cancel the goal after N feedback messages. Exit status 0 when the
// goal ended (SUCCEEDED or CANCELED), 1 when it was rejected, aborted or failed (the error is
// printed), 2 on usage errors.
#include <example_interfaces/action/Fibonacci.hpp>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

#include "dmxp/rt/action.hpp"
#include "dmxp/rt/rt.hpp"

using Fibonacci = example_interfaces::action::Fibonacci;

namespace {

template <class Seq>
std::string numbers(const Seq& seq) {
  std::string out;
  for (int32_t n : seq) out += " " + std::to_string(n);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  auto args = dmxp::rt::init(argc, argv);
  if (!args) {
    std::fprintf(stderr, "%s\n", args.error().what());
    return 2;
  }
  const auto& rest = args.value();
  if (rest.size() != 2 && !(rest.size() == 4 && rest[2] == "--cancel-after")) {
    std::fprintf(stderr, "usage: %s <order> [--cancel-after N] [--ros-args ...]\n", argv[0]);
    return 2;
  }
  Fibonacci::Goal goal;
  goal.order = std::atoi(rest[1].c_str());
  const int cancel_after = rest.size() == 4 ? std::atoi(rest[3].c_str()) : -1;

  auto node = std::make_shared<dmxp::rt::Node>("fibonacci_client");
  auto client = dmxp::rt::create_action_client<Fibonacci>(*node, "fibonacci").value();
  if (!client.wait_for_action_server(std::chrono::seconds(5))) {
    std::fprintf(stderr, "error: no server for the action '%s'\n", client.action_name().c_str());
    return 1;
  }
  dmxp::rt::Executor exec;  // SIGINT/SIGTERM stop it
  exec.add_node(node);
  int code = 1;
  auto finish = [&](int c) {  // from a callback, inside spin()
    code = c;
    exec.cancel();
  };
  int feedbacks = 0;
  // Feedback and the goal's response travel on separate channels, so feedback can come first:
  // it is held until the "accepted" line is printed.
  std::mutex output;
  bool accepted = false;
  std::vector<std::string> held_feedback;
  dmxp::rt::SendGoalOptions<Fibonacci> opts;
  opts.goal_response_callback = [&](auto handle) {
    if (!handle) {
      std::printf("goal rejected\n");
      return finish(1);
    }
    std::lock_guard lock(output);
    std::printf("goal %s: accepted\n", dmxp::rt::to_string(handle->get_goal_id()).c_str());
    for (const std::string& line : held_feedback) std::printf("%s", line.c_str());
    held_feedback.clear();
    accepted = true;
    std::fflush(stdout);
  };
  opts.feedback_callback = [&](auto handle, const Fibonacci::Feedback& fb) {
    std::string line = "feedback:" + numbers(fb.sequence) + "\n";
    {
      std::lock_guard lock(output);
      if (accepted) std::printf("%s", line.c_str());
      else held_feedback.push_back(std::move(line));
      std::fflush(stdout);
    }
    if (++feedbacks == cancel_after) (void)client.async_cancel_goal(handle);
  };
  opts.result_callback = [&](const dmxp::Result<dmxp::rt::WrappedResult<Fibonacci>>& r) {
    if (!r) {
      std::fprintf(stderr, "error: %s\n", r.error().what());
      return finish(1);
    }
    auto code_of = r.value().code;
    std::printf("result: %s%s\n", dmxp::rt::to_string(code_of), numbers(r.value().result.sequence).c_str());
    std::fflush(stdout);
    finish(code_of == dmxp::rt::GoalStatus::Succeeded || code_of == dmxp::rt::GoalStatus::Canceled ? 0 : 1);
  };
  (void)client.async_send_goal(goal, opts);
  exec.spin();
  return code;
}
