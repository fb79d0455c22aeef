// rt_test::ManagedNode - the managed node the lifecycle tests drive (rt, launch, cli; the
// executable is rt_test_lifecycle_node, the component rt_test::ManagedNode in
// librt_test_lifecycle_components.so). Node "managed" (rename with -r __node:=NAME).
//
//   ~/callbacks  std_msgs/String, one message per callback run: "<callback> <previous state>"
//                ("on_configure unconfigured"), so a test sees each call exactly once
//   ~/chatter    std_msgs/Int64 from a lifecycle publisher, created in on_configure and
//                dropped in on_cleanup; a 10 ms timer publishes 1, 2, 3, ... into it in every
//                state (what is published while not active is dropped)
//   parameters   <callback>_returns for each of on_configure, on_cleanup, on_shutdown,
//                on_activate, on_deactivate, on_error: "SUCCESS", "FAILURE", "ERROR", "throw"
//                (the callback throws std::runtime_error), or "default" (the base class's,
//                the default); settable at run time, read when the callback runs
#include <std_msgs/msg/Int64.hpp>
#include <std_msgs/msg/String.hpp>

#include <stdexcept>
#include <string>

#include "dmxp/rt/component.hpp"
#include "dmxp/rt/lifecycle.hpp"

namespace rt_test {

using dmxp::rt::LifecycleNode;

class ManagedNode : public LifecycleNode {
 public:
  explicit ManagedNode(const dmxp::rt::NodeOptions& o) : LifecycleNode("managed", o) {
    for (const char* cb : {"on_configure", "on_cleanup", "on_shutdown", "on_activate", "on_deactivate", "on_error"})
      declare_parameter(std::string(cb) + "_returns", std::string("default"));
    callbacks_ = Node::create_publisher<std_msgs::msg::String>("~/callbacks", dmxp::rt::QoS(64)).value();
    timer_ = create_timer(std::chrono::milliseconds(10), [this] {
      if (!chatter_) return;
      std_msgs::msg::Int64 m;
      m.data = ++count_;
      (void)chatter_.publish(m);
    });
  }

  CallbackReturn on_configure(const State& s) override {
    chatter_ = create_publisher<std_msgs::msg::Int64>("~/chatter", dmxp::rt::QoS(256)).value();
    return outcome("on_configure", s, [&] { return LifecycleNode::on_configure(s); });
  }
  CallbackReturn on_cleanup(const State& s) override {
    chatter_ = {};
    return outcome("on_cleanup", s, [&] { return LifecycleNode::on_cleanup(s); });
  }
  CallbackReturn on_shutdown(const State& s) override {
    return outcome("on_shutdown", s, [&] { return LifecycleNode::on_shutdown(s); });
  }
  CallbackReturn on_activate(const State& s) override {
    return outcome("on_activate", s, [&] { return LifecycleNode::on_activate(s); });
  }
  CallbackReturn on_deactivate(const State& s) override {
    return outcome("on_deactivate", s, [&] { return LifecycleNode::on_deactivate(s); });
  }
  CallbackReturn on_error(const State& s) override {
    return outcome("on_error", s, [&] { return LifecycleNode::on_error(s); });
  }

 private:
  template <class Base>
  CallbackReturn outcome(const std::string& callback, const State& previous, Base base) {
    std_msgs::msg::String m;
    m.data = callback + " " + std::string(previous.label());
    (void)callbacks_.publish(m);
    std::string want = get_parameter<std::string>(callback + "_returns");
    if (want == "SUCCESS") return CallbackReturn::SUCCESS;
    if (want == "FAILURE") return CallbackReturn::FAILURE;
    if (want == "ERROR") return CallbackReturn::ERROR;
    if (want == "throw") throw std::runtime_error(callback + " was told to throw");
    return base();
  }

  int64_t count_ = 0;
  dmxp::rt::Publisher<std_msgs::msg::String> callbacks_;
  dmxp::rt::LifecyclePublisher<std_msgs::msg::Int64> chatter_;
  dmxp::rt::Timer timer_;
};

}  // namespace rt_test

DMXP_REGISTER_COMPONENT(rt_test::ManagedNode)
