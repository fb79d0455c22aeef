#include "cpp_action.hpp"

#include "common.hpp"
#include "cpp_names.hpp"

namespace dmxp::msgc::cpp {

std::string action_header(const model::Message& part) {
  const std::string& a = part.action;
  std::string base = part.package + "/action/" + a;
  std::string s = "// " + action_header_path(part) + " - " + generated_note(part) + "\n#pragma once\n\n";
  for (const char* t : {"_Goal", "_Result", "_Feedback", "_SendGoal", "_GetResult", "_FeedbackMessage"})
    s += "#include <" + base + t + ".hpp>\n";
  // The cancel service and the status topic are the same for every action (msgs/action_msgs).
  s += "#include <action_msgs/msg/GoalStatusArray.hpp>\n#include <action_msgs/srv/CancelGoal.hpp>\n\n";
  s += "namespace " + part.package + "::action {\n\n";
  s += "/// The action " + base + ": a goal, its result and its feedback, and the services and\n"
       "/// messages that carry them (docs/actions.md).\n";
  s += "struct " + a + " {\n";
  s += "  using Goal = " + a + "_Goal;\n";
  s += "  using Result = " + a + "_Result;\n";
  s += "  using Feedback = " + a + "_Feedback;\n";
  s += "  struct Impl {\n";
  s += "    using SendGoalService = " + a + "_SendGoal;\n";
  s += "    using GetResultService = " + a + "_GetResult;\n";
  s += "    using FeedbackMessage = " + a + "_FeedbackMessage;\n";
  s += "    using CancelGoalService = ::action_msgs::srv::CancelGoal;\n";
  s += "    using GoalStatusMessage = ::action_msgs::msg::GoalStatusArray;\n";
  s += "  };\n";
  s += "  static constexpr const char* kTypeName = \"" + base + "\";\n";
  s += "};\n\n}  // namespace " + part.package + "::action\n";
  return s;
}

}  // namespace dmxp::msgc::cpp
