// The action pieces that need no process: ROS 2's goal state machine (every state x event),
// goal ids (random version 4 UUIDs, their text form and its parsing), the names an action
// travels on, and telling an action's type from its send_goal request type.
#include <gtest/gtest.h>

#include <set>

#include "dmxp/rt/action_common.hpp"

using dmxp::rt::GoalEvent;
using dmxp::rt::GoalStatus;
using dmxp::rt::transition;

TEST(ActionStates, TransitionsAreRos2sStateMachine) {
  using S = GoalStatus;
  using E = GoalEvent;
  const std::vector<S> states{S::Unknown, S::Accepted, S::Executing, S::Canceling,
                              S::Succeeded, S::Canceled, S::Aborted};
  const std::vector<E> events{E::Execute, E::CancelGoal, E::Succeed, E::Abort, E::Canceled};
  // The allowed ones; every other pair is refused.
  const std::map<std::pair<S, E>, S> allowed{
      {{S::Accepted, E::Execute}, S::Executing},     {{S::Accepted, E::CancelGoal}, S::Canceling},
      {{S::Executing, E::CancelGoal}, S::Canceling}, {{S::Executing, E::Succeed}, S::Succeeded},
      {{S::Executing, E::Abort}, S::Aborted},        {{S::Canceling, E::Succeed}, S::Succeeded},
      {{S::Canceling, E::Abort}, S::Aborted},        {{S::Canceling, E::Canceled}, S::Canceled}};
  for (S s : states)
    for (E e : events) {
      SCOPED_TRACE(std::string(to_string(s)) + " + " + to_string(e));
      auto it = allowed.find({s, e});
      auto next = transition(s, e);
      if (it == allowed.end()) EXPECT_FALSE(next.has_value());
      else EXPECT_EQ(next, it->second);
    }
  EXPECT_STREQ(to_string(S::Canceling), "CANCELING");
  EXPECT_TRUE(dmxp::rt::is_terminal(S::Aborted));
  EXPECT_FALSE(dmxp::rt::is_terminal(S::Canceling));
  EXPECT_TRUE(dmxp::rt::is_active(S::Accepted));
  EXPECT_FALSE(dmxp::rt::is_active(S::Unknown));
}

TEST(ActionGoalIds, RandomVersion4UuidsWithTheirTextForm) {
  std::set<dmxp::rt::GoalUUID> seen;
  for (int i = 0; i < 1000; ++i) {
    dmxp::rt::GoalUUID id = dmxp::rt::random_goal_id();
    EXPECT_EQ(id[6] >> 4, 4);          // version 4
    EXPECT_EQ(id[8] & 0xc0, 0x80);     // RFC 4122 variant
    EXPECT_TRUE(seen.insert(id).second);
    std::string text = dmxp::rt::to_string(id);
    ASSERT_EQ(text.size(), 36u);
    EXPECT_EQ(dmxp::rt::parse_goal_id(text), id);
  }
  dmxp::rt::GoalUUID fixed{0x1b, 0x4e, 0x28, 0xba, 0x2f, 0xa1, 0x11, 0xd2,
                           0x88, 0x3f, 0x00, 0x16, 0xd3, 0xcc, 0xa4, 0x27};
  EXPECT_EQ(dmxp::rt::to_string(fixed), "1b4e28ba-2fa1-11d2-883f-0016d3cca427");
  EXPECT_EQ(dmxp::rt::parse_goal_id("1B4E28BA-2FA1-11D2-883F-0016D3CCA427"), fixed);
  for (const char* bad : {"", "1b4e28ba2fa111d2883f0016d3cca427", "1b4e28ba-2fa1-11d2-883f-0016d3cca42",
                          "1b4e28ba-2fa1-11d2-883f_0016d3cca427", "xb4e28ba-2fa1-11d2-883f-0016d3cca427"})
    EXPECT_FALSE(dmxp::rt::parse_goal_id(bad).has_value()) << bad;
}

TEST(ActionNames, Ros2sServiceAndTopicNames) {
  dmxp::rt::ActionNames n = dmxp::rt::action_names("/robot/go_to_goal");
  EXPECT_EQ(n.send_goal, "/robot/go_to_goal/_action/send_goal");
  EXPECT_EQ(n.cancel_goal, "/robot/go_to_goal/_action/cancel_goal");
  EXPECT_EQ(n.get_result, "/robot/go_to_goal/_action/get_result");
  EXPECT_EQ(n.feedback, "/robot/go_to_goal/_action/feedback");
  EXPECT_EQ(n.status, "/robot/go_to_goal/_action/status");
  EXPECT_EQ(dmxp::rt::action_type_of_send_goal("example_interfaces/action/Fibonacci_SendGoal_Request"),
            "example_interfaces/action/Fibonacci");
  EXPECT_EQ(dmxp::rt::action_type_of_send_goal("p/srv/X_SendGoal_Request"), "");
  EXPECT_EQ(dmxp::rt::action_type_of_send_goal("p/action/Fibonacci_Goal"), "");
}

TEST(ActionStamps, NanosecondsRoundTrip) {
  auto s = dmxp::rt::GoalStamp::from_ns(1'700'000'000'123'456'789);
  EXPECT_EQ(s.sec, 1'700'000'000);
  EXPECT_EQ(s.nanosec, 123'456'789u);
  EXPECT_EQ(s.ns(), 1'700'000'000'123'456'789);
}
