// loader.hpp - finds, reads and parses .msg and .srv files. A package is a folder
// <root>/<package> whose msg/ folder holds one <Type>.msg per message, whose srv/ folder holds
// one <Service>.srv per service (two messages, <Service>_Request and <Service>_Response), and
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
  std::string folder;  // "msg" or "srv"
};
// Splits <root>/<package>/msg/<Type>.msg or <root>/<package>/srv/<Service>.srv; nullopt (and
// *why) when path has another shape.
std::optional<MsgPath> split_msg_path(const std::string& path, std::string* why);
std::string msg_path(const std::string& root, const std::string& package, const std::string& type);
std::string srv_path(const std::string& root, const std::string& package, const std::string& service);

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
  // for a .msg, the request and the response of a .srv; none on error.
  std::vector<const Entry*> load_input(const std::string& path);
  // The message package/type from the first root that has it; nullptr (and nothing reported)
  // when none. Service parts are never found: a field cannot hold them.
  const Entry* find(const std::string& package, const std::string& type);
  // The .srv file that package/type names (the service itself or its _Request/_Response),
  // from the first root that has one; "" when none. For a clear error about such a field.
  std::string find_service_file(const std::string& package, const std::string& type) const;
  // The defaults of the package e belongs to (from e's root).
  const PackageConfig& config_of(const Entry& e);

 private:
  const Entry* parse(const std::string& path, const std::string& root, const std::string& package,
                     const std::string& type, std::string text);
  std::vector<const Entry*> parse_srv(const std::string& path, const std::string& root,
                                      const std::string& package, const std::string& service,
                                      std::string text);
  const Entry* keep(std::unique_ptr<Entry> e, size_t errors_before);

  const FileSource& files_;
  Diagnostics& diags_;
  std::vector<std::string> roots_;
  std::map<std::string, std::unique_ptr<Entry>> loaded_;  // by package/type; null: not found
  std::map<std::string, PackageConfig> configs_;          // by <root>/<package>
};

}  // namespace dmxp::msgc
