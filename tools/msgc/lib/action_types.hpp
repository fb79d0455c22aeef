// action_types.hpp - the types ROS 2 derives from an action's goal, result and feedback
// (rosidl's action.py), so that an action travels on two services and a topic of ordinary
// messages, laid out like any other:
//
//   <A>_SendGoal_Request    unique_identifier_msgs/UUID goal_id, <A>_Goal goal
//   <A>_SendGoal_Response   bool accepted, builtin_interfaces/Time stamp
//   <A>_GetResult_Request   unique_identifier_msgs/UUID goal_id
//   <A>_GetResult_Response  int8 status, <A>_Result result
//   <A>_FeedbackMessage     unique_identifier_msgs/UUID goal_id, <A>_Feedback feedback
//
// all in the folder "action" of the action's package ("pkg/action/<A>_SendGoal_Request").
// The first two pairs are the services <A>_SendGoal and <A>_GetResult. The cancel service
// and the status topic use the standard action_msgs types (msgs/action_msgs).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ast.hpp"

namespace dmxp::msgc {

// The five derived declarations, in the order above. Their fields point at the first
// character of `file` (an error about them, e.g. unique_identifier_msgs not found, names the
// .action file).
std::vector<ast::MessageDecl> derived_action_types(const std::shared_ptr<const SourceFile>& file,
                                                   const std::string& package,
                                                   const std::string& action);

}  // namespace dmxp::msgc
