#include "loader.hpp"

#include <filesystem>

#include "action_types.hpp"
#include "names.hpp"
#include "parser.hpp"

namespace dmxp::msgc {

namespace fs = std::filesystem;

std::optional<MsgPath> split_msg_path(const std::string& path, std::string* why) {
  fs::path p(path);
  const std::string expected =
      ", expected <root>/<package>/msg/<Type>.msg, <root>/<package>/srv/<Service>.srv or "
      "<root>/<package>/action/<Action>.action";
  if (p.extension() != ".msg" && p.extension() != ".srv" && p.extension() != ".action") {
    *why = "not a .msg, .srv or .action file" + expected;
    return std::nullopt;
  }
  MsgPath out;
  out.folder = p.extension().string().substr(1);
  fs::path msg_dir = p.parent_path();
  fs::path pkg_dir = msg_dir.parent_path();
  if (msg_dir.filename() != out.folder || pkg_dir.filename().empty()) {
    *why = "cannot tell the package: the file is not in a folder named " + out.folder + expected;
    return std::nullopt;
  }
  out.package = pkg_dir.filename().string();
  out.type = p.stem().string();
  out.root = pkg_dir.parent_path().string();
  if (out.root.empty()) out.root.push_back('.');  // (= "." trips a gcc 12 -Wrestrict false positive)
  if (!valid_package_name(out.package)) {
    *why = "package name '" + out.package + "' (the folder above " + out.folder +
           "/) is invalid, expected [a-z][a-z0-9_]*";
    return std::nullopt;
  }
  if (!valid_type_name(out.type)) {
    *why = "type name '" + out.type + "' (the file name) is invalid, expected [A-Za-z][A-Za-z0-9_]*";
    return std::nullopt;
  }
  return out;
}

std::string msg_path(const std::string& root, const std::string& package, const std::string& type) {
  return (fs::path(root) / package / "msg" / (type + ".msg")).string();
}

std::string srv_path(const std::string& root, const std::string& package, const std::string& service) {
  return (fs::path(root) / package / "srv" / (service + ".srv")).string();
}

std::string action_path(const std::string& root, const std::string& package, const std::string& action) {
  return (fs::path(root) / package / "action" / (action + ".action")).string();
}

std::vector<std::string> interface_type_names(const std::string& folder, const std::string& name) {
  if (folder == "srv") return {name + "_Request", name + "_Response"};
  if (folder == "action") {
    std::vector<std::string> out;
    for (const char* suffix : kActionTypeSuffixes) out.push_back(name + suffix);
    return out;
  }
  return {name};
}

void Loader::add_root(const std::string& root) {
  for (const std::string& r : roots_)
    if (r == root) return;
  roots_.push_back(root);
}

std::vector<const Loader::Entry*> Loader::load_input(const std::string& path) {
  std::string why;
  auto mp = split_msg_path(path, &why);
  if (!mp) {
    diags_.error(path, why);
    return {};
  }
  auto text = files_.read(path);
  if (!text) {
    diags_.error(path, "cannot read the file, expected an existing readable ." + mp->folder + " file");
    return {};
  }
  // A .srv defines two types, a .action eight; each may clash with a type loaded before.
  std::vector<std::string> names = interface_type_names(mp->folder, mp->type);
  std::vector<const Entry*> same_file;
  for (const std::string& name : names) {
    std::string key = mp->package + "/" + name;
    auto it = loaded_.find(key);
    if (it == loaded_.end() || !it->second) continue;
    if (fs::path(it->second->decl.source->path()).lexically_normal() != fs::path(path).lexically_normal()) {
      diags_.error(path, "type " + key + " is also defined by " + it->second->decl.source->path() +
                             ", expected one definition per type");
      return {};
    }
    same_file.push_back(it->second.get());
  }
  if (same_file.size() == names.size()) return same_file;
  add_root(mp->root);
  if (mp->folder != "msg") return parse_parts(path, *mp, std::move(*text));
  return {parse(path, mp->root, mp->package, mp->type, std::move(*text))};
}

std::string Loader::find_interface_file(const std::string& package, const std::string& type) const {
  if (!valid_package_name(package) || !valid_type_name(type)) return "";
  // The interface itself, or one of its types: each suffix that type ends with names one.
  std::vector<std::pair<std::string, std::string>> candidates{{"srv", type}, {"action", type}};
  for (std::string_view suffix : {"_Request", "_Response"})
    if (type.size() > suffix.size() && type.ends_with(suffix))
      candidates.emplace_back("srv", type.substr(0, type.size() - suffix.size()));
  for (std::string_view suffix : kActionTypeSuffixes)
    if (type.size() > suffix.size() && type.ends_with(suffix))
      candidates.emplace_back("action", type.substr(0, type.size() - suffix.size()));
  for (std::string_view suffix : {"_SendGoal", "_GetResult"})
    if (type.size() > suffix.size() && type.ends_with(suffix))
      candidates.emplace_back("action", type.substr(0, type.size() - suffix.size()));
  for (const std::string& root : roots_)
    for (const auto& [folder, name] : candidates) {
      std::string path = folder == "srv" ? srv_path(root, package, name) : action_path(root, package, name);
      if (files_.read(path)) return path;
    }
  return "";
}

const Loader::Entry* Loader::find(const std::string& package, const std::string& type) {
  std::string key = package + "/" + type;
  auto it = loaded_.find(key);
  if (it != loaded_.end()) return it->second.get();
  if (!valid_package_name(package) || !valid_type_name(type)) return nullptr;
  for (const std::string& root : roots_) {
    std::string path = msg_path(root, package, type);
    if (auto text = files_.read(path)) return parse(path, root, package, type, std::move(*text));
  }
  loaded_[key] = nullptr;
  return nullptr;
}

const Loader::Entry* Loader::parse(const std::string& path, const std::string& root,
                                   const std::string& package, const std::string& type,
                                   std::string text) {
  size_t errors = diags_.error_count();
  auto file = std::make_shared<const SourceFile>(path, std::move(text));
  auto e = std::make_unique<Entry>();
  e->decl = parse_message(file, package, type, diags_);
  e->root = root;
  check_names(e->decl, diags_);
  return keep(std::move(e), errors);
}

std::vector<const Loader::Entry*> Loader::parse_parts(const std::string& path, const MsgPath& mp,
                                                      std::string text) {
  size_t errors = diags_.error_count();
  auto file = std::make_shared<const SourceFile>(path, std::move(text));
  std::vector<ast::MessageDecl> decls = mp.folder == "srv"
                                            ? parse_service(file, mp.package, mp.type, diags_)
                                            : parse_action(file, mp.package, mp.type, diags_);
  if (mp.folder == "action" && !decls.empty())
    for (ast::MessageDecl& d : derived_action_types(file, mp.package, mp.type))
      decls.push_back(std::move(d));
  std::vector<std::unique_ptr<Entry>> parts;
  for (ast::MessageDecl& part : decls) {
    parts.push_back(std::make_unique<Entry>());
    parts.back()->decl = std::move(part);
    parts.back()->root = mp.root;
    check_names(parts.back()->decl, diags_);
  }
  // The parts fail together: a service or an action is one unit.
  std::vector<const Entry*> out;
  for (auto& e : parts) out.push_back(keep(std::move(e), errors));
  return out;
}

const Loader::Entry* Loader::keep(std::unique_ptr<Entry> e, size_t errors_before) {
  e->ok = diags_.error_count() == errors_before;
  Entry* raw = e.get();
  loaded_[e->decl.package + "/" + e->decl.name] = std::move(e);
  return raw;
}

const PackageConfig& Loader::config_of(const Entry& e) {
  std::string key = (fs::path(e.root) / e.decl.package).string();
  auto it = configs_.find(key);
  if (it != configs_.end()) return it->second;
  std::string path = (fs::path(key) / kPackageConfigName).string();
  PackageConfig cfg;
  if (auto text = files_.read(path))
    cfg = parse_package_config(std::make_shared<const SourceFile>(path, std::move(*text)), diags_);
  return configs_.emplace(key, std::move(cfg)).first->second;
}

}  // namespace dmxp::msgc
