// loader.hpp - finds, reads and parses .msg, .srv and .action files. A package is a folder
// <root>/<package> whose msg/ folder holds one <Type>.msg per message, whose srv/ folder holds
// one <Service>.srv per service (two messages, <Service>_Request and <Service>_Response), whose
// action/ folder holds one <Action>.action per action (eight messages, action_types.hpp), and
// perhaps a dmxp_package.yaml (package_config.hpp). Types are looked up in the roots in the order they were added; each
// file is read, parsed and name-checked once.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ast.hpp"
#include "diagnostics.hpp"
#include "files.hpp"
#include "package_config.hpp"

namespace dmxp::msgc {

struct MsgPath {
  std::string root, package, type;
  std::string folder;  // "msg", "srv" or "action"
};
// Splits <root>/<package>/msg/<Type>.msg, <root>/<package>/srv/<Service>.srv or
// <root>/<package>/action/<Action>.action; nullopt (and *why) when path has another shape.
std::optional<MsgPath> split_msg_path(const std::string& path, std::string* why);
std::string msg_path(const std::string& root, const std::string& package, const std::string& type);
std::string srv_path(const std::string& root, const std::string& package, const std::string& service);
std::string action_path(const std::string& root, const std::string& package, const std::string& action);

// The types an action file <A>.action defines: <A> and each suffix, in this order (the
// goal, result and feedback, then the derived types of action_types.hpp).
inline constexpr const char* kActionTypeSuffixes[] = {
    "_Goal", "_Result", "_Feedback", "_SendGoal_Request", "_SendGoal_Response",
    "_GetResult_Request", "_GetResult_Response", "_FeedbackMessage"};
// The types a file of folder ("msg", "srv", "action") named `name` defines, in order.
std::vector<std::string> interface_type_names(const std::string& folder, const std::string& name);

class Loader {
 public:
  struct Entry {
    ast::MessageDecl decl;
    std::string root;
    bool ok = false;  // read and parsed without error
  };

  Loader(const FileSource& files, Diagnostics& diags) : files_(files), diags_(diags) {}

  // Searched after the roots added before; adding a root twice keeps the first place.
  void add_root(const std::string& root);
  const std::vector<std::string>& roots() const { return roots_; }

  // The types of a file given on the command line (errors about its path are reported): one
  // for a .msg, the request and the response of a .srv, the eight of a .action; none on error.
  std::vector<const Entry*> load_input(const std::string& path);
  // The message package/type from the first root that has it, or loaded already (a part of a
  // service or action loaded before: the resolver lets only that interface's own types use
  // it); nullptr (and nothing reported) when none.
  const Entry* find(const std::string& package, const std::string& type);
  // The .srv or .action file that package/type names (the interface itself or one of its
  // types), from the first root that has one; "" when none. For a clear error about a field.
  std::string find_interface_file(const std::string& package, const std::string& type) const;
  // The defaults of the package e belongs to (from e's root).
  const PackageConfig& config_of(const Entry& e);

 private:
  const Entry* parse(const std::string& path, const std::string& root, const std::string& package,
                     const std::string& type, std::string text);
  // The types of a .srv or .action file, all ok or all failed.
  std::vector<const Entry*> parse_parts(const std::string& path, const MsgPath& mp, std::string text);
  const Entry* keep(std::unique_ptr<Entry> e, size_t errors_before);

  const FileSource& files_;
  Diagnostics& diags_;
  std::vector<std::string> roots_;
  std::map<std::string, std::unique_ptr<Entry>> loaded_;  // by package/type; null: not found
  std::map<std::string, PackageConfig> configs_;          // by <root>/<package>
};

}  // namespace dmxp::msgc
