// dmxp action send_goal <action> <type> '<yaml>' [--feedback] [--timeout S]: sends one goal
// as a node of the graph ("dmxp_action_<pid>"), prints the server's answer, the feedback
// (--feedback) and the result in ROS 2's `ros2 action send_goal` form. The action's types
// come from its running server's channels (their layout descriptors), so any action works
// without its generated code; the goal is written from YAML like `topic pub`'s messages.
// Ctrl-C while the goal runs asks the server to cancel it.
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>
#include <thread>

#include <action_msgs/srv/CancelGoal.hpp>

#include "decode/generic_reader.hpp"
#include "decode/value_format.hpp"
#include "decode/yaml_encoder.hpp"
#include "dmxp/rt/action_client_base.hpp"
#include "dmxp/rt/channel_names.hpp"
#include "dmxp/rt/executor.hpp"
#include "dmxp/rt/node.hpp"
#include "dmxp/tools/arg_cursor.hpp"
#include "output.hpp"
#include "topic_names.hpp"
#include "verbs.hpp"

namespace dmxp::cli {

using tools::ArgCursor;

namespace {

struct SendGoalArgs {
  std::string action, type, yaml;
  bool feedback = false;
  double timeout_s = 5;  // for a server to answer
};

SendGoalArgs parse(const Args& args) {
  SendGoalArgs o;
  ArgCursor a(args);
  std::string v;
  std::vector<std::string> pos;
  while (!a.done()) {
    if (a.flag("--feedback") || a.flag("-f")) o.feedback = true;
    else if (a.value("--timeout", &v)) o.timeout_s = parse_positive("--timeout", v);
    else if (a.at_option()) throw std::invalid_argument("action send_goal: unknown option '" + a.take() + "'");
    else pos.push_back(a.take());
  }
  if (pos.size() != 3) throw std::invalid_argument("action send_goal takes <action> <type> '<yaml>'");
  o.action = pos[0][0] == '/' ? pos[0] : "/" + pos[0];
  o.type = pos[1];
  o.yaml = pos[2];
  return o;
}

// "pkg/Fibonacci" and "pkg/action/Fibonacci" name the same action.
std::string action_type_name(const std::string& t) {
  size_t first = t.find('/'), last = t.rfind('/');
  if (first == std::string::npos) return t;
  return t.substr(0, first) + "/action" + t.substr(last);
}

// One of the action's channels: its layout descriptor, parsed.
struct Part {
  std::string text;
  json::Value desc;
  rt::TypeInfo info() const {
    return rt::intern_type_info(desc["type"].str(), std::stoull(desc["fingerprint"].str(), nullptr, 16),
                                text, uint32_t(desc["size"].as_u64()));
  }
  const json::Value& field(const std::string& name) const {
    for (const json::Value& f : desc["fields"].array)
      if (f["name"].str() == name) return f;
    throw std::runtime_error(desc["type"].str() + " has no field '" + name + "'");
  }
  uint32_t offset_of(const std::string& name) const { return uint32_t(field(name)["offset"].as_u64()); }
  uint32_t size_of(const std::string& name) const { return uint32_t(field(name)["size"].as_u64()); }
};

// The five descriptors of an action's services and feedback topic, from their channels.
struct ActionParts {
  Part send_goal_rq, send_goal_rs, get_result_rq, get_result_rs, feedback;
  rt::ActionTypes types(const char* name) const {
    auto service = [](const Part& rq, const Part& rs) {
      rt::TypeInfo a = rq.info(), b = rs.info();
      return rt::ServiceTypes{a, b, rt::service_fingerprint(a.fingerprint, true),
                              rt::service_fingerprint(b.fingerprint, false)};
    };
    return rt::ActionTypes{name,
                           service(send_goal_rq, send_goal_rs),
                           service(get_result_rq, get_result_rs),
                           feedback.info(),
                           send_goal_rq.offset_of("goal"), send_goal_rq.size_of("goal"),
                           send_goal_rs.offset_of("stamp"),
                           get_result_rs.offset_of("result"), get_result_rs.size_of("result"),
                           feedback.offset_of("feedback"), feedback.size_of("feedback")};
  }
};

// The descriptor of one channel of the action; false and *error when it has none.
bool read_part(const std::string& domain, rt::ChannelKind kind, const std::string& name,
               const std::string& action, Part* out, std::string* error) {
  auto channel = rt::channel_name(kind, name);
  if (!channel) {
    *error = channel.error().what();
    return false;
  }
  if (int rc = read_descriptor(domain, channel.value(), &out->text); rc != DMXP_OK || out->text.empty()) {
    *error = "action '" + action + "' has no server in domain '" + domain + "' (no channel " +
             channel.value() + "; see 'dmxp action list')";
    return false;
  }
  out->desc = json::parse(out->text);
  return true;
}

std::string indented(const std::string& yaml) {
  std::string out;
  size_t start = 0;
  while (start < yaml.size()) {
    size_t end = yaml.find('\n', start);
    if (end == std::string::npos) end = yaml.size();
    out += "    " + yaml.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

// What the client's callbacks report to the waiting thread.
struct Outcome {
  std::mutex mu;
  std::condition_variable cv;
  bool answered = false, done = false;
  std::shared_ptr<rt::ClientGoalBase> goal;
  std::optional<std::string> error;
  rt::GoalStatus status = rt::GoalStatus::Unknown;
  json::Value result;
  // Feedback and the goal's response travel on separate channels, so feedback can come first:
  // it waits here until "Goal accepted" is printed, as ros2 action send_goal orders them.
  std::vector<std::string> held_feedback;
};

}  // namespace

int action_send_goal(const GlobalOptions& g, const Args& args) {
  SendGoalArgs o;
  try { o = parse(args); } catch (const std::exception& e) { return usage_error(e.what()); }
  std::string domain = effective_domain(g.domain), error;
  rt::ActionNames names = rt::action_names(o.action);
  ActionParts p;
  std::vector<uint8_t> request;
  rt::ActionTypes types{};
  try {
    if (!read_part(domain, rt::ChannelKind::ServiceRequest, names.send_goal, o.action, &p.send_goal_rq, &error) ||
        !read_part(domain, rt::ChannelKind::ServiceResponse, names.send_goal, o.action, &p.send_goal_rs, &error) ||
        !read_part(domain, rt::ChannelKind::ServiceRequest, names.get_result, o.action, &p.get_result_rq, &error) ||
        !read_part(domain, rt::ChannelKind::ServiceResponse, names.get_result, o.action, &p.get_result_rs, &error) ||
        !read_part(domain, rt::ChannelKind::Topic, names.feedback, o.action, &p.feedback, &error))
      return fail("action send_goal: " + error);
    std::string served = rt::action_type_of_send_goal(p.send_goal_rq.desc["type"].str());
    if (served != action_type_name(o.type))
      return fail("action send_goal: action '" + o.action + "' is " + served + ", not " + o.type);
    static std::string type_name;  // ActionTypes keeps a pointer to it for the process
    type_name = served;
    types = p.types(type_name.c_str());
    request = encode_yaml_into_field(p.send_goal_rq.desc, "goal", o.yaml);
  } catch (const std::exception& e) {
    return fail("action send_goal: " + action_type_name(o.type) + "_Goal: " + e.what());
  }
  GenericReader goal_reader(p.send_goal_rq.text), feedback_reader(p.feedback.text),
      result_reader(p.get_result_rs.text);
  ArrayLimit all;

  install_stop_handler();
  try {
    rt::NodeOptions no;
    no.domain(domain).start_parameter_services(false).use_global_arguments(false);
    auto node = std::make_shared<rt::Node>("dmxp_action_" + std::to_string(getpid()), no);
    auto client = rt::ActionClientBase::create(node->core(), o.action, types, {});
    if (!client) return fail("action send_goal: " + std::string(client.error().what()));
    rt::ExecutorOptions eo;
    eo.handle_signals = false;  // Ctrl-C: the stop flag below, to cancel the goal first
    rt::Executor exec(eo);
    exec.add_node(node);
    std::thread spinner([&] { exec.spin(); });
    struct Stop {
      rt::Executor& e;
      std::thread& t;
      ~Stop() { e.cancel(); t.join(); }
    } stop{exec, spinner};

    if (!client.value()->wait_for_action_server(std::chrono::nanoseconds(int64_t(o.timeout_s * 1e9))))
      return fail("action send_goal: action '" + o.action + "' has no live server");
    std::printf("Sending goal:\n%s\n", indented(to_yaml(goal_reader.decode(request.data(), request.size())["goal"], all)).c_str());
    std::fflush(stdout);

    Outcome out;
    client.value()->async_send_goal(
        request.data() + types.goal_offset, std::chrono::nanoseconds(int64_t(o.timeout_s * 1e9)),
        [&](const std::shared_ptr<rt::ClientGoalBase>& goal, const Error* err) {
          std::lock_guard lock(out.mu);
          out.answered = true;
          out.goal = goal;
          if (err) out.error = err->what();
          if (!goal) out.done = true;
          else std::printf("Goal accepted with ID: %s\n\n", rt::to_string(goal->goal_id()).c_str());
          for (const std::string& text : out.held_feedback) std::fputs(text.c_str(), stdout);
          out.held_feedback.clear();
          std::fflush(stdout);
          out.cv.notify_all();
        },
        [&](const std::shared_ptr<rt::ClientGoalBase>&, const void* fb) {
          if (!o.feedback) return;
          const auto* message = static_cast<const uint8_t*>(fb) - types.feedback_offset;
          json::Value v = feedback_reader.decode(message, types.feedback_message.size);
          std::string text = "Feedback:\n" + indented(to_yaml(v["feedback"], all)) + "\n";
          std::lock_guard lock(out.mu);
          if (!out.answered) return out.held_feedback.push_back(std::move(text));
          std::fputs(text.c_str(), stdout);
          std::fflush(stdout);
        },
        [&](const std::shared_ptr<rt::ClientGoalBase>&, rt::GoalStatus status, const void* r, const Error* err) {
          std::lock_guard lock(out.mu);
          out.done = true;
          out.status = status;
          if (err) out.error = err->what();
          else out.result = result_reader.decode(static_cast<const uint8_t*>(r) - types.result_offset,
                                                 types.get_result.response.size)["result"];
          out.cv.notify_all();
        });

    bool cancel_sent = false;
    std::unique_lock lock(out.mu);
    while (!out.done) {
      out.cv.wait_for(lock, std::chrono::milliseconds(50));
      if (stop_requested() && out.goal && !cancel_sent) {
        cancel_sent = true;
        std::printf("Canceling goal...\n");
        std::fflush(stdout);
        client.value()->async_cancel(out.goal->goal_id(), {}, std::chrono::seconds(5),
                                     [](const action_msgs::srv::CancelGoal_Response*, const Error*) {});
      }
      if (stop_requested() && !out.goal && !out.answered) return fail("action send_goal: interrupted");
    }
    if (out.error) return fail("action send_goal: " + *out.error);
    if (!out.goal) {
      std::printf("Goal was rejected.\n");
      return 1;
    }
    std::printf("Result:\n%s\nGoal finished with status: %s\n", indented(to_yaml(out.result, all)).c_str(),
                rt::to_string(out.status));
    return out.status == rt::GoalStatus::Succeeded ? 0 : 1;
  } catch (const std::exception& e) {
    return fail("action send_goal: " + std::string(e.what()));
  }
}

}  // namespace dmxp::cli
