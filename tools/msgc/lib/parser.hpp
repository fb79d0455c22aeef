// parser.hpp - a .msg file's tokens to its AST (ast.hpp). One declaration per line:
//
//   line     := [decl] [comment] EOL
//   decl     := type name ['=' constant | default]
//   type     := [package '/'] name ['<=' N] ['[' ['<='] [N] ']']     (no spaces inside)
//   constant := literal | the rest of the line, for an unquoted string constant (as ROS 1)
//   default  := literal | '[' [literal {',' literal}] ']'
//   literal  := integer | number | "string" | 'string' | true | false | a bare word (strings)
//
// Syntax errors are reported per line and parsing goes on with the next line, so one run
// reports every bad line. Names and values are checked later (names.hpp, resolver.hpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ast.hpp"
#include "diagnostics.hpp"

namespace dmxp::msgc {

// Parses file as the message package/name. Returns the declarations of every line that
// parsed; errors go to diags.
ast::MessageDecl parse_message(std::shared_ptr<const SourceFile> file, std::string package,
                               std::string name, Diagnostics& diags);

// Parses a .srv file, the request's lines, a line '---', the response's lines (as ROS 2),
// as the two messages package/<service>_Request and package/<service>_Response (folder
// "srv"). A file without '---' or with more than one is reported and yields no parts.
std::vector<ast::MessageDecl> parse_service(std::shared_ptr<const SourceFile> file,
                                            const std::string& package, const std::string& service,
                                            Diagnostics& diags);

// Parses a .action file, the goal's lines, '---', the result's lines, '---', the feedback's
// lines (as ROS 2), as the messages package/<action>_Goal, _Result and _Feedback (folder
// "action"). A file without exactly two '---' lines is reported and yields no parts. The
// types ROS 2 derives from them (SendGoal, GetResult, FeedbackMessage): action_types.hpp.
std::vector<ast::MessageDecl> parse_action(std::shared_ptr<const SourceFile> file,
                                           const std::string& package, const std::string& action,
                                           Diagnostics& diags);

}  // namespace dmxp::msgc
