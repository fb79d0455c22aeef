// .action files: goal '---' result '---' feedback, compiled into the three messages and the
// five types ROS 2 derives from them (SendGoal request/response, GetResult request/response,
// FeedbackMessage) in the folder "action", with the C++ action and service structs and the
// Python action module; and the errors for a wrong number of '---' lines, an error inside a
// part, and an action's type used as a field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compile_helpers.hpp"

using namespace dmxp::msgc;
using ::testing::HasSubstr;

namespace {

// The standard types the derived ones use, as msgs/ has them.
const std::vector<std::pair<std::string, std::string>> kStandard = {
    {"unique_identifier_msgs/msg/UUID.msg", "uint8[16] uuid\n"},
    {"builtin_interfaces/msg/Time.msg", "int32 sec\nuint32 nanosec\n"}};

std::unique_ptr<msgc_test::Compiled> compile_action(
    std::vector<std::pair<std::string, std::string>> files, const std::vector<std::string>& inputs,
    std::vector<std::string> languages = {}) {
  files.insert(files.begin(), kStandard.begin(), kStandard.end());
  CapacityDefaults defaults;
  defaults.capacity = 8;
  return msgc_test::compile_files(files, inputs, std::move(languages), defaults);
}

constexpr const char* kGoTo =
    "# Drives somewhere.\n"
    "float64 x\n"
    "float64 y\n"
    "---\n"
    "int8 CODE_OK=0\n"
    "bool success\n"
    "---\n"
    "float32 remaining\n";

}  // namespace

TEST(Action, EightTypesWithRos2NamesAndLayouts) {
  auto run = compile_action({{"p/action/GoTo.action", kGoTo}}, {"p/action/GoTo.action"});
  ASSERT_EQ(run->errors(), "");
  ASSERT_EQ(run->result.messages.size(), 8u);
  std::vector<std::string> names;
  for (const model::Message* m : run->result.messages) {
    names.push_back(m->full_name());
    EXPECT_EQ(m->folder, "action");
    EXPECT_EQ(m->action, "GoTo");
  }
  EXPECT_EQ(names, (std::vector<std::string>{
                       "p/action/GoTo_Goal", "p/action/GoTo_Result", "p/action/GoTo_Feedback",
                       "p/action/GoTo_SendGoal_Request", "p/action/GoTo_SendGoal_Response",
                       "p/action/GoTo_GetResult_Request", "p/action/GoTo_GetResult_Response",
                       "p/action/GoTo_FeedbackMessage"}));
  const auto& m = run->result.messages;
  EXPECT_EQ(m[0]->doc, "Drives somewhere.");
  EXPECT_EQ(m[0]->size, 16u);
  ASSERT_EQ(m[1]->constants.size(), 1u);
  EXPECT_EQ(m[1]->constants[0].name, "CODE_OK");
  EXPECT_EQ(m[0]->service, "");
  EXPECT_EQ(m[3]->service, "GoTo_SendGoal");
  EXPECT_EQ(m[4]->service, "GoTo_SendGoal");
  EXPECT_EQ(m[5]->service, "GoTo_GetResult");
  EXPECT_EQ(m[6]->service, "GoTo_GetResult");
  EXPECT_EQ(m[7]->service, "");

  // SendGoal_Request: the 16-byte UUID, then the goal at its own alignment (8).
  ASSERT_EQ(m[3]->fields.size(), 2u);
  EXPECT_EQ(m[3]->fields[0].name, "goal_id");
  EXPECT_EQ(m[3]->fields[0].elem.message->full_name(), "unique_identifier_msgs/UUID");
  EXPECT_EQ(m[3]->fields[1].name, "goal");
  EXPECT_EQ(m[3]->fields[1].elem.message, m[0]);
  EXPECT_EQ(m[3]->fields[1].offset, 16u);
  EXPECT_EQ(m[3]->size, 32u);
  // SendGoal_Response: bool accepted, builtin_interfaces/Time stamp at 4.
  EXPECT_EQ(m[4]->fields[0].name, "accepted");
  EXPECT_EQ(m[4]->fields[1].name, "stamp");
  EXPECT_EQ(m[4]->fields[1].offset, 4u);
  EXPECT_EQ(m[4]->size, 12u);
  // GetResult: the id; then int8 status and the result right after it (1-aligned).
  EXPECT_EQ(m[5]->size, 16u);
  EXPECT_EQ(m[6]->fields[0].name, "status");
  EXPECT_EQ(m[6]->fields[1].elem.message, m[1]);
  EXPECT_EQ(m[6]->fields[1].offset, 1u);
  // FeedbackMessage: the id and the feedback at 16.
  EXPECT_EQ(m[7]->fields[1].name, "feedback");
  EXPECT_EQ(m[7]->fields[1].elem.message, m[2]);
  EXPECT_EQ(m[7]->fields[1].offset, 16u);
  EXPECT_EQ(m[7]->size, 20u);
  EXPECT_THAT(m[3]->schema, HasSubstr("dmxp.msg/1 p/action/GoTo_SendGoal_Request\n"
                                      "unique_identifier_msgs/UUID goal_id\n"
                                      "p/action/GoTo_Goal goal\n"));
}

TEST(Action, CppAndPythonFiles) {
  auto run = compile_action({{"p/action/GoTo.action", kGoTo}}, {"p/action/GoTo.action"},
                            {"cpp", "python"});
  ASSERT_EQ(run->errors(), "");
  std::string action = run->file("cpp/p/action/GoTo.hpp");
  EXPECT_THAT(action, HasSubstr("#include <p/action/GoTo_Goal.hpp>\n"));
  EXPECT_THAT(action, HasSubstr("#include <action_msgs/srv/CancelGoal.hpp>\n"));
  EXPECT_THAT(action, HasSubstr("namespace p::action {"));
  EXPECT_THAT(action, HasSubstr("struct GoTo {\n  using Goal = GoTo_Goal;\n  using Result = GoTo_Result;\n"
                                "  using Feedback = GoTo_Feedback;\n  struct Impl {\n"
                                "    using SendGoalService = GoTo_SendGoal;\n"
                                "    using GetResultService = GoTo_GetResult;\n"
                                "    using FeedbackMessage = GoTo_FeedbackMessage;\n"
                                "    using CancelGoalService = ::action_msgs::srv::CancelGoal;\n"
                                "    using GoalStatusMessage = ::action_msgs::msg::GoalStatusArray;\n  };\n"
                                "  static constexpr const char* kTypeName = \"p/action/GoTo\";\n};"));
  EXPECT_THAT(action, HasSubstr("Generated by dmxp-msgc from p/action/GoTo.action."));
  std::string send_goal = run->file("cpp/p/action/GoTo_SendGoal.hpp");
  EXPECT_THAT(send_goal, HasSubstr("#include <p/action/GoTo_SendGoal_Request.hpp>\n"
                                   "#include <p/action/GoTo_SendGoal_Response.hpp>\n"));
  EXPECT_THAT(send_goal, HasSubstr("struct GoTo_SendGoal {\n  using Request = GoTo_SendGoal_Request;\n"));
  EXPECT_THAT(run->file("cpp/p/action/GoTo_FeedbackMessage.hpp"),
              HasSubstr("struct GoTo_FeedbackMessage {"));
  EXPECT_THAT(run->file("python/p/msg/_GoTo_Goal.py"), HasSubstr("TYPE_NAME = \"p/action/GoTo_Goal\""));
  EXPECT_THAT(run->file("python/p/action/__init__.py"), HasSubstr("def __getattr__(name):"));
  EXPECT_EQ(run->file("python/p/msg/_GoTo.py"), "");  // the action itself is no message
}

TEST(Action, MissingSeparators) {
  auto none = compile_action({{"p/action/A.action", "int32 a\n"}}, {"p/action/A.action"});
  EXPECT_EQ(none->result.failed, 1u);
  EXPECT_EQ(none->errors(),
            "r/p/action/A.action:1:8: error: missing '---', expected an action: the goal's "
            "fields, a line '---', the result's fields, a line '---', then the feedback's fields\n"
            "int32 a\n"
            "       ^\n");
  auto one = compile_action({{"p/action/A.action", "int32 a\n---\nint32 b\n"}}, {"p/action/A.action"});
  EXPECT_EQ(one->errors(),
            "r/p/action/A.action:3:8: error: only one '---', expected an action: the goal's "
            "fields, a line '---', the result's fields, a line '---', then the feedback's fields\n"
            "int32 b\n"
            "       ^\n");
  EXPECT_TRUE(one->result.messages.empty());
}

TEST(Action, ThirdSeparator) {
  auto run = compile_action({{"p/action/A.action", "int32 a\n---\n---\n---\nint32 b\n"}},
                            {"p/action/A.action"});
  EXPECT_EQ(run->errors(),
            "r/p/action/A.action:4:1: error: a third '---', expected exactly two in a .action "
            "file (goal '---' result '---' feedback)\n"
            "---\n"
            "^~~\n");
}

TEST(Action, AnErrorInOnePartFailsTheWholeAction) {
  auto run = compile_action({{"p/action/A.action", "int32 a\n---\nint32 b\n---\nfloat12 c\n"}},
                            {"p/action/A.action"});
  EXPECT_EQ(run->result.failed, 1u);
  EXPECT_THAT(run->errors(), HasSubstr("r/p/action/A.action:5:1: error: unknown type 'float12'"));
  EXPECT_TRUE(run->result.messages.empty());
}

TEST(Action, EmptyPartsAreOneReservedByte) {
  auto run = compile_action({{"p/action/Ping.action", "---\n---\n"}}, {"p/action/Ping.action"});
  ASSERT_EQ(run->errors(), "");
  ASSERT_EQ(run->result.messages.size(), 8u);
  EXPECT_EQ(run->result.messages[0]->size, 1u);
  EXPECT_EQ(run->result.messages[3]->size, 17u);  // UUID + the empty goal's byte
}

TEST(Action, AFieldCannotHoldAnActionOrItsTypes) {
  std::vector<std::pair<std::string, std::string>> files = {
      {"p/action/GoTo.action", kGoTo},
      {"p/msg/Holder.msg", "p/GoTo_Goal goal\n"},
      {"p/msg/Whole.msg", "GoTo all\n"}};
  // Whether or not the action was compiled first: a .msg never sees its types.
  for (std::vector<std::string> inputs : {std::vector<std::string>{"p/msg/Holder.msg"},
                                          {"p/action/GoTo.action", "p/msg/Holder.msg"}}) {
    auto run = compile_action(files, inputs);
    EXPECT_EQ(run->errors(),
              "r/p/msg/Holder.msg:1:1: error: 'p/GoTo_Goal' is an action type "
              "(r/p/action/GoTo.action), expected a message type: a field cannot hold an "
              "action or one of its types\n"
              "p/GoTo_Goal goal\n"
              "^~~~~~~~~~~\n");
  }
  auto whole = compile_action(files, {"p/msg/Whole.msg"});
  EXPECT_THAT(whole->errors(), HasSubstr("'p/GoTo' is an action type (r/p/action/GoTo.action)"));
}

TEST(Action, MissingUuidPackageIsNamed) {
  auto run = msgc_test::compile_files({{"p/action/A.action", "int32 a\n---\n---\n"}}, {"p/action/A.action"});
  EXPECT_THAT(run->errors(), HasSubstr("r/p/action/A.action:1:1: error: unknown type "
                                       "'unique_identifier_msgs/UUID'"));
  EXPECT_EQ(run->result.failed, 1u);
}

TEST(Action, PathsMustBeInAnActionFolder) {
  auto run = compile_action({{"p/srv/A.action", "---\n---\n"}}, {"p/srv/A.action"});
  EXPECT_EQ(run->errors(),
            "r/p/srv/A.action: error: cannot tell the package: the file is not in a folder named "
            "action, expected <root>/<package>/msg/<Type>.msg, <root>/<package>/srv/<Service>.srv "
            "or <root>/<package>/action/<Action>.action\n");
}
