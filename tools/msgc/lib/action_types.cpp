#include "action_types.hpp"

namespace dmxp::msgc {
namespace {

struct FieldSpec {
  const char* package;  // "" for a primitive
  std::string type;
  const char* name;
};

ast::MessageDecl derived(const std::shared_ptr<const SourceFile>& file, const std::string& package,
                         const std::string& action, const std::string& suffix,
                         const std::string& service, std::string doc,
                         const std::vector<FieldSpec>& fields) {
  ast::MessageDecl d;
  d.package = package;
  d.name = action + suffix;
  d.folder = "action";
  d.service = service;
  d.action = action;
  d.source = file;
  d.doc = std::move(doc);
  SourceLoc start{file, 1, 1, 1};
  for (const FieldSpec& f : fields) {
    ast::FieldDecl fd;
    fd.type.package = f.package;
    fd.type.name = f.type;
    fd.type.loc = fd.type.base_loc = start;
    fd.name = f.name;
    fd.name_loc = start;
    d.fields.push_back(std::move(fd));
  }
  return d;
}

}  // namespace

std::vector<ast::MessageDecl> derived_action_types(const std::shared_ptr<const SourceFile>& file,
                                                   const std::string& package,
                                                   const std::string& action) {
  const FieldSpec goal_id{"unique_identifier_msgs", "UUID", "goal_id"};
  const std::string send_goal = action + "_SendGoal", get_result = action + "_GetResult";
  return {
      derived(file, package, action, "_SendGoal_Request", send_goal,
              "A goal for the action's server, with the id the client chose for it.",
              {goal_id, {package.c_str(), action + "_Goal", "goal"}}),
      derived(file, package, action, "_SendGoal_Response", send_goal,
              "Whether the server accepted the goal, and when.",
              {{"", "bool", "accepted"}, {"builtin_interfaces", "Time", "stamp"}}),
      derived(file, package, action, "_GetResult_Request", get_result,
              "Asks for the result of a goal; answered once the goal is done.",
              {goal_id}),
      derived(file, package, action, "_GetResult_Response", get_result,
              "The goal's final status (action_msgs/GoalStatus) and its result.",
              {{"", "int8", "status"}, {package.c_str(), action + "_Result", "result"}}),
      derived(file, package, action, "_FeedbackMessage", "",
              "Feedback on one goal, published on the action's feedback topic.",
              {goal_id, {package.c_str(), action + "_Feedback", "feedback"}}),
  };
}

}  // namespace dmxp::msgc
