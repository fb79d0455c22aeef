// ROS 2's lifecycle state machine (lifecycle_state_machine.hpp): the states and the 25
// transitions with rcl_lifecycle's ids, labels and order (as librcl_lifecycle 9.2.8 of ROS 2
// Jazzy lists them; lifecycle_rcl_oracle compares with the library itself where it is
// installed), and moving through them.
#include <gtest/gtest.h>

#include "dmxp/rt/lifecycle_state_machine.hpp"

namespace lc = dmxp::rt::lifecycle;
using V = std::vector<std::string>;

namespace {

std::string describe(const lc::Transition& t) {
  return std::to_string(t.id) + " " + std::string(t.label) + " " + std::string(t.start.label()) + " -> " +
         std::string(t.goal.label());
}

V describe(std::span<const lc::Transition> ts) {
  V out;
  for (const auto& t : ts) out.push_back(describe(t));
  return out;
}

}  // namespace

TEST(LifecycleStateMachine, StatesAsRclLifecycleListsThem) {
  V got;
  for (const lc::State& s : lc::states()) got.push_back(std::to_string(s.id()) + " " + std::string(s.label()));
  EXPECT_EQ(got, (V{"0 unknown", "1 unconfigured", "2 inactive", "3 active", "4 finalized", "10 configuring",
                    "11 cleaningup", "12 shuttingdown", "13 activating", "14 deactivating", "15 errorprocessing"}));
  for (const lc::State& s : lc::states()) EXPECT_EQ(s.is_primary(), s.id() >= 1 && s.id() <= 4) << s.label();
  EXPECT_EQ(lc::find_state(13)->label(), "activating");
  EXPECT_EQ(lc::find_state(5), nullptr);
}

TEST(LifecycleStateMachine, TheWholeGraphAsRclLifecycleListsIt) {
  EXPECT_EQ(describe(lc::transition_graph()),
            (V{"1 configure unconfigured -> configuring",
               "10 transition_success configuring -> inactive",
               "11 transition_failure configuring -> unconfigured",
               "12 transition_error configuring -> errorprocessing",
               "2 cleanup inactive -> cleaningup",
               "20 transition_success cleaningup -> unconfigured",
               "21 transition_failure cleaningup -> inactive",
               "22 transition_error cleaningup -> errorprocessing",
               "3 activate inactive -> activating",
               "30 transition_success activating -> active",
               "31 transition_failure activating -> inactive",
               "32 transition_error activating -> errorprocessing",
               "4 deactivate active -> deactivating",
               "40 transition_success deactivating -> inactive",
               "41 transition_failure deactivating -> active",
               "42 transition_error deactivating -> errorprocessing",
               "5 shutdown unconfigured -> shuttingdown",
               "6 shutdown inactive -> shuttingdown",
               "7 shutdown active -> shuttingdown",
               "50 transition_success shuttingdown -> finalized",
               "51 transition_failure shuttingdown -> finalized",
               "52 transition_error shuttingdown -> errorprocessing",
               "60 transition_success errorprocessing -> unconfigured",
               "61 transition_failure errorprocessing -> finalized",
               "62 transition_error errorprocessing -> finalized"}));
}

TEST(LifecycleStateMachine, MovesByIdLabelAndCallbackOutcome) {
  lc::StateMachine m;
  EXPECT_EQ(m.current().label(), "unconfigured");
  EXPECT_EQ(describe(m.available()), (V{"1 configure unconfigured -> configuring", "5 shutdown unconfigured -> shuttingdown"}));
  EXPECT_EQ(m.find(lc::transition_id::kActivate), nullptr);
  EXPECT_EQ(m.find("activate"), nullptr);
  EXPECT_EQ(m.find(6), nullptr);                   // inactive's shutdown does not leave unconfigured
  EXPECT_EQ(m.find("shutdown")->id, 5);            // a label names the transition of this state
  EXPECT_EQ(m.outcome(lc::CallbackReturn::SUCCESS), nullptr);  // only transition states have outcomes
  m.take(*m.find("configure"));
  EXPECT_EQ(m.current().label(), "configuring");
  EXPECT_EQ(describe(m.available()), (V{"10 transition_success configuring -> inactive",
                                        "11 transition_failure configuring -> unconfigured",
                                        "12 transition_error configuring -> errorprocessing"}));
  EXPECT_EQ(m.find("configure"), nullptr);
  m.take(*m.outcome(lc::CallbackReturn::SUCCESS));
  EXPECT_EQ(m.current().label(), "inactive");
  EXPECT_EQ(describe(m.available()), (V{"2 cleanup inactive -> cleaningup", "3 activate inactive -> activating",
                                        "6 shutdown inactive -> shuttingdown"}));
  EXPECT_EQ(m.find("shutdown")->id, 6);
  m.take(*m.find(lc::transition_id::kActivate));
  m.take(*m.outcome(lc::CallbackReturn::ERROR));
  EXPECT_EQ(m.current().label(), "errorprocessing");
  m.take(*m.outcome(lc::CallbackReturn::FAILURE));
  EXPECT_EQ(m.current().label(), "finalized");
  EXPECT_TRUE(m.available().empty());
}

TEST(LifecycleStateMachine, CallbackReturnValuesAreLifecycleMsgs) {
  EXPECT_EQ(uint8_t(lc::CallbackReturn::SUCCESS), 97);
  EXPECT_EQ(uint8_t(lc::CallbackReturn::FAILURE), 98);
  EXPECT_EQ(uint8_t(lc::CallbackReturn::ERROR), 99);
  EXPECT_STREQ(lc::to_string(lc::CallbackReturn::FAILURE), "FAILURE");
}
