// Lifecycle (managed) nodes driven from another process through their services, as a ROS 2
// lifecycle manager drives them: every transition of ROS 2's state machine and every outcome
// of its callbacks (SUCCESS, FAILURE, ERROR, an exception, on_error's say), checked through
// the services' answers, the node's transition events and the callbacks it ran (each exactly
// once, with the state the transition started from); lifecycle publishers that publish only
// while active and say so once; a managed node stopped by SIGINT shutting down on the way.
// The managed node is tests/rt/lifecycle/managed_node.cpp (rt_test_lifecycle_node).
#include <lifecycle_msgs/msg/TransitionEvent.hpp>
#include <std_msgs/msg/Int64.hpp>
#include <std_msgs/msg/String.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "rt_test_support.hpp"

using namespace rt_test;
using dmxp::rt::LifecycleClient;
using lifecycle_msgs::msg::TransitionEvent;

namespace {

// Everything a topic's ring holds, oldest first, read without a subscription (a test that
// starts reading late still sees every message since the node started).
template <class T>
class TopicLog {
 public:
  TopicLog(std::string domain, std::string channel) : domain_(std::move(domain)), channel_(std::move(channel)) {}
  // Messages that arrived since the last call.
  std::vector<T> take() {
    std::vector<T> out;
    if (!consumer_) {
      dmxp::ChannelOptions o = dmxp::msg::typed_options<T>();
      o.domain(domain_.c_str()).open_mode(DMXP_OPEN_EXISTING);
      auto c = dmxp::Consumer::open(channel_, o, dmxp::ConsumerOptions().start(DMXP_START_OLDEST));
      if (!c) return out;
      consumer_.emplace(std::move(c).value());
    }
    dmxp_message m;
    while (dmxp_consumer_try_receive(consumer_->handle(), &m) == DMXP_OK) {
      out.push_back(*static_cast<const T*>(m.data));
      dmxp_consumer_release(consumer_->handle());
    }
    return out;
  }

 private:
  std::string domain_, channel_;
  std::optional<dmxp::Consumer> consumer_;
};

// "1 configure: unconfigured -> configuring"
std::string describe(const TransitionEvent& e) {
  return std::to_string(e.transition.id) + " " + e.transition.label.str() + ": " + e.start_state.label.str() +
         " -> " + e.goal_state.label.str();
}

std::vector<std::string> describe(const std::vector<TransitionEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(describe(e));
  return out;
}

std::vector<std::string> texts(const std::vector<std_msgs::msg::String>& msgs) {
  std::vector<std::string> out;
  for (const auto& m : msgs) out.push_back(m.data.str());
  return out;
}

}  // namespace

class LifecycleTest : public RtTest {
 protected:
  void SetUp() override {
    RtTest::SetUp();
    node_ = std::make_shared<dmxp::rt::Node>("manager", node_options());
    std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(test.begin(), test.end(), '/', '_');  // parameterized tests: "FollowsRos2/ConfigureFails"
    log_path_ = ::testing::TempDir() + "/lifecycle_node_" + std::to_string(getpid()) + "_" + test + ".log";
    events_.emplace(domain(), "t.managed.transition_event");
    callbacks_.emplace(domain(), "t.managed.callbacks");
  }
  void TearDown() override {
    if (managed_) managed_->kill_and_reap();
    managed_.reset();
    lc_.reset();
    node_.reset();
    std::remove(log_path_.c_str());
    RtTest::TearDown();
  }

  // Starts rt_test_lifecycle_node (its stderr into log_path_) and waits until it answers.
  void start_managed(const std::vector<std::string>& params = {}) {
    std::vector<std::string> argv{"/usr/bin/env", std::string("DMXP_DOMAIN=") + domain(), "/bin/sh", "-c",
                                  "exec \"$0\" \"$@\" 2>\"" + log_path_ + "\"",
                                  std::string(RT_BIN_DIR_PATH) + "/rt_test_lifecycle_node"};
    if (!params.empty()) argv.push_back("--ros-args");
    for (const std::string& p : params) {
      argv.push_back("-p");
      argv.push_back(p);
    }
    managed_.emplace(dmxp_test::ChildProcess::exec(argv));
    lc_.emplace(*node_, "/managed");
    ASSERT_TRUE(wait_until([&] { return lc_->get_state(1s).ok(); })) << "the managed node never answered";
  }
  std::string state() {
    auto s = lc_->get_state(5s);
    return s ? std::string(s.value().label()) : std::string("error: ") + s.error().what();
  }
  bool change(std::string_view label) {
    auto r = lc_->change_state(label, 10s);
    EXPECT_TRUE(r.ok()) << r.error().what();
    return r && r.value();
  }
  void set_returns(const std::string& callback, const std::string& value) {
    dmxp::rt::ParameterClient pc(*node_, "/managed");
    ASSERT_TRUE(pc.set(callback + "_returns", dmxp::rt::ParameterValue(value), 5s).ok());
  }
  std::string log_text() const {
    std::ifstream in(log_path_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::shared_ptr<dmxp::rt::Node> node_;
  std::optional<dmxp_test::ChildProcess> managed_;
  std::optional<LifecycleClient> lc_;
  std::string log_path_;
  std::optional<TopicLog<TransitionEvent>> events_;
  std::optional<TopicLog<std_msgs::msg::String>> callbacks_;
};

TEST_F(LifecycleTest, ThePublicTransitionsAndWhatTheServicesAnswer) {
  start_managed();
  EXPECT_EQ(state(), "unconfigured");
  auto transitions = [&] {
    std::vector<std::string> out;
    auto available = lc_->get_available_transitions(5s);  // kept: value() refers into it
    for (const auto& t : available.value())
      out.push_back(std::string(t.label) + " [" + std::to_string(t.id) + "] -> " + std::string(t.goal.label()));
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(transitions(), (V{"configure [1] -> configuring", "shutdown [5] -> shuttingdown"}));
  ASSERT_TRUE(change("configure"));
  EXPECT_EQ(state(), "inactive");
  EXPECT_EQ(transitions(), (V{"cleanup [2] -> cleaningup", "activate [3] -> activating", "shutdown [6] -> shuttingdown"}));
  ASSERT_TRUE(lc_->change_state(uint8_t(3), 10s).value());  // by id, as lifecycle_msgs numbers it
  EXPECT_EQ(state(), "active");
  EXPECT_EQ(transitions(), (V{"deactivate [4] -> deactivating", "shutdown [7] -> shuttingdown"}));
  ASSERT_TRUE(change("deactivate"));
  ASSERT_TRUE(change("cleanup"));
  EXPECT_EQ(state(), "unconfigured");
  ASSERT_TRUE(change("configure"));
  ASSERT_TRUE(change("activate"));
  ASSERT_TRUE(change("shutdown"));  // the label names transition 7 from active
  EXPECT_EQ(state(), "finalized");
  EXPECT_EQ(transitions(), V{});
  EXPECT_FALSE(change("configure"));  // nothing leaves finalized

  EXPECT_EQ(describe(events_->take()),
            (V{"1 configure: unconfigured -> configuring", "10 transition_success: configuring -> inactive",
               "3 activate: inactive -> activating", "30 transition_success: activating -> active",
               "4 deactivate: active -> deactivating", "40 transition_success: deactivating -> inactive",
               "2 cleanup: inactive -> cleaningup", "20 transition_success: cleaningup -> unconfigured",
               "1 configure: unconfigured -> configuring", "10 transition_success: configuring -> inactive",
               "3 activate: inactive -> activating", "30 transition_success: activating -> active",
               "7 shutdown: active -> shuttingdown", "50 transition_success: shuttingdown -> finalized"}));
  EXPECT_EQ(texts(callbacks_->take()),
            (V{"on_configure unconfigured", "on_activate inactive", "on_deactivate active", "on_cleanup inactive",
               "on_configure unconfigured", "on_activate inactive", "on_shutdown active"}));
  // Every state and the whole graph, as rcl_lifecycle lists them.
  V states;
  auto all_states = lc_->get_available_states(5s);
  for (const auto& s : all_states.value())
    states.push_back(std::string(s.label()) + " [" + std::to_string(s.id()) + "]");
  EXPECT_EQ(states, (V{"unknown [0]", "unconfigured [1]", "inactive [2]", "active [3]", "finalized [4]",
                       "configuring [10]", "cleaningup [11]", "shuttingdown [12]", "activating [13]",
                       "deactivating [14]", "errorprocessing [15]"}));
  EXPECT_EQ(lc_->get_transition_graph(5s).value().size(), 25u);
  // A finalized node still runs until its process ends.
  EXPECT_EQ(terminate(*managed_).code, 0);
  managed_.reset();
  // Its service channels went with it; its transition events stay (topics are data).
  EXPECT_FALSE(channel_exists("q.managed.change_state"));
  EXPECT_FALSE(channel_exists("r.managed.get_transition_graph"));
  EXPECT_TRUE(channel_exists("t.managed.transition_event"));
}

TEST_F(LifecycleTest, ARefusedRequestChangesNothing) {
  start_managed();
  EXPECT_FALSE(lc_->change_state(uint8_t(3), 5s).value());  // activate from unconfigured
  EXPECT_FALSE(lc_->change_state("activate", 5s).value());
  EXPECT_FALSE(lc_->change_state("fly", 5s).value());
  EXPECT_FALSE(lc_->change_state(uint8_t(10), 5s).value());  // a callback's outcome is no request
  auto long_label = lc_->change_state(std::string(40, 'x'), 5s);
  ASSERT_FALSE(long_label.ok());
  EXPECT_STREQ(long_label.error().what(), ("transition label '" + std::string(40, 'x') + "' is longer than 32 bytes").c_str());
  EXPECT_EQ(state(), "unconfigured");
  EXPECT_TRUE(events_->take().empty());
  EXPECT_TRUE(callbacks_->take().empty());
  EXPECT_EQ(terminate(*managed_).code, 0);
  managed_.reset();
  std::string log = log_text();
  EXPECT_NE(log.find("change_state refused: no transition 3 leaves state 'unconfigured' of node '/managed' "
                     "(available: configure [1], shutdown [5])"), std::string::npos) << log;
  EXPECT_NE(log.find("change_state refused: no transition 'fly' leaves state 'unconfigured' of node '/managed' "
                     "(available: configure [1], shutdown [5])"), std::string::npos) << log;
}

// One outcome: the node is brought to `from` (callbacks returning SUCCESS), told what its
// callbacks return, asked for `request`; then its answer, its state, its events and its
// callbacks are checked.
struct OutcomeCase {
  const char* name;
  std::vector<const char*> setup;       // transitions that bring the node to where it starts
  std::vector<std::pair<const char*, const char*>> returns;  // callback -> what it returns
  const char* request;
  bool success;
  const char* final_state;
  std::vector<std::string> events;      // the transition events of the request
  std::vector<std::string> callbacks;   // the callbacks it ran
};

class LifecycleOutcomeTest : public LifecycleTest, public ::testing::WithParamInterface<OutcomeCase> {};

TEST_P(LifecycleOutcomeTest, FollowsRos2) {
  const OutcomeCase& c = GetParam();
  start_managed();
  for (const char* t : c.setup) ASSERT_TRUE(change(t)) << t;
  for (const auto& [cb, r] : c.returns) set_returns(cb, r);
  (void)events_->take();
  (void)callbacks_->take();
  EXPECT_EQ(change(c.request), c.success);
  EXPECT_EQ(state(), c.final_state);
  EXPECT_EQ(describe(events_->take()), c.events);
  EXPECT_EQ(texts(callbacks_->take()), c.callbacks);
}

INSTANTIATE_TEST_SUITE_P(
    EveryTransition, LifecycleOutcomeTest,
    ::testing::Values(
        OutcomeCase{"ConfigureSucceeds", {}, {}, "configure", true, "inactive",
                    {"1 configure: unconfigured -> configuring", "10 transition_success: configuring -> inactive"},
                    {"on_configure unconfigured"}},
        OutcomeCase{"ConfigureFails", {}, {{"on_configure", "FAILURE"}}, "configure", false, "unconfigured",
                    {"1 configure: unconfigured -> configuring", "11 transition_failure: configuring -> unconfigured"},
                    {"on_configure unconfigured"}},
        OutcomeCase{"ConfigureErrorRecovers", {}, {{"on_configure", "ERROR"}, {"on_error", "SUCCESS"}}, "configure",
                    false, "unconfigured",
                    {"1 configure: unconfigured -> configuring", "12 transition_error: configuring -> errorprocessing",
                     "60 transition_success: errorprocessing -> unconfigured"},
                    {"on_configure unconfigured", "on_error unconfigured"}},
        OutcomeCase{"CleanupSucceeds", {"configure"}, {}, "cleanup", true, "unconfigured",
                    {"2 cleanup: inactive -> cleaningup", "20 transition_success: cleaningup -> unconfigured"},
                    {"on_cleanup inactive"}},
        OutcomeCase{"CleanupFails", {"configure"}, {{"on_cleanup", "FAILURE"}}, "cleanup", false, "inactive",
                    {"2 cleanup: inactive -> cleaningup", "21 transition_failure: cleaningup -> inactive"},
                    {"on_cleanup inactive"}},
        OutcomeCase{"CleanupErrorFinalizes", {"configure"}, {{"on_cleanup", "ERROR"}, {"on_error", "FAILURE"}},
                    "cleanup", false, "finalized",
                    {"2 cleanup: inactive -> cleaningup", "22 transition_error: cleaningup -> errorprocessing",
                     "61 transition_failure: errorprocessing -> finalized"},
                    {"on_cleanup inactive", "on_error inactive"}},
        OutcomeCase{"ActivateSucceeds", {"configure"}, {}, "activate", true, "active",
                    {"3 activate: inactive -> activating", "30 transition_success: activating -> active"},
                    {"on_activate inactive"}},
        OutcomeCase{"ActivateFails", {"configure"}, {{"on_activate", "FAILURE"}}, "activate", false, "inactive",
                    {"3 activate: inactive -> activating", "31 transition_failure: activating -> inactive"},
                    {"on_activate inactive"}},
        OutcomeCase{"ActivateThrowsAndRecovers", {"configure"}, {{"on_activate", "throw"}, {"on_error", "SUCCESS"}},
                    "activate", false, "unconfigured",
                    {"3 activate: inactive -> activating", "32 transition_error: activating -> errorprocessing",
                     "60 transition_success: errorprocessing -> unconfigured"},
                    {"on_activate inactive", "on_error inactive"}},
        OutcomeCase{"DeactivateSucceeds", {"configure", "activate"}, {}, "deactivate", true, "inactive",
                    {"4 deactivate: active -> deactivating", "40 transition_success: deactivating -> inactive"},
                    {"on_deactivate active"}},
        OutcomeCase{"DeactivateFails", {"configure", "activate"}, {{"on_deactivate", "FAILURE"}}, "deactivate", false,
                    "active",
                    {"4 deactivate: active -> deactivating", "41 transition_failure: deactivating -> active"},
                    {"on_deactivate active"}},
        OutcomeCase{"DeactivateErrorAndOnErrorError", {"configure", "activate"},
                    {{"on_deactivate", "ERROR"}, {"on_error", "ERROR"}}, "deactivate", false, "finalized",
                    {"4 deactivate: active -> deactivating", "42 transition_error: deactivating -> errorprocessing",
                     "62 transition_error: errorprocessing -> finalized"},
                    {"on_deactivate active", "on_error active"}},
        OutcomeCase{"ShutdownFromUnconfigured", {}, {}, "shutdown", true, "finalized",
                    {"5 shutdown: unconfigured -> shuttingdown", "50 transition_success: shuttingdown -> finalized"},
                    {"on_shutdown unconfigured"}},
        OutcomeCase{"ShutdownFromInactiveFails", {"configure"}, {{"on_shutdown", "FAILURE"}}, "shutdown", false,
                    "finalized",
                    {"6 shutdown: inactive -> shuttingdown", "51 transition_failure: shuttingdown -> finalized"},
                    {"on_shutdown inactive"}},
        OutcomeCase{"ShutdownFromActiveErrorAndOnErrorThrows", {"configure", "activate"},
                    {{"on_shutdown", "ERROR"}, {"on_error", "throw"}}, "shutdown", false, "finalized",
                    {"7 shutdown: active -> shuttingdown", "52 transition_error: shuttingdown -> errorprocessing",
                     "62 transition_error: errorprocessing -> finalized"},
                    {"on_shutdown active", "on_error active"}},
        // rclcpp's on_error returns FAILURE unless overridden: an error finalizes the node.
        OutcomeCase{"DefaultOnErrorFinalizes", {}, {{"on_configure", "throw"}}, "configure", false, "finalized",
                    {"1 configure: unconfigured -> configuring", "12 transition_error: configuring -> errorprocessing",
                     "61 transition_failure: errorprocessing -> finalized"},
                    {"on_configure unconfigured", "on_error unconfigured"}}),
    [](const ::testing::TestParamInfo<OutcomeCase>& i) { return std::string(i.param.name); });

TEST_F(LifecycleTest, LifecyclePublishersPublishOnlyWhileActiveAndSayItOnce) {
  start_managed();
  TopicLog<std_msgs::msg::Int64> chatter(domain(), "t.managed.chatter");
  ASSERT_TRUE(change("configure"));  // creates the publisher; its timer ticks every 10 ms
  std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(chatter.take().empty());
  ASSERT_TRUE(change("activate"));
  std::vector<std_msgs::msg::Int64> heard;
  ASSERT_TRUE(wait_until([&] {
    for (const auto& m : chatter.take()) heard.push_back(m);
    return heard.size() >= 5;
  }));
  ASSERT_TRUE(change("deactivate"));
  // The node's callbacks never overlap: every message of the active period is in the ring
  // once the deactivate answer is here, and none comes after.
  for (const auto& m : chatter.take()) heard.push_back(m);
  std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(chatter.take().empty());
  for (size_t i = 1; i < heard.size(); ++i) ASSERT_EQ(heard[i].data, heard[i - 1].data + 1) << "one was lost";
  ASSERT_TRUE(change("activate"));
  ASSERT_TRUE(wait_until([&] { return !chatter.take().empty(); }));
  EXPECT_EQ(terminate(*managed_).code, 0);
  managed_.reset();
  // One warning for each period off: after configure, after deactivate.
  std::string log = log_text(), line = "Trying to publish message on the topic '/managed/chatter', but the "
                                       "publisher is not activated";
  size_t n = 0;
  for (size_t at = log.find(line); at != std::string::npos; at = log.find(line, at + 1)) ++n;
  EXPECT_EQ(n, 2u) << log;
}

TEST_F(LifecycleTest, SigintShutsAnActiveNodeDownThroughItsCallbacks) {
  start_managed();
  ASSERT_TRUE(change("configure"));
  ASSERT_TRUE(change("activate"));
  (void)events_->take();
  (void)callbacks_->take();
  EXPECT_EQ(terminate(*managed_, SIGINT).code, 0);
  managed_.reset();
  using V = std::vector<std::string>;
  EXPECT_EQ(describe(events_->take()),
            (V{"7 shutdown: active -> shuttingdown", "50 transition_success: shuttingdown -> finalized"}));
  EXPECT_EQ(texts(callbacks_->take()), V{"on_shutdown active"});
}
