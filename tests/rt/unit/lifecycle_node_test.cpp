// LifecycleNode in one process (lifecycle.hpp): callbacks replaced with register_on_*, a
// transition asked for from inside a callback, two threads asking at once, lifecycle
// publishers switched by the state (and by hand), a node destroyed before it was finalized,
// a node without the communication interface. Transitions through the services of another
// process are in tests/rt/process/lifecycle_test.cpp.
#include <lifecycle_msgs/msg/TransitionEvent.hpp>
#include <std_msgs/msg/Int64.hpp>

#include <latch>

#include "rt_test_support.hpp"

using namespace rt_test;
using dmxp::rt::LifecycleNode;
using CallbackReturn = dmxp::rt::lifecycle::CallbackReturn;
using State = dmxp::rt::lifecycle::State;

class LifecycleNodeTest : public RtTest {
 protected:
  // Every transition event the node published, oldest first: "7 shutdown: active -> shuttingdown".
  std::vector<std::string> events(const std::string& node) {
    dmxp::ChannelOptions o = dmxp::msg::typed_options<lifecycle_msgs::msg::TransitionEvent>();
    o.domain(domain()).open_mode(DMXP_OPEN_EXISTING);
    auto c = dmxp::Consumer::open("t." + node + ".transition_event", o,
                                  dmxp::ConsumerOptions().start(DMXP_START_OLDEST));
    std::vector<std::string> out;
    if (!c) return {"no channel: " + std::string(c.error().what())};
    dmxp_message m;
    while (dmxp_consumer_try_receive(c.value().handle(), &m) == DMXP_OK) {
      const auto& e = *static_cast<const lifecycle_msgs::msg::TransitionEvent*>(m.data);
      out.push_back(std::to_string(e.transition.id) + " " + e.transition.label.str() + ": " +
                    e.start_state.label.str() + " -> " + e.goal_state.label.str());
      dmxp_consumer_release(c.value().handle());
    }
    return out;
  }
};

TEST_F(LifecycleNodeTest, RegisteredCallbacksReplaceTheVirtualOnesAndGetThePreviousState) {
  LifecycleNode node("camera", node_options());
  std::vector<std::string> ran;
  node.register_on_configure([&](const State& prev) {
    ran.push_back("configure from " + std::string(prev.label()));
    return CallbackReturn::SUCCESS;
  });
  node.register_on_activate([&](const State& prev) {
    ran.push_back("activate from " + std::string(prev.label()));
    return CallbackReturn::FAILURE;
  });
  EXPECT_EQ(node.configure().label(), "inactive");
  CallbackReturn r;
  EXPECT_EQ(node.trigger_transition(dmxp::rt::lifecycle::transition_id::kActivate, r).label(), "inactive");
  EXPECT_EQ(r, CallbackReturn::FAILURE);
  EXPECT_EQ(ran, (std::vector<std::string>{"configure from unconfigured", "activate from inactive"}));
  // A transition that does not leave the current state changes nothing (and says so).
  EXPECT_EQ(node.trigger_transition(std::string_view("deactivate"), r).label(), "inactive");
  EXPECT_EQ(r, CallbackReturn::FAILURE);
  auto refused = node.change_state(std::string_view("deactivate"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status(), DMXP_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(refused.error().what(), "no transition 'deactivate' leaves state 'inactive' of node '/camera' "
                                       "(available: cleanup [2], activate [3], shutdown [6])");
}

TEST_F(LifecycleNodeTest, ATransitionCannotStartFromInsideACallback) {
  LifecycleNode node("nested", node_options());
  std::optional<dmxp::Result<CallbackReturn>> inner;
  node.register_on_configure([&](const State&) {
    inner = node.change_state(dmxp::rt::lifecycle::transition_id::kActivate);
    return CallbackReturn::SUCCESS;
  });
  EXPECT_EQ(node.change_state(std::string_view("configure")).value(), CallbackReturn::SUCCESS);
  ASSERT_TRUE(inner.has_value());
  ASSERT_FALSE(inner->ok());
  EXPECT_EQ(inner->status(), DMXP_ERR_BUSY);
  EXPECT_STREQ(inner->error().what(), "node '/nested' is in transition state 'configuring': a transition "
                                      "callback cannot start another transition");
  EXPECT_EQ(node.get_current_state().label(), "inactive");
  EXPECT_EQ(events("nested"), (std::vector<std::string>{"1 configure: unconfigured -> configuring",
                                                        "10 transition_success: configuring -> inactive"}));
}

TEST_F(LifecycleNodeTest, TransitionsOfTwoThreadsRunOneAfterTheOther) {
  LifecycleNode node("shared", node_options());
  std::latch entered(1), release(1);
  node.register_on_configure([&](const State&) {
    entered.count_down();
    release.wait();
    return CallbackReturn::SUCCESS;
  });
  std::thread first([&] { node.configure(); });
  entered.wait();
  EXPECT_EQ(node.get_current_state().label(), "configuring");  // readable while a transition runs
  std::atomic<bool> second_done{false};
  std::optional<dmxp::Result<CallbackReturn>> second;
  std::thread other([&] {
    second = node.change_state(std::string_view("configure"));
    second_done = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(second_done.load());  // waits for the first transition
  release.count_down();
  first.join();
  other.join();
  ASSERT_FALSE(second->ok());  // by then the node is inactive: configure does not leave it
  EXPECT_EQ(second->status(), DMXP_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(node.get_current_state().label(), "inactive");
}

TEST_F(LifecycleNodeTest, LifecyclePublishersFollowTheStateAndCanBeSwitchedByHand) {
  LifecycleNode node("pub", node_options());
  auto pub = node.create_publisher<std_msgs::msg::Int64>("numbers", 16).value();
  dmxp::ChannelOptions o = dmxp::msg::typed_options<std_msgs::msg::Int64>();
  o.domain(domain()).open_mode(DMXP_OPEN_EXISTING);
  auto reader = dmxp::Consumer::open("t.numbers", o, dmxp::ConsumerOptions().start(DMXP_START_OLDEST)).value();
  auto published = [&] {
    std::vector<int64_t> out;
    dmxp_message m;
    while (dmxp_consumer_try_receive(reader.handle(), &m) == DMXP_OK) {
      out.push_back(static_cast<const std_msgs::msg::Int64*>(m.data)->data);
      dmxp_consumer_release(reader.handle());
    }
    return out;
  };
  auto send = [&](int64_t v) {
    std_msgs::msg::Int64 m;
    m.data = v;
    return pub.publish(m).value();
  };
  EXPECT_FALSE(pub.is_activated());
  EXPECT_EQ(send(1), 0u);  // dropped: key 0
  auto loan = pub.loan();
  loan->data = 2;
  EXPECT_EQ(pub.publish(std::move(loan)).value(), 0u);  // a loan is aborted, not published
  node.configure();
  EXPECT_EQ(send(3), 0u);
  // By hand inside on_activate (rclcpp's pattern): it publishes during activating; the
  // activation then fails, and the publisher is switched off with the node back in inactive.
  node.register_on_activate([&](const State&) {
    pub.on_activate();
    send(4);
    return CallbackReturn::FAILURE;
  });
  node.activate();
  EXPECT_FALSE(pub.is_activated());
  node.register_on_activate([](const State&) { return CallbackReturn::SUCCESS; });
  node.activate();
  EXPECT_TRUE(pub.is_activated());
  EXPECT_GT(send(5), 0u);
  auto late = node.create_publisher<std_msgs::msg::Int64>("numbers", 16).value();  // made while active: on
  EXPECT_TRUE(late.is_activated());
  node.deactivate();
  EXPECT_FALSE(pub.is_activated());
  EXPECT_FALSE(late.is_activated());
  EXPECT_EQ(send(6), 0u);
  EXPECT_EQ(published(), (std::vector<int64_t>{4, 5}));
}

TEST_F(LifecycleNodeTest, ANodeDestroyedBeforeItWasFinalizedShutsDownWithoutItsCallbacks) {
  bool shutdown_ran = false;
  {
    LifecycleNode node("short_lived", node_options());
    node.register_on_shutdown([&](const State&) {
      shutdown_ran = true;
      return CallbackReturn::SUCCESS;
    });
    node.configure();
  }
  EXPECT_FALSE(shutdown_ran);
  EXPECT_EQ(events("short_lived"),
            (std::vector<std::string>{"1 configure: unconfigured -> configuring",
                                      "10 transition_success: configuring -> inactive",
                                      "6 shutdown: inactive -> shuttingdown",
                                      "50 transition_success: shuttingdown -> finalized"}));
  // shutdown_if_managed (what run_component_main does) runs on_shutdown first.
  LifecycleNode node("stopped", node_options());
  node.register_on_shutdown([&](const State&) {
    shutdown_ran = true;
    return CallbackReturn::SUCCESS;
  });
  dmxp::rt::shutdown_if_managed(node);
  EXPECT_TRUE(shutdown_ran);
  EXPECT_EQ(node.get_current_state().label(), "finalized");
  dmxp::rt::Node plain("plain", node_options());
  dmxp::rt::shutdown_if_managed(plain);  // not managed: nothing to do
}

TEST_F(LifecycleNodeTest, WithoutTheCommunicationInterfaceOnlyItsOwnCodeMovesIt) {
  LifecycleNode node("quiet", node_options(), false);
  EXPECT_EQ(node.configure().label(), "inactive");
  EXPECT_FALSE(channel_exists("q.quiet.change_state"));
  EXPECT_FALSE(channel_exists("t.quiet.transition_event"));
  EXPECT_EQ(node.get_available_states().size(), 11u);
  EXPECT_EQ(node.get_transition_graph().size(), 25u);
  EXPECT_EQ(node.get_available_transitions().size(), 3u);
}
